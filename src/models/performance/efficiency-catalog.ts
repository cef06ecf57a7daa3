/**
 * Loads `models/efficiency/` and resolves the {@link Efficiency} of an accelerator running a
 * software stack. Estimates resolve to their `value`; the full estimate stays available.
 */
import { join } from "node:path";
import { CatalogError, defaultModelsDir, type CatalogProblem } from "../catalog.js";
import { isEstimate, loadYamlFile, type Estimate } from "../data-file.js";
import { suggest } from "../suggest.js";
import type { Efficiency } from "./efficiency.js";
import { AcceleratorEfficiencyFileSchema, StackFileSchema } from "./efficiency-schema.js";

type Figure = number | Estimate;

export interface StackInfo {
  readonly id: string;
  readonly description: string;
  readonly vendors: readonly string[];
}

export interface EfficiencyCatalog {
  /** Stack ids, sorted. */
  stackIds(): string[];
  /** Accelerator ids with hardware factors, sorted. */
  acceleratorIds(): string[];
  stack(id: string): StackInfo;
  /** The default stack for an accelerator vendor; throws if none lists the vendor. */
  defaultStackFor(vendor: string): string;
  /**
   * Factors for `acceleratorId` running `stackId` (default: the vendor's stack).
   * @throws Error naming the known ids (with a did-you-mean) for an unknown id.
   */
  efficiency(acceleratorId: string, stackId: string): Efficiency;
  /** Field (e.g. "nvidia-h100-sxm.hbm", "megatron.attention") -> the estimate behind it. */
  readonly estimates: ReadonlyMap<string, Estimate>;
  /** Field -> citation, as in the files. */
  readonly sources: ReadonlyMap<string, string>;
}

/** `<package root>/models/efficiency/`. */
export function defaultEfficiencyDir(): string {
  return join(defaultModelsDir(), "efficiency");
}

/**
 * Reads `accelerators.yaml` and `stacks.yaml` in `dir`.
 * @throws CatalogError listing every problem; Error if a file cannot be read.
 */
export function loadEfficiencyCatalog(dir: string = defaultEfficiencyDir()): EfficiencyCatalog {
  const problems: CatalogProblem[] = [];
  const read = <T>(name: string, schema: Parameters<typeof loadYamlFile<T>>[1]): T | undefined => {
    const file = join(dir, name);
    let result;
    try {
      result = loadYamlFile(file, schema);
    } catch (err) {
      throw new Error(`efficiency file ${file} cannot be read: ${(err as Error).message}`);
    }
    if ("problems" in result) {
      problems.push(...result.problems);
      return undefined;
    }
    return result.value;
  };
  const acc = read("accelerators.yaml", AcceleratorEfficiencyFileSchema);
  const stk = read("stacks.yaml", StackFileSchema);
  if (problems.length > 0 || acc === undefined || stk === undefined)
    throw new CatalogError(problems);

  const estimates = new Map<string, Estimate>();
  const sources = new Map<string, string>([
    ...Object.entries(acc.sources),
    ...Object.entries(stk.sources),
  ]);
  const num = (path: string, f: Figure): number => {
    if (isEstimate(f)) {
      estimates.set(path, f);
      return f.value;
    }
    return f;
  };
  const hardware = new Map<string, { matmulBf16: number; matmulFp8: number; hbm: number }>();
  for (const [id, a] of Object.entries(acc.accelerators)) {
    hardware.set(id, {
      matmulBf16: num(`${id}.matmulBf16`, a.matmulBf16),
      matmulFp8: num(`${id}.matmulFp8`, a.matmulFp8),
      hbm: num(`${id}.hbm`, a.hbm),
    });
  }
  type StackFactors = Omit<Efficiency, "matmulBf16" | "matmulFp8" | "hbm">;
  const stacks = new Map<string, { info: StackInfo; factors: StackFactors }>();
  for (const [id, s] of Object.entries(stk.stacks)) {
    const { description, vendors, ...figures } = s;
    const factors = Object.fromEntries(
      Object.entries(figures).map(([k, v]) => [k, num(`${id}.${k}`, v as Figure)]),
    ) as unknown as StackFactors;
    stacks.set(id, { info: { id, description, vendors }, factors });
  }
  const stackIds = [...stacks.keys()].sort();
  const accIds = [...hardware.keys()].sort();
  const unknown = (what: string, id: string, known: string[]) => {
    const hint = suggest(id, known);
    return new Error(
      `unknown ${what} "${id}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; known: ${known.join(", ")}`,
    );
  };
  const stackOf = (id: string) => {
    const s = stacks.get(id);
    if (s === undefined) throw unknown("software stack", id, stackIds);
    return s;
  };
  return {
    estimates,
    sources,
    stackIds: () => [...stackIds],
    acceleratorIds: () => [...accIds],
    stack: (id) => stackOf(id).info,
    defaultStackFor(vendor) {
      const s = [...stacks.values()].find((x) => x.info.vendors.includes(vendor));
      if (s === undefined)
        throw new Error(
          `no software stack lists vendor "${vendor}"; stacks: ${stackIds.join(", ")}`,
        );
      return s.info.id;
    },
    efficiency(acceleratorId, stackId) {
      const hw = hardware.get(acceleratorId);
      if (hw === undefined)
        throw unknown(
          "accelerator (in models/efficiency/accelerators.yaml)",
          acceleratorId,
          accIds,
        );
      return { ...hw, ...stackOf(stackId).factors };
    },
  };
}

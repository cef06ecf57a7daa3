/**
 * The accelerator catalog: loads and validates `models/accelerators/*.yaml`.
 * Pure apart from reading the folder it is given.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type * as z from "zod";
import { AcceleratorSchema, type Accelerator, type Cooling } from "./catalog-schema.js";
import { suggest } from "./suggest.js";

export interface Catalog {
  /** Accelerators by id, in id order. */
  readonly accelerators: ReadonlyMap<string, Accelerator>;
  /** The accelerator with this id; throws naming the known ids and the closest match. */
  get(id: string): Accelerator;
  /** Known ids, sorted. */
  ids(): string[];
}

/** One problem in one catalog file, positioned for `FILE:LINE:COL path: message` output. */
export interface CatalogProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted field path, e.g. "thermal.slowdownC"; "" for the whole file. */
  path: string;
  message: string;
}

/** Thrown by {@link loadAcceleratorCatalog}; `message` has one line per problem. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly CatalogProblem[]) {
    super(
      problems
        .map(
          (p) => `${p.file}:${p.line}:${p.col} ${p.path === "" ? "(file)" : p.path}: ${p.message}`,
        )
        .join("\n"),
    );
    this.name = "CatalogError";
  }
}

/**
 * `<package root>/models/`. This module sits two levels below the package root both as
 * `src/models/catalog.ts` (tsx, vitest) and as `dist/models/catalog.js` (compiled).
 */
export function defaultModelsDir(): string {
  return fileURLToPath(new URL("../../models/", import.meta.url));
}

/** `<package root>/models/accelerators/`. */
export function defaultAcceleratorsDir(): string {
  return join(defaultModelsDir(), "accelerators");
}

/** Reads and validates every `*.yaml` in `dir`; throws a {@link CatalogError} listing every problem. */
export function loadAcceleratorCatalog(dir: string = defaultAcceleratorsDir()): Catalog {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".yaml"))
      .sort();
  } catch (err) {
    throw new Error(`accelerator catalog folder ${dir} cannot be read: ${(err as Error).message}`);
  }
  if (names.length === 0) throw new Error(`accelerator catalog folder ${dir} has no *.yaml files`);

  const problems: CatalogProblem[] = [];
  const byId = new Map<string, Accelerator>();
  for (const name of names) {
    const file = join(dir, name);
    const result = loadAcceleratorFile(file);
    if ("problems" in result) {
      problems.push(...result.problems);
      continue;
    }
    const acc = result.accelerator;
    const expectedId = name.slice(0, -".yaml".length);
    if (acc.id !== expectedId) {
      problems.push({
        ...result.locate(["id"]),
        message: `id must match the file name: "${expectedId}"`,
      });
      continue;
    }
    byId.set(acc.id, acc);
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return makeCatalog(byId);
}

/** Builds a catalog from accelerators already validated (e.g. tests, or merged folders). */
export function makeCatalog(accelerators: Iterable<Accelerator>): Catalog;
export function makeCatalog(accelerators: ReadonlyMap<string, Accelerator>): Catalog;
export function makeCatalog(
  input: Iterable<Accelerator> | ReadonlyMap<string, Accelerator>,
): Catalog {
  const list = input instanceof Map ? [...input.values()] : [...(input as Iterable<Accelerator>)];
  list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const accelerators = new Map<string, Accelerator>();
  for (const acc of list) {
    if (accelerators.has(acc.id)) throw new Error(`duplicate accelerator id "${acc.id}"`);
    accelerators.set(acc.id, acc);
  }
  const ids = [...accelerators.keys()];
  return {
    accelerators,
    ids: () => [...ids],
    get(id: string): Accelerator {
      const acc = accelerators.get(id);
      if (acc !== undefined) return acc;
      const hint = suggest(id, ids);
      throw new Error(
        `unknown accelerator "${id}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; ` +
          `known: ${ids.join(", ")}`,
      );
    },
  };
}

type FileResult =
  | {
      accelerator: Accelerator;
      locate: (path: readonly PropertyKey[]) => Omit<CatalogProblem, "message">;
    }
  | { problems: CatalogProblem[] };

function loadAcceleratorFile(file: string): FileResult {
  const text = readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        path: "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  const locate = (path: readonly PropertyKey[]) => ({
    file,
    ...at(offsetOf(doc, path)),
    path: path.map(String).join("."),
  });
  const data: unknown = doc.toJS();
  const parsed = AcceleratorSchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: flattenIssues(parsed.error.issues, data)
        .map((i) => ({ ...locate(i.path), message: i.message }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    };
  }
  return { accelerator: parsed.data, locate };
}

/** Start offset of the deepest YAML node found along `path` (the key, for map entries). */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
      node = node.items[seg];
      offset = (node as { range?: [number, number, number] }).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

interface FlatIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Zod issues as one message per field: unknown keys get their own path, and a failed
 * "number or estimate" union reports the branch the value was aiming at.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[], data: unknown): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], message: "unknown field" });
    } else if (issue.code === "invalid_union") {
      const value = valueAt(data, path);
      const aimed = issue.errors.filter(
        (branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0),
      );
      if (aimed.length === 1) {
        const nested = flattenIssues(
          aimed[0]!.map((i) => ({ ...i, path: [...path, ...i.path] })) as z.core.$ZodIssue[],
          data,
        );
        out.push(...nested);
      } else {
        const expected = "a number or an estimate { value, low, high, basis }";
        out.push({
          path,
          message:
            value === undefined
              ? `missing field (expected ${expected})`
              : `expected ${expected}, received ${describe(value)}`,
        });
      }
    } else if (issue.code === "invalid_type" && valueAt(data, path) === undefined) {
      out.push({ path, message: `missing field (expected ${issue.expected})` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return typeof v;
}

/** One row of `aidcsim catalog`: key figures; `estimated` lists the fields that are estimates. */
export interface CatalogRow {
  id: string;
  name: string;
  vendor: string;
  bf16DenseTFlops: number;
  fp8DenseTFlops: number | null;
  hbmGB: number;
  hbmTBps: number;
  maxPowerW: number;
  scaleUpDomain: number;
  cooling: Cooling;
  releaseDate: string;
  /** Field paths (any field, not only the columns above) whose figure is an estimate, sorted. */
  estimated: string[];
}

export function catalogRows(catalog: Catalog): CatalogRow[] {
  return catalog.ids().map((id) => {
    const a = catalog.get(id);
    return {
      id: a.id,
      name: a.name,
      vendor: a.vendor,
      bf16DenseTFlops: a.bf16DenseTFlops,
      fp8DenseTFlops: a.fp8DenseTFlops,
      hbmGB: a.hbmGB,
      hbmTBps: a.hbmTBps,
      maxPowerW: a.maxPowerW,
      scaleUpDomain: a.scaleUpDomain,
      cooling: a.cooling,
      releaseDate: a.releaseDate,
      estimated: Object.keys(a.estimates).sort(),
    };
  });
}

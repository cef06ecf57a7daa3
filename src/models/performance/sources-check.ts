/**
 * The sourcing rule shared by the LLM and efficiency data files (the accelerator catalog applies
 * the same rule): every figure has a `sources` entry; an estimate's source starts with
 * "Estimate" and a plain value's does not; every `[KEY]` cited is listed in `references` and
 * every reference is cited.
 */
import type * as z from "zod";
import { isEstimate } from "../catalog-schema.js";

/**
 * Field paths needing a source under `root` ("layers", "moe.experts", or with a prefix
 * "nvidia-h100-sxm.matmulBf16"), mapped to whether the value is an estimate. Keys listed in
 * `skip` (at any depth) carry no figure.
 */
export function sourcedPaths(
  root: Record<string, unknown>,
  skip: ReadonlySet<string>,
  prefix = "",
): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const walk = (obj: Record<string, unknown>, pre: string): void => {
    for (const [key, val] of Object.entries(obj)) {
      if (skip.has(key)) continue;
      const path = pre + key;
      if (isEstimate(val)) out.set(path, true);
      else if (typeof val === "object" && val !== null && !Array.isArray(val)) {
        walk(val as Record<string, unknown>, path + ".");
      } else out.set(path, false);
    }
  };
  walk(root, prefix);
  return out;
}

/** Adds a zod issue for every breach of the sourcing rule (see the file comment). */
export function checkSources(
  paths: ReadonlyMap<string, boolean>,
  sources: Readonly<Record<string, string>>,
  references: Readonly<Record<string, string>>,
  ctx: z.core.$RefinementCtx,
): void {
  for (const [path, estimate] of paths) {
    const source = sources[path];
    if (source === undefined) {
      ctx.addIssue({ code: "custom", path: ["sources", path], message: "missing source" });
    } else if (estimate && !/^Estimate\b/.test(source)) {
      ctx.addIssue({
        code: "custom",
        path: ["sources", path],
        message: 'the field is an estimate, so its source must start with "Estimate"',
      });
    } else if (!estimate && /^Estimate\b/.test(source)) {
      ctx.addIssue({
        code: "custom",
        path: ["sources", path],
        message:
          'source says "Estimate" but the field is a plain value, not { value, low, high, basis }',
      });
    }
  }
  const used = new Set<string>();
  for (const [path, source] of Object.entries(sources)) {
    if (!paths.has(path)) {
      ctx.addIssue({ code: "custom", path: ["sources", path], message: "not a field of the file" });
    }
    for (const m of source.matchAll(/\[([A-Z]+\d+)\]/g)) {
      used.add(m[1]!);
      if (!(m[1]! in references)) {
        ctx.addIssue({
          code: "custom",
          path: ["sources", path],
          message: `cites [${m[1]}], which is not listed in references`,
        });
      }
    }
  }
  for (const key of Object.keys(references)) {
    if (!used.has(key)) {
      ctx.addIssue({
        code: "custom",
        path: ["references", key],
        message: "reference is not cited by any source",
      });
    }
  }
}

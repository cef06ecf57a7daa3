/**
 * Sourced parameter files (`models/facility/*.yaml`): the same conventions as the accelerator
 * catalog (see models/accelerators/README.md). Every figure is a number or an {@link Estimate}
 * `{ value, low, high, basis }`; every figure has a `sources` entry (an estimate's starts with
 * "Estimate"); every `[KEY]` cited is listed under `references` and every reference is cited.
 *
 * {@link loadFigureFile} validates a file against a zod shape, replaces each estimate by its
 * value and keeps the estimates by field path.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import * as z from "zod";
import { figurePaths, isEstimate, type Estimate, type Resolved } from "../catalog-schema.js";

/** A number schema, or an estimate whose value, low and high each satisfy it. */
export function figure(num: z.ZodNumber) {
  const estimate = z
    .strictObject({ value: num, low: num, high: num, basis: z.string().trim().min(1) })
    .refine((e) => e.low <= e.value && e.value <= e.high, {
      message: "an estimate needs low <= value <= high",
    });
  return z.union([num, estimate]);
}

/**
 * A strict object schema for a figure file: `shape` plus `sources` (field path -> citation) and
 * `references` (citation key -> title and date), with the cross-checks described above.
 */
export function figureFileSchema<S extends z.ZodRawShape>(shape: S) {
  return z
    .strictObject({
      ...shape,
      sources: z.record(z.string(), z.string().trim().min(1)),
      references: z.record(z.string().regex(/^[A-Z]+\d+$/), z.string().trim().min(1)),
    })
    .superRefine((file, ctx) => {
      const data = file as Record<string, unknown>;
      const sources = data.sources as Record<string, string>;
      const references = data.references as Record<string, string>;
      const paths = figurePaths(data);
      for (const [path, estimated] of paths) {
        const source = sources[path];
        if (source === undefined) {
          ctx.addIssue({ code: "custom", path: ["sources", path], message: "missing source" });
        } else if (estimated !== /^Estimate\b/.test(source)) {
          ctx.addIssue({
            code: "custom",
            path: ["sources", path],
            message: estimated
              ? 'the field is an estimate, so its source must start with "Estimate"'
              : 'source says "Estimate" but the field is a plain value, not { value, low, high, basis }',
          });
        }
      }
      const cited = new Set<string>();
      for (const [path, source] of Object.entries(sources)) {
        if (!paths.has(path)) {
          ctx.addIssue({
            code: "custom",
            path: ["sources", path],
            message: "not a field of the file",
          });
        }
        for (const m of source.matchAll(/\[([A-Z]+\d+)\]/g)) {
          cited.add(m[1]!);
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
        if (!cited.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["references", key],
            message: "reference is not cited by any source",
          });
        }
      }
    });
}

/** A loaded figure file: every estimate replaced by its value, the estimates kept by path. */
export type FigureFile<T> = Resolved<Omit<T, "sources" | "references">> & {
  readonly sources: Readonly<Record<string, string>>;
  readonly references: Readonly<Record<string, string>>;
  /** Field path (e.g. "air.rCPerW") -> the estimate behind that field's number. */
  readonly estimates: Readonly<Record<string, Estimate>>;
};

/** One problem in a figure file, positioned for `FILE:LINE:COL path: message` output. */
export interface FigureFileProblem {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

/** Thrown by {@link loadFigureFile}; `message` has one `FILE:LINE:COL path: message` line per problem. */
export class FigureFileError extends Error {
  constructor(readonly problems: readonly FigureFileProblem[]) {
    super(
      problems
        .map(
          (p) => `${p.file}:${p.line}:${p.col} ${p.path === "" ? "(file)" : p.path}: ${p.message}`,
        )
        .join("\n"),
    );
    this.name = "FigureFileError";
  }
}

/** `<package root>/models/facility/` (this module sits three levels below the package root). */
export function defaultFacilityDir(): string {
  return fileURLToPath(new URL("../../../models/facility/", import.meta.url));
}

/**
 * Reads, validates and resolves one figure file.
 * @throws FigureFileError listing every problem (YAML syntax, schema, sources, references).
 * @throws Error if the file cannot be read.
 */
export function loadFigureFile<T extends Record<string, unknown>>(
  file: string,
  schema: z.ZodType<T>,
): FigureFile<T> {
  const text = readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new FigureFileError(
      doc.errors.map((e) => ({
        file,
        ...at(e.pos[0]),
        path: "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new FigureFileError(
      parsed.error.issues
        .map((i) => ({
          file,
          ...at(offsetOf(doc, i.path)),
          path: i.path.map(String).join("."),
          message: i.message,
        }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    );
  }
  return resolveFigures(parsed.data) as FigureFile<T>;
}

/** Replaces estimates by their value, keeping each under `estimates[path]`. */
export function resolveFigures(file: Record<string, unknown>): Record<string, unknown> {
  const estimates: Record<string, Estimate> = {};
  const resolve = (obj: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, val] of Object.entries(obj)) {
      const path = prefix + key;
      if (prefix === "" && (key === "sources" || key === "references")) out[key] = val;
      else if (isEstimate(val)) {
        estimates[path] = { value: val.value, low: val.low, high: val.high, basis: val.basis };
        out[key] = val.value;
      } else if (typeof val === "object" && val !== null && !Array.isArray(val)) {
        out[key] = resolve(val as Record<string, unknown>, path + ".");
      } else out[key] = val;
    }
    return out;
  };
  return { ...resolve(file, ""), estimates };
}

/** Start offset of the deepest map key found along `path`. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
    if (pair === undefined) break;
    offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
    node = pair.value;
  }
  return offset;
}

/**
 * What every sourced YAML data file under `models/` shares (accelerators, LLMs, efficiency
 * factors, calibrations, facility parameters):
 *
 * - figures are plain numbers or {@link Estimate}s `{ value, low, high, basis }` ({@link figure});
 * - loading reports every problem positioned for `FILE:LINE:COL path: message` output
 *   ({@link loadYamlFile}, {@link DataFileProblem}, {@link DataFileError});
 * - estimates resolve to their value while the estimates are kept by field path
 *   ({@link resolveEstimates});
 * - the sourcing rule ({@link checkSources}): every figure has a `sources` entry; an estimate's
 *   source starts with "Estimate" and a plain value's does not; every `[KEY]` cited is listed in
 *   `references` and every reference is cited.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import * as z from "zod";
import { suggest } from "./suggest.js";

// ---------------------------------------------------------------------------------------------
// Estimates and figures

/** A figure that no source publishes: the value used, a plausible range and why. */
export const EstimateSchema = z
  .strictObject({
    value: z.number(),
    low: z.number(),
    high: z.number(),
    basis: z.string().trim().min(1),
  })
  .refine((e) => e.low <= e.value && e.value <= e.high, {
    message: "an estimate needs low <= value <= high",
  });
export type Estimate = z.infer<typeof EstimateSchema>;

/** A number schema, or an estimate whose value, low and high each satisfy it. */
export function figure(num: z.ZodNumber) {
  const estimate = z
    .strictObject({ value: num, low: num, high: num, basis: z.string().trim().min(1) })
    .refine((e) => e.low <= e.value && e.value <= e.high, {
      message: "an estimate needs low <= value <= high",
    });
  return z.union([num, estimate]);
}

/** `sources:` field path (e.g. "thermal.slowdownC") -> short citation, e.g. "facts §1 [S1]". */
export const SourcesSchema = z.record(z.string(), z.string().trim().min(1));
/** `references:` citation key (e.g. "S1") -> title / URL and date. */
export const ReferencesSchema = z.record(z.string().regex(/^[A-Z]+\d+$/), z.string().trim().min(1));

export function isEstimate(x: unknown): x is Estimate {
  return (
    typeof x === "object" &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as Record<string, unknown>).value === "number" &&
    "low" in x &&
    "high" in x &&
    "basis" in x
  );
}

/** `T` with every estimate replaced by its number. */
export type Resolved<T> = T extends Estimate
  ? number
  : T extends object
    ? { readonly [K in keyof T]: Resolved<T[K]> }
    : T;

/**
 * `file` with every estimate replaced by its `value`, each kept under `estimates[fieldPath]`.
 * Top-level `sources` and `references` are copied as they are.
 */
export function resolveEstimates(
  file: Record<string, unknown>,
): Record<string, unknown> & { estimates: Record<string, Estimate> } {
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

// ---------------------------------------------------------------------------------------------
// The sourcing rule

/**
 * Field paths needing a source under `root` ("layers", "moe.experts", or with a prefix
 * "nvidia-h100-sxm.matmulBf16"), mapped to whether the value is an estimate. Nested objects
 * other than estimates are walked. Keys listed in `skip` carry no figure: at any depth, or with
 * `skipAt: "top"` only at the top level of `root`.
 */
export function sourcedPaths(
  root: Record<string, unknown>,
  skip: ReadonlySet<string>,
  prefix = "",
  skipAt: "any" | "top" = "any",
): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const walk = (obj: Record<string, unknown>, pre: string, top: boolean): void => {
    for (const [key, val] of Object.entries(obj)) {
      if ((top || skipAt === "any") && skip.has(key)) continue;
      const path = pre + key;
      if (isEstimate(val)) out.set(path, true);
      else if (typeof val === "object" && val !== null && !Array.isArray(val)) {
        walk(val as Record<string, unknown>, path + ".", false);
      } else out.set(path, false);
    }
  };
  walk(root, prefix, true);
  return out;
}

export interface CheckSourcesOptions {
  /**
   * A `sources` entry naming no field says which field was meant (a case-insensitive match) or
   * lists the fields needing sources, instead of only "not a field of the file".
   */
  listFields?: boolean;
}

/** Adds a zod issue for every breach of the sourcing rule (see the file comment). */
export function checkSources(
  paths: ReadonlyMap<string, boolean>,
  sources: Readonly<Record<string, string>>,
  references: Readonly<Record<string, string>>,
  ctx: z.core.$RefinementCtx,
  options: CheckSourcesOptions = {},
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
      ctx.addIssue({
        code: "custom",
        path: ["sources", path],
        message:
          options.listFields === true
            ? unknownSourceMessage(path, paths)
            : "not a field of the file",
      });
    }
    for (const m of source.matchAll(/\[([A-Z]+\d+)\]/g)) {
      const key = m[1]!;
      used.add(key);
      if (!(key in references)) {
        ctx.addIssue({
          code: "custom",
          path: ["sources", path],
          message: `cites [${key}], which is not listed in references`,
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

function unknownSourceMessage(path: string, paths: ReadonlyMap<string, boolean>): string {
  const near = [...paths.keys()].find((p) => p.toLowerCase() === path.toLowerCase());
  return near !== undefined
    ? `not a field of the file (did you mean "${near}"?)`
    : `not a field of the file; fields needing sources: ${[...paths.keys()].join(", ")}`;
}

// ---------------------------------------------------------------------------------------------
// Problems

/** One problem in one data file, positioned for `FILE:LINE:COL path: message` output. */
export interface DataFileProblem {
  file: string;
  line: number;
  col: number;
  /** Dotted field path, e.g. "thermal.slowdownC"; "" for the whole file. */
  path: string;
  message: string;
}

/** `FILE:LINE:COL path: message`, with "(file)" for a problem of the whole file. */
export function formatProblem(p: DataFileProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path === "" ? "(file)" : p.path}: ${p.message}`;
}

/** A data-file error whose `message` has one {@link formatProblem} line per problem. */
export class DataFileError extends Error {
  constructor(readonly problems: readonly DataFileProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "DataFileError";
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

export type Locate = (path: readonly PropertyKey[]) => Omit<DataFileProblem, "message">;

export type YamlFileResult<T> = { value: T; locate: Locate } | { problems: DataFileProblem[] };

/**
 * How zod issues become problems:
 * - "fields": one problem per field (unknown keys named, missing fields said so); a failed
 *   number-or-estimate union is reported through the branch the value aimed at;
 * - "fields-generic-union" (the default): as "fields", but a failed union gets one message;
 * - "zod": zod's own messages at zod's paths.
 */
export type IssueStyle = "fields" | "fields-generic-union" | "zod";

export interface YamlFileOptions {
  issues?: IssueStyle;
}

/**
 * Parses `file` (YAML) and validates it with `schema`.
 * @throws Error only if the file cannot be read; every content problem is returned.
 */
export function loadYamlFile<T>(
  file: string,
  schema: z.ZodType<T>,
  options: YamlFileOptions = {},
): YamlFileResult<T> {
  const text = readFileSync(file, "utf8");
  return parseYamlText(file, text, schema, options);
}

/** As {@link loadYamlFile}, from text already read (`file` only names it in problems). */
export function parseYamlText<T>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
  options: YamlFileOptions = {},
): YamlFileResult<T> {
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
  const locate: Locate = (path) => ({
    file,
    ...at(offsetOf(doc, path)),
    path: path.map(String).join("."),
  });
  const data: unknown = doc.toJS();
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const style = options.issues ?? "fields-generic-union";
    const issues: FlatIssue[] =
      style === "zod"
        ? parsed.error.issues.map((i) => ({ path: [...i.path], message: i.message }))
        : flattenIssues(parsed.error.issues, data, style === "fields");
    return {
      problems: issues
        .map((i) => ({ ...locate(i.path), message: i.message }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    };
  }
  return { value: parsed.data, locate };
}

/**
 * Reads and validates every `*.yaml` in `dir` (in name order); each file's `id` must match its
 * name. `label` names the folder in errors, e.g. "LLM catalog".
 * @throws Error if the folder cannot be read or holds no `*.yaml` files; every content problem
 *   is returned.
 */
export function loadYamlFolder<T extends { id: string }>(
  dir: string,
  label: string,
  schema: z.ZodType<T>,
  options: YamlFileOptions = {},
): { values: T[]; problems: DataFileProblem[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".yaml"))
      .sort();
  } catch (err) {
    throw new Error(`${label} folder ${dir} cannot be read: ${(err as Error).message}`);
  }
  if (names.length === 0) throw new Error(`${label} folder ${dir} has no *.yaml files`);
  const problems: DataFileProblem[] = [];
  const values: T[] = [];
  for (const name of names) {
    const result = loadYamlFile(join(dir, name), schema, options);
    if ("problems" in result) {
      problems.push(...result.problems);
      continue;
    }
    const expected = name.slice(0, -".yaml".length);
    if (result.value.id !== expected) {
      problems.push({
        ...result.locate(["id"]),
        message: `id must match the file name: "${expected}"`,
      });
      continue;
    }
    values.push(result.value);
  }
  return { values, problems };
}

/** Records by id (in id order), with a lookup that names the known ids and the closest match. */
export interface IdIndex<T> {
  readonly byId: ReadonlyMap<string, T>;
  /** Known ids, sorted. */
  ids(): string[];
  /** The record with this id; throws naming the known ids and the closest match. */
  get(id: string): T;
}

/**
 * Indexes `items` by id; `kind` names them in errors ("accelerator", "LLM").
 * @throws Error on a duplicate id.
 */
export function indexById<T extends { id: string }>(items: Iterable<T>, kind: string): IdIndex<T> {
  const list = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map<string, T>();
  for (const item of list) {
    if (byId.has(item.id)) throw new Error(`duplicate ${kind} id "${item.id}"`);
    byId.set(item.id, item);
  }
  const ids = [...byId.keys()];
  return {
    byId,
    ids: () => [...ids],
    get(id: string): T {
      const item = byId.get(id);
      if (item !== undefined) return item;
      const hint = suggest(id, ids);
      throw new Error(
        `unknown ${kind} "${id}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; ` +
          `known: ${ids.join(", ")}`,
      );
    },
  };
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

const NUMBER_OR_ESTIMATE = "a number or an estimate { value, low, high, basis }";

/**
 * Zod issues as one message per field: unknown keys get their own path, missing fields say so.
 * With `aimUnions`, a failed "number or estimate" union reports the branch the value was aiming
 * at; otherwise it gets one message.
 */
function flattenIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  aimUnions: boolean,
): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], message: "unknown field" });
    } else if (issue.code === "invalid_union") {
      const value = valueAt(data, path);
      const aimed = aimUnions
        ? issue.errors.filter(
            (branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0),
          )
        : [];
      if (aimed.length === 1) {
        const nested = flattenIssues(
          aimed[0]!.map((i) => ({ ...i, path: [...path, ...i.path] })) as z.core.$ZodIssue[],
          data,
          aimUnions,
        );
        out.push(...nested);
      } else {
        out.push({
          path,
          message:
            value === undefined
              ? `missing field (expected ${NUMBER_OR_ESTIMATE})`
              : `expected ${NUMBER_OR_ESTIMATE}, received ${aimUnions ? describe(value) : typeof value}`,
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

/**
 * Reading one sourced YAML data file (LLMs, efficiency factors, calibrations) against a zod
 * schema, with every problem positioned for `FILE:LINE:COL path: message` output. Shares
 * {@link CatalogProblem} and {@link CatalogError} with the accelerator catalog.
 */
import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type * as z from "zod";
import type { CatalogProblem } from "../catalog.js";

export type Locate = (path: readonly PropertyKey[]) => Omit<CatalogProblem, "message">;

export type YamlFileResult<T> = { value: T; locate: Locate } | { problems: CatalogProblem[] };

/**
 * Parses `file` (YAML) and validates it with `schema`.
 * @throws Error only if the file cannot be read; every content problem is returned.
 */
export function loadYamlFile<T>(file: string, schema: z.ZodType<T>): YamlFileResult<T> {
  const text = readFileSync(file, "utf8");
  return parseYamlText(file, text, schema);
}

/** As {@link loadYamlFile}, from text already read (`file` only names it in problems). */
export function parseYamlText<T>(
  file: string,
  text: string,
  schema: z.ZodType<T>,
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
    return {
      problems: flattenIssues(parsed.error.issues, data)
        .map((i) => ({ ...locate(i.path), message: i.message }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    };
  }
  return { value: parsed.data, locate };
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

/** One message per field: unknown keys get their own path; missing fields say so. */
function flattenIssues(issues: readonly z.core.$ZodIssue[], data: unknown): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: [...path, key], message: "unknown field" });
    } else if (issue.code === "invalid_union") {
      const value = valueAt(data, path);
      out.push({
        path,
        message:
          value === undefined
            ? "missing field (expected a number or an estimate { value, low, high, basis })"
            : `expected a number or an estimate { value, low, high, basis }, received ${typeof value}`,
      });
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

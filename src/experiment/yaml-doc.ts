/**
 * YAML (and JSON, read as YAML 1.2) documents with positions, so every problem can name its
 * line and column. Files are data: the core schema only, no tags that build objects.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  parse as parseYaml,
} from "yaml";
import type { Document, Node } from "yaml";
import type { Problem } from "./problems.js";

export interface SourceDoc {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

/** Largest experiment file accepted: experiments are small; traces are separate files. */
export const MAX_EXPERIMENT_BYTES = 5 * 1024 * 1024;

/** Parses text; syntax errors and warnings come back as problems with positions. */
export function parseSource(
  file: string,
  text: string,
): { source: SourceDoc; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    schema: "core",
    strict: true,
  });
  const problems: Problem[] = [];
  if (/\.json$/i.test(file)) {
    // YAML reads JSON, but JSON's own parser gives the clearer message for JSON mistakes.
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const m = /position (\d+)/.exec(msg);
      const pos = lines.linePos(m ? Number(m[1]) : 0);
      const message = msg.replace(/ in JSON at position \d+.*$/, "");
      problems.push({
        file,
        line: pos.line,
        col: pos.col,
        path: "",
        message: `JSON syntax error: ${message}`,
      });
      return { source: { file, doc, lines }, problems };
    }
  }
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    const first = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    problems.push({
      file,
      line: pos.line,
      col: pos.col,
      path: "",
      message: `YAML ${e.name === "YAMLWarning" ? "warning" : "syntax error"}: ${first}`,
    });
  }
  return { source: { file, doc, lines }, problems };
}

/** Converts to plain data; aliases are limited so a small file cannot expand into gigabytes. */
export function toData(source: SourceDoc): unknown {
  return source.doc.toJS({ maxAliasCount: 100 });
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? r[0] : undefined;
}

/**
 * Position of the value at `path` (or of the key `key` inside the mapping at `path`); falls back
 * to the nearest enclosing node that exists in the file.
 */
export function locate(
  source: SourceDoc,
  path: readonly PropertyKey[],
  key?: string,
): { line: number; col: number } {
  let node: unknown = source.doc.contents;
  let best = rangeStart(node) ?? 0;
  const segs = key === undefined ? path : path.slice(0, -1);
  for (const seg of segs) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) break;
      best = rangeStart(pair.key) ?? best;
      node = pair.value;
      const v = rangeStart(node);
      if (v !== undefined) best = v;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg];
      const v = rangeStart(node);
      if (v === undefined) break;
      best = v;
    } else {
      break;
    }
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key,
    );
    const k = pair ? rangeStart(pair.key) : undefined;
    if (k !== undefined) best = k;
  }
  return source.lines.linePos(best);
}

/** Splits `pools.0.count` into ["pools", 0, "count"]. */
export function splitPath(path: string): (string | number)[] {
  return path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Reads a `--set` value as YAML scalar or flow collection (`8`, `fifo`, `[1, 2]`). */
export function parseSetValue(text: string): unknown {
  return parseYaml(text, { schema: "core" });
}

/** Sets a value in the document (creating missing mappings); keeps other positions. */
export function setIn(source: SourceDoc, path: (string | number)[], value: unknown): void {
  const node: Node = source.doc.createNode(value);
  source.doc.setIn(path, node);
}

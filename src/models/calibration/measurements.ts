/**
 * Measurement CSV for `aidcsim calibrate`: one row per measured configuration.
 *
 * Columns (header required, any order): model, accelerator, tensorParallel, batchSize,
 * promptTokens, prefillMs, decodeMsPerToken; optional weightPrecision (bf16 | fp8, default
 * bf16). A row may leave prefillMs or decodeMsPerToken empty, not both. decodeMsPerToken is
 * the decode step time with `batchSize` sequences whose context is `promptTokens`.
 */
import type { CatalogProblem } from "../catalog.js";
import { PRECISIONS, type Precision } from "../performance/efficiency.js";
import { suggest } from "../suggest.js";

export interface Measurement {
  /** 1-based line in the CSV file. */
  readonly line: number;
  readonly model: string;
  readonly accelerator: string;
  readonly tensorParallel: number;
  readonly batchSize: number;
  readonly promptTokens: number;
  readonly weightPrecision: Precision;
  readonly prefillMs: number | null;
  readonly decodeMsPerToken: number | null;
}

export const MEASUREMENT_COLUMNS = [
  "model",
  "accelerator",
  "tensorParallel",
  "batchSize",
  "promptTokens",
  "prefillMs",
  "decodeMsPerToken",
] as const;

export interface ParseMeasurementsOptions {
  /** Known model ids (for did-you-mean); unchecked when omitted. */
  readonly models?: readonly string[];
  /** Known accelerator ids; unchecked when omitted. */
  readonly accelerators?: readonly string[];
}

/**
 * Parses the CSV text; `file` names it in problems.
 * @returns the rows, or every problem found (`FILE:LINE:COL column: message`).
 */
export function parseMeasurements(
  file: string,
  text: string,
  opts: ParseMeasurementsOptions = {},
): { rows: Measurement[] } | { problems: CatalogProblem[] } {
  const problems: CatalogProblem[] = [];
  const lines = text.split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (headerIdx < 0)
    return { problems: [{ file, line: 1, col: 1, path: "", message: "no header row" }] };
  const header = lines[headerIdx]!.split(",").map((h) => h.trim());
  const known = [...MEASUREMENT_COLUMNS, "weightPrecision"] as readonly string[];
  header.forEach((h, i) => {
    if (!known.includes(h)) {
      const hint = suggest(h, known);
      problems.push({
        file,
        line: headerIdx + 1,
        col: colOf(lines[headerIdx]!, i),
        path: h,
        message: `unknown column${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; columns: ${known.join(", ")}`,
      });
    }
  });
  for (const c of MEASUREMENT_COLUMNS) {
    if (!header.includes(c))
      problems.push({ file, line: headerIdx + 1, col: 1, path: c, message: "missing column" });
  }
  if (problems.length > 0) return { problems };
  const at = (name: string) => header.indexOf(name);
  const rows: Measurement[] = [];
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "" || raw.trim().startsWith("#")) continue;
    const cells = raw.split(",").map((c) => c.trim());
    const line = i + 1;
    const bad = (col: string, message: string) =>
      problems.push({ file, line, col: colOf(raw, Math.max(0, at(col))), path: col, message });
    if (cells.length !== header.length) {
      problems.push({
        file,
        line,
        col: 1,
        path: "",
        message: `expected ${header.length} fields, found ${cells.length}`,
      });
      continue;
    }
    const get = (c: string) => cells[at(c)] ?? "";
    const int = (c: string): number => {
      const v = Number(get(c));
      if (!/^\d+$/.test(get(c)) || v < 1) bad(c, `expected a whole number >= 1, got '${get(c)}'`);
      return v;
    };
    const ms = (c: string): number | null => {
      if (get(c) === "") return null;
      const v = Number(get(c));
      if (!Number.isFinite(v) || v <= 0)
        bad(c, `expected a positive number of milliseconds or empty, got '${get(c)}'`);
      return v;
    };
    const model = get("model");
    const accelerator = get("accelerator");
    for (const [col, id, ids] of [
      ["model", model, opts.models],
      ["accelerator", accelerator, opts.accelerators],
    ] as const) {
      if (id === "") bad(col, "missing value");
      else if (ids !== undefined && !ids.includes(id)) {
        const hint = suggest(id, ids);
        bad(col, `unknown ${col} "${id}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}`);
      }
    }
    const precisionText =
      at("weightPrecision") >= 0 && get("weightPrecision") !== "" ? get("weightPrecision") : "bf16";
    if (!(PRECISIONS as readonly string[]).includes(precisionText)) {
      bad("weightPrecision", `expected one of ${PRECISIONS.join(", ")}, got '${precisionText}'`);
    }
    const row: Measurement = {
      line,
      model,
      accelerator,
      tensorParallel: int("tensorParallel"),
      batchSize: int("batchSize"),
      promptTokens: int("promptTokens"),
      weightPrecision: precisionText as Precision,
      prefillMs: ms("prefillMs"),
      decodeMsPerToken: ms("decodeMsPerToken"),
    };
    if (row.prefillMs === null && row.decodeMsPerToken === null) {
      bad("prefillMs", "a row needs prefillMs, decodeMsPerToken or both");
    }
    rows.push(row);
  }
  if (problems.length > 0) return { problems };
  if (rows.length === 0)
    return {
      problems: [{ file, line: headerIdx + 1, col: 1, path: "", message: "no measurement rows" }],
    };
  return { rows };
}

/** 1-based column of field `index` in a CSV line. */
function colOf(line: string, index: number): number {
  let col = 1;
  for (let i = 0; i < index; i++) {
    const next = line.indexOf(",", col - 1);
    if (next < 0) break;
    col = next + 2;
  }
  return col;
}

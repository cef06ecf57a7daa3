/**
 * LLM request traces: the Azure LLM inference trace 2023 (CSV: TIMESTAMP, ContextTokens,
 * GeneratedTokens) and the Mooncake FAST'25 traces (JSONL: timestamp in ms, input_length,
 * output_length, hash_ids of 512-token prefix blocks). Pure: the caller reads the file.
 */
import { TraceFormatError } from "./trace-csv.js";

export interface LlmRequestRow {
  /** Seconds from the trace's first request. */
  readonly atS: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  /** Prefix-block ids (Mooncake), else empty. */
  readonly blocks: readonly number[];
}

/** Tokens per Mooncake prefix block. */
export const MOONCAKE_BLOCK_TOKENS = 512;

/** Azure 2023 CSV: `2023-11-16 18:15:46.6805900` timestamps (UTC, 100 ns digits). */
export function parseAzureTrace(text: string): LlmRequestRow[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new TraceFormatError(1, `no column '${name}'; columns: ${header.join(", ")}`);
    return i;
  };
  const [ti, ci, gi] = [col("TIMESTAMP"), col("ContextTokens"), col("GeneratedTokens")];
  const out: LlmRequestRow[] = [];
  let t0: number | undefined;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const c = lines[i].split(",");
    const m = /^(\d{4}-\d\d-\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(c[ti]?.trim() ?? "");
    if (m === null)
      throw new TraceFormatError(i + 1, `TIMESTAMP: not a time: ${JSON.stringify(c[ti] ?? "")}`);
    // Whole seconds from the date, the fraction from its digits (exact to the trace's 100 ns).
    const whole = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) / 1000;
    const frac = m[5] === undefined ? 0 : Number(`0.${m[5]}`);
    const prompt = Number(c[ci]);
    const output = Number(c[gi]);
    if (!Number.isFinite(prompt) || !Number.isFinite(output) || prompt < 0 || output < 0) {
      throw new TraceFormatError(
        i + 1,
        `token counts must be non-negative numbers, got ${c[ci]}, ${c[gi]}`,
      );
    }
    t0 ??= whole;
    out.push({ atS: whole - t0 + frac, promptTokens: prompt, outputTokens: output, blocks: [] });
  }
  // The first row's fraction is the origin.
  const f0 = out[0]?.atS ?? 0;
  return out.map((r) => ({ ...r, atS: r.atS - f0 }));
}

/** Mooncake JSONL. */
export function parseMooncakeTrace(text: string): LlmRequestRow[] {
  const out: LlmRequestRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(lines[i]) as Record<string, unknown>;
    } catch {
      throw new TraceFormatError(i + 1, "not a JSON object");
    }
    const ts = o.timestamp;
    const input = o.input_length;
    const output = o.output_length;
    const ids = o.hash_ids;
    if (
      typeof ts !== "number" ||
      typeof input !== "number" ||
      typeof output !== "number" ||
      !Array.isArray(ids) ||
      !ids.every((x) => typeof x === "number")
    ) {
      throw new TraceFormatError(
        i + 1,
        "needs timestamp, input_length, output_length (numbers) and hash_ids (numbers)",
      );
    }
    out.push({
      atS: ts / 1000,
      promptTokens: input,
      outputTokens: output,
      blocks: ids as number[],
    });
  }
  return out;
}

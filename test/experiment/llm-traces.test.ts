// LLM request traces through the whole simulator: Azure 2023 replay and Mooncake prefix reuse.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LlmService } from "../../src/datacenter/index.js";
import { buildSummary } from "../../src/experiment/summary.js";
import { parseAzureTrace } from "../../src/workloads/index.js";
import { simulateFile } from "../helpers/simulate.js";

const ROOT = join(__dirname, "..", "..");
const AZURE = join(ROOT, "data", "azure-llm-inference-2023", "AzureLLMInferenceTrace_conv.csv");
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-llm-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function summaryOf(world: ReturnType<typeof simulateFile>) {
  return buildSummary({
    experiment: "x",
    scenario: "base",
    seed: 1,
    startIso: "",
    horizonS: world.config.horizonS,
    warmupS: world.config.warmupS,
    dc: world.dc,
  }) as { inference: Record<string, Record<string, number | null>> };
}

/** Seconds between two Azure timestamps, exactly, in 100 ns units. */
function ticks(ts: string): bigint {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d):(\d\d):(\d\d)\.(\d{7})$/.exec(ts)!;
  const whole = BigInt(Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) / 1000);
  return whole * 10_000_000n + BigInt(m[5]);
}

describe("Azure LLM inference trace 2023", () => {
  it("replays all 19,366 conversation requests with TTFT and TPOT quantiles", () => {
    const s = summaryOf(simulateFile(join(ROOT, "experiments", "azure-trace.yaml")));
    const c = s.inference.conversation;
    expect(c.requests).toBe(19_366);
    expect(c.completed).toBe(19_366);
    for (const f of ["ttftP50S", "ttftP90S", "ttftP99S", "tpotP50S", "tpotP99S"]) {
      expect(c[f], f).toBeGreaterThan(0);
    }
    expect(c.ttftP99S!).toBeGreaterThanOrEqual(c.ttftP50S!);
  });

  it("replays each arrival of a 100-row slice at its exact time", () => {
    const lines = readFileSync(AZURE, "utf8").split("\n");
    const slice = join(tmp, "slice.csv");
    writeFileSync(slice, lines.slice(0, 101).join("\n") + "\n");
    const exp = join(tmp, "slice.yaml");
    writeFileSync(
      exp,
      readFileSync(join(ROOT, "experiments", "azure-trace.yaml"), "utf8")
        .replace(/file: [^,]+,/, `file: ${slice},`)
        .replace("$schema: ./schema.json", ""),
    );
    const world = simulateFile(exp);
    const svc = world.dc.services[0] as LlmService;
    expect(svc.arrivalLog).toHaveLength(100);
    const rows = parseAzureTrace(lines.slice(0, 101).join("\n"));
    const t0 = ticks(lines[1].split(",")[0]);
    svc.arrivalLog.forEach((t, i) => {
      expect(t).toBe(rows[i].atS); // the engine fires each request at the parsed time
      const exact = Number(ticks(lines[i + 1].split(",")[0]) - t0) / 1e7;
      expect(Math.abs(t - exact)).toBeLessThan(1e-9); // and that is the trace's time
    });
  });
});

describe("Mooncake prefix caching", () => {
  const file = join(ROOT, "experiments", "mooncake-prefix.yaml");
  it("reuses about 37% of prompt tokens with an unbounded cache (the trace's ideal reuse)", () => {
    const k = summaryOf(simulateFile(file)).inference["kimi-chat"];
    expect(k.completed).toBe(12_031);
    expect(k.prefixReuse!).toBeGreaterThan(0.35);
    expect(k.prefixReuse!).toBeLessThan(0.39);
  });

  it("reuses less with a small cache, and nothing without one, and waits longer", () => {
    const big = summaryOf(simulateFile(file)).inference["kimi-chat"];
    const small = summaryOf(simulateFile(file, ["workloads.inference.0.prefixCache.blocks=2000"]))
      .inference["kimi-chat"];
    const none = summaryOf(simulateFile(file, ["workloads.inference.0.prefixCache.blocks=0"]))
      .inference["kimi-chat"];
    expect(small.prefixReuse!).toBeLessThan(big.prefixReuse! / 2);
    expect(none.prefixReuse).toBe(0);
    expect(small.ttftP50S!).toBeGreaterThan(big.ttftP50S!);
  });
});

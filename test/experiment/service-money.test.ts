// Cost, revenue and margin of inference services: the pay-per-work-done view (issue 7).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simulateSummary } from "../../src/experiment/run.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-money-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const base = readFileSync(join(__dirname, "..", "fixtures", "fidelity.yaml"), "utf8");

type Svc = Record<string, number | null>;
function run(text: string): { inference: Record<string, Svc>; horizonS: number; warmupS: number } {
  const file = join(tmp, `m${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return simulateSummary(file) as never;
}

describe("inference service money", () => {
  // 4 replicas of Llama 3 8B on 4 H100 (tensor-parallel 1) in the cloud, on demand from 2026:
  // $6.88 per H100-hour after the June 2025 cut (models/prices/prices.yaml).
  const priced = base.replace(
    "      queueLimit: 1000000",
    "      queueLimit: 1000000\n      price: { usdPerMInputTokens: 0.2, usdPerMOutputTokens: 0.6, usdPerRequest: 0.001 }",
  );
  const s = run(`start: 2026-01-01T00:00Z\n${priced}`);
  const svc = s.inference.s;
  const spanH = (s.horizonS - s.warmupS) / 3600;

  it("costs the accelerator-hours its replicas held at the pool's rate", () => {
    expect(svc.acceleratorHours).toBeCloseTo(4 * spanH, 9);
    expect(svc.costUsd).toBeCloseTo(4 * spanH * 6.88, 6);
    const outTokens = svc.tokensPerS! * (s.horizonS - s.warmupS);
    expect(svc.usdPerMTokens).toBeCloseTo((svc.costUsd! / outTokens) * 1e6, 6);
  });

  it("earns its price for the work done, and the margin is revenue minus cost", () => {
    const outTokens = svc.tokensPerS! * (s.horizonS - s.warmupS);
    // Output tokens and requests alone give a lower bound; prompt tokens add the rest.
    const withoutPrompts = (outTokens / 1e6) * 0.6 + svc.completed! * 0.001;
    expect(svc.revenueUsd).toBeGreaterThan(withoutPrompts);
    // Prompts of ~1,000 tokens (median) vs outputs of ~200: input revenue is about 5 x 0.2 / 0.6
    // of output revenue.
    const promptUsd = svc.revenueUsd! - withoutPrompts;
    expect(promptUsd / ((outTokens / 1e6) * 0.6)).toBeGreaterThan(1.2);
    expect(promptUsd / ((outTokens / 1e6) * 0.6)).toBeLessThan(2.5);
    expect(svc.marginUsd).toBeCloseTo(svc.revenueUsd! - svc.costUsd!, 9);
    expect(svc.marginFraction).toBeCloseTo(svc.marginUsd! / svc.revenueUsd!, 12);
  });

  it("a higher price raises revenue and margin by exactly the added price x work", () => {
    const dearer = run(
      `start: 2026-01-01T00:00Z\n${priced.replace("usdPerRequest: 0.001", "usdPerRequest: 0.002")}`,
    ).inference.s;
    expect(dearer.revenueUsd! - svc.revenueUsd!).toBeCloseTo(svc.completed! * 0.001, 9);
    expect(dearer.costUsd).toBe(svc.costUsd);
  });

  it("without a price there is no revenue or margin, but still a cost", () => {
    const free = run(`start: 2026-01-01T00:00Z\n${base}`).inference.s;
    expect(free.revenueUsd).toBeNull();
    expect(free.marginUsd).toBeNull();
    expect(free.costUsd).toBeCloseTo(svc.costUsd!, 9);
  });
});

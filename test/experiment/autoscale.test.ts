// Autoscaling follows a diurnal load; preempting training for inference is off unless enabled.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSummary } from "../../src/experiment/summary.js";
import { simulateFile } from "../helpers/simulate.js";

const FILE = join(__dirname, "..", "fixtures", "autoscale.yaml");

function run(sets: string[] = []) {
  const w = simulateFile(FILE, sets);
  const s = buildSummary({
    experiment: "a",
    scenario: "base",
    seed: 2,
    startIso: "",
    horizonS: w.config.horizonS,
    warmupS: w.config.warmupS,
    dc: w.dc,
  }) as Record<string, Record<string, Record<string, number> | number>>;
  const series = (metric: string) =>
    w.series.rows
      .filter((r) => r.entity === "service/chat" && r.metric === metric)
      .map((r) => r.value);
  return { s, series };
}

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((x, y) => x + y, 0) / a.length;
  const mb = b.reduce((x, y) => x + y, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe("autoscaling", () => {
  const base = run();
  const allowed = run(["workloads.inference.0.autoscale.preemptTraining=true"]);

  it("follows a diurnal load: replicas over time (timeseries.csv) track the arrival rate", () => {
    const replicas = allowed.series("replicas");
    const arrivals = allowed.series("arrivalsPerS");
    expect(replicas.length).toBe(48);
    expect(correlation(replicas, arrivals)).toBeGreaterThan(0.9);
    expect(Math.max(...replicas)).toBeGreaterThan(3);
    expect(Math.min(...replicas)).toBe(1);
  });

  it("does not preempt training unless enabled, and then it does (and scales further)", () => {
    const chatBase = base.s.inference.chat as Record<string, number>;
    const chatAllowed = allowed.s.inference.chat as Record<string, number>;
    expect(chatBase.trainingPreemptions).toBe(0);
    expect((base.s.training as Record<string, number>).preemptions).toBe(0);
    // Without preemption the two 7-accelerator jobs leave room for two 1-accelerator replicas.
    expect(Math.max(...base.series("replicas"))).toBeLessThanOrEqual(2);
    expect(chatAllowed.trainingPreemptions).toBeGreaterThan(0);
    expect((allowed.s.training as Record<string, number>).preemptions).toBeGreaterThanOrEqual(
      chatAllowed.trainingPreemptions,
    );
    expect(Math.max(...allowed.series("replicas"))).toBeGreaterThan(3);
  });
});

// `request` and `fluid` fidelity agree on steady Poisson load (an hour at 50%, 85% and 120% of
// the replicas' capacity), and fluid is far cheaper over long horizons.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FluidService, LlmService } from "../../src/datacenter/index.js";
import { buildSummary } from "../../src/experiment/summary.js";
import { simulateFile } from "../helpers/simulate.js";

const FILE = join(__dirname, "..", "fixtures", "fidelity.yaml");
type World = ReturnType<typeof simulateFile>;
const summary = (w: World) =>
  (
    buildSummary({
      experiment: "f",
      scenario: "base",
      seed: 3,
      startIso: "",
      horizonS: w.config.horizonS,
      warmupS: w.config.warmupS,
      dc: w.dc,
    }) as { inference: Record<string, Record<string, number>> }
  ).inference.s;

const fluidCapacity = () =>
  (simulateFile(FILE, ["workloads.inference.0.fidelity=fluid"]).dc.services[0] as FluidService)
    .maxRatePerReplica * 4;

describe("request vs fluid fidelity", () => {
  const capacity = fluidCapacity();
  const run = (rho: number, fidelity: "request" | "fluid", extra: string[] = []) =>
    simulateFile(FILE, [
      `workloads.inference.0.arrivals.poisson.perS=${rho * capacity}`,
      `workloads.inference.0.fidelity=${fidelity}`,
      ...extra,
    ]);
  const rel = (a: number, b: number) => Math.abs(a / b - 1);

  for (const rho of [0.5, 0.85]) {
    it(`agree at utilization ${rho}: throughput 5%, TTFT p50/p90 15%, TPOT p50 10%`, () => {
      const r = summary(run(rho, "request"));
      const f = summary(run(rho, "fluid"));
      expect(rel(f.requestsPerS, r.requestsPerS)).toBeLessThan(0.05);
      expect(rel(f.ttftP50S, r.ttftP50S)).toBeLessThan(0.15);
      expect(rel(f.ttftP90S, r.ttftP90S)).toBeLessThan(0.15);
      expect(rel(f.tpotP50S, r.tpotP50S)).toBeLessThan(0.1);
    });
  }

  it("agree in overload (120%): throughput at capacity, and the backlog grows alike", () => {
    const rw = run(1.2, "request");
    const fw = run(1.2, "fluid");
    const r = summary(rw);
    const f = summary(fw);
    expect(rel(f.requestsPerS, r.requestsPerS)).toBeLessThan(0.05);
    const rq = (rw.dc.services[0] as LlmService).queuedNow;
    const fq = (fw.dc.services[0] as FluidService).backlog;
    expect(rq).toBeGreaterThan(10_000); // it is overloaded: the queue grows by the hour
    expect(rel(fq, rq)).toBeLessThan(0.1);
  });

  it("fluid runs 30 days on far fewer events than request takes for one day", () => {
    // Request-level events grow with simulated time at steady load: a day is 24 of these hours.
    const fluid = run(0.85, "fluid", ["horizon=30d"]);
    const requestHour = run(0.85, "request");
    expect(fluid.sim.eventsFired * 100).toBeLessThan(24 * requestHour.sim.eventsFired);
    expect(summary(fluid).completed).toBeGreaterThan(summary(requestHour).completed * 24 * 25);
  });
});

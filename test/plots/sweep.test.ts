import { describe, expect, it } from "vitest";
import {
  compileSpec,
  defaultSweepPlots,
  hasSweepPlot,
  metricLabel,
  renderSvg,
  sweepSpec,
} from "../../src/plots/index.js";
import { shuffled, valuesOf } from "./synthetic.js";
import { COUNT, POLICY, sweepRows } from "./sweep-rows.js";

interface Point {
  group: string;
  x: number | string;
  value: number;
  seed: number;
  scenario: string;
}

describe("metricLabel", () => {
  it("names the quantity and its unit from the suffix", () => {
    expect(metricLabel("training.meanWaitS")).toEqual({
      title: "Training mean wait (s)",
      unit: "s",
      percent: false,
    });
    expect(metricLabel("training.p95WaitS").title).toBe("Training p95 wait (s)");
    expect(metricLabel("facility.facilityEnergyKWh").title).toBe("Facility energy (kWh)");
    expect(metricLabel("facility.peakPowerMW").title).toBe("Facility peak power (MW)");
    expect(metricLabel("pools.hopper.peakPowerKW").unit).toBe("kW");
    expect(metricLabel("pools.hopper.maxTempC").title).toBe("Pool hopper max temp (°C)");
    expect(metricLabel("inference.chat.latencyP99S").title).toBe("Inference chat latency p99 (s)");
    expect(metricLabel("inference.chat.requestsPerS").unit).toBe("per s");
    expect(metricLabel("cost.totalUsd").title).toBe("Cost total (USD)");
  });

  it("shows fractions as % and counts as count", () => {
    expect(metricLabel("pools.hopper.utilization")).toEqual({
      title: "Pool hopper utilization (%)",
      unit: "%",
      percent: true,
    });
    expect(metricLabel("facility.powerCapHitFraction")).toEqual({
      title: "Facility power cap hit (%)",
      unit: "%",
      percent: true,
    });
    expect(metricLabel("inference.chat.sloAttainment").percent).toBe(true);
    expect(metricLabel("training.jobsCompleted").title).toBe("Training jobs completed (count)");
    expect(metricLabel("facility.pue").title).toBe("Facility PUE (ratio)");
  });

  it("leaves the unit out when the name has none", () => {
    expect(metricLabel("weird")).toEqual({ title: "Weird", unit: "", percent: false });
    expect(metricLabel("S").title).toBe("S");
  });
});

describe("sweepSpec", () => {
  const rows = sweepRows();
  const opts = { axis: COUNT, metric: "training.meanWaitS" };

  it("compiles without any vega-lite warning, also for edge cases", () => {
    const single = rows.filter((r) => r.axes[COUNT] === 256);
    const noOthers = rows.map((r) => ({ ...r, axes: { [COUNT]: r.axes[COUNT] } }));
    const mixed = rows.map((r, i) => ({ ...r, axes: { ...r.axes, [COUNT]: i % 2 ? "big" : 8 } }));
    const specs = [
      sweepSpec(rows, opts),
      sweepSpec(rows, { axis: POLICY, metric: "pools.hopper.utilization" }),
      sweepSpec(single, opts),
      sweepSpec(rows, { axis: COUNT, metric: "facility.peakPowerMW" }),
      sweepSpec(rows, { axis: POLICY, metric: "facility.peakPowerMW" }),
      sweepSpec(noOthers, opts),
      sweepSpec(mixed, opts),
      sweepSpec([], opts),
    ];
    for (const spec of specs) expect(compileSpec(spec).warnings).toEqual([]);
  });

  it("renders without runtime warnings on edge cases", async () => {
    const single = rows.filter((r) => r.axes[COUNT] === 256);
    await renderSvg(sweepSpec(single, opts));
    await renderSvg(sweepSpec(rows, { axis: COUNT, metric: "facility.peakPowerMW" }));
    await renderSvg(sweepSpec(rows, { axis: POLICY, metric: "facility.peakPowerMW" }));
    await renderSvg(sweepSpec([], opts));
    const bools = rows.map((r) => ({ ...r, axes: { ...r.axes, [POLICY]: r.seed === 1 } }));
    await renderSvg(sweepSpec(bools, { axis: POLICY, metric: "training.meanWaitS" }));
  });

  it("renders points, mean lines, the title, axis titles and the group legend", async () => {
    const svg = await renderSvg(sweepSpec(rows, opts));
    expect(svg).toMatch(/<g class="mark-symbol role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toMatch(/<g class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain("Training mean wait (s) by pools.0.count");
    expect(svg).toContain(">pools.0.count<");
    expect(svg).toContain(">Training mean wait (s)<");
    expect(svg).toContain(">scheduler.policy<");
    expect(svg).toContain(">fifo<");
    expect(svg).toContain(">128<");
    expect(svg).toContain(">512<");
  });

  it("plots one point per run, x quantitative for numbers, grouped by the other axes", () => {
    const spec = sweepSpec(rows, opts) as { layer: { encoding: { x: { type: string } } }[] };
    expect(spec.layer[0].encoding.x.type).toBe("quantitative");
    const points = valuesOf<Point>(spec);
    expect(points).toHaveLength(18);
    expect(points[0]).toEqual({
      group: "fifo",
      x: 128,
      value: 200_000 / 128 + 1,
      seed: 1,
      scenario: "count=128,policy=fifo",
    });
    expect(new Set(points.map((p) => p.group))).toEqual(new Set(["fifo", "x"]));
  });

  it("uses an ordinal axis for non-numeric values in the given order, else natural order", () => {
    type Spec = { layer: { encoding: { x: { type: string; scale: { domain: string[] } } } }[] };
    const policy = { axis: POLICY, metric: "training.meanWaitS" };
    const natural = sweepSpec(rows, policy) as Spec;
    expect(natural.layer[0].encoding.x.type).toBe("ordinal");
    expect(natural.layer[0].encoding.x.scale.domain).toEqual(["fifo", "x"]);
    const given = sweepSpec(rows, { ...policy, axisValues: { [POLICY]: ["x", "fifo"] } }) as Spec;
    expect(given.layer[0].encoding.x.scale.domain).toEqual(["x", "fifo"]);
    const mixed = rows.map((r) => ({
      ...r,
      axes: { ...r.axes, [COUNT]: r.axes[COUNT] === 256 ? "auto" : r.axes[COUNT] },
    }));
    const m = sweepSpec(mixed, opts) as Spec;
    expect(m.layer[0].encoding.x.type).toBe("ordinal");
    expect(m.layer[0].encoding.x.scale.domain).toEqual(["128", "512", "auto"]);
  });

  it("leaves out runs without a value and says so", () => {
    const some = rows.map((r, i) =>
      i < 4 ? { ...r, metrics: { ...r.metrics, "training.meanWaitS": null } } : r,
    );
    const spec = sweepSpec(some, opts) as { title: { subtitle: string[] } };
    expect(valuesOf<Point>(spec)).toHaveLength(14);
    expect(spec.title.subtitle.join(" ")).toContain("4 runs without a value (null) not shown");
    const none = sweepSpec(rows, { axis: COUNT, metric: "facility.peakPowerMW" }) as {
      title: { subtitle: string[] };
    };
    expect(valuesOf<Point>(none)).toEqual([]);
    expect(none.title.subtitle.join(" ")).toContain("No run has a value of facility.peakPowerMW");
  });

  it("gives a byte-identical spec JSON for the same rows in any order", () => {
    const a = JSON.stringify(sweepSpec(rows, opts));
    expect(JSON.stringify(sweepSpec(sweepRows(), opts))).toBe(a);
    expect(JSON.stringify(sweepSpec(shuffled(rows), opts))).toBe(a);
    expect(JSON.stringify(sweepSpec([...rows].reverse(), opts))).toBe(a);
    const p = { axis: POLICY, metric: "pools.hopper.utilization" };
    expect(JSON.stringify(sweepSpec(shuffled(rows), p))).toBe(JSON.stringify(sweepSpec(rows, p)));
  });

  it("uses the given title and a % axis for shares", () => {
    const spec = sweepSpec(rows, { axis: COUNT, metric: "pools.hopper.utilization", title: "T" });
    const s = spec as { title: { text: string }; layer: { encoding: { y: { axis: object } } }[] };
    expect(s.title.text).toBe("T");
    expect(s.layer[0].encoding.y.axis).toEqual({ format: "~%" });
  });

  it("tells whether there is anything to plot", () => {
    expect(hasSweepPlot(rows, COUNT, "training.meanWaitS")).toBe(true);
    expect(hasSweepPlot(rows, COUNT, "facility.peakPowerMW")).toBe(false);
    expect(hasSweepPlot(rows, "nope", "training.meanWaitS")).toBe(false);
    expect(hasSweepPlot([], COUNT, "training.meanWaitS")).toBe(false);
  });
});

describe("defaultSweepPlots", () => {
  it("plots every varying axis against the headline metrics that have values", () => {
    const pairs = defaultSweepPlots(sweepRows()).map((c) => `${c.axis} ${c.metric}`);
    const metrics = [
      "training.meanWaitS",
      "training.p95WaitS",
      "training.jobsCompleted",
      "facility.facilityEnergyKWh",
      "pools.a100.utilization",
      "pools.hopper.utilization",
    ];
    expect(pairs).toEqual([
      ...metrics.map((m) => `${COUNT} ${m}`),
      ...metrics.map((m) => `${POLICY} ${m}`),
    ]);
    expect(defaultSweepPlots(shuffled(sweepRows()))).toEqual(defaultSweepPlots(sweepRows()));
  });

  it("skips axes with a single value and gives unique names safe for writePlot", () => {
    const rows = sweepRows().filter((r) => r.axes[POLICY] === "fifo");
    const choices = defaultSweepPlots(rows);
    expect(new Set(choices.map((c) => c.axis))).toEqual(new Set([COUNT]));
    expect(choices[0].name).toBe("sweep-training.meanWaitS-by-pools.0.count");
    for (const c of choices) expect(c.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    expect(new Set(choices.map((c) => c.name)).size).toBe(choices.length);
    const replications = sweepRows().map((r) => ({ ...r, scenario: "base", axes: {} }));
    expect(defaultSweepPlots(replications)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import {
  QUEUE_DEFAULT_TITLE,
  compileSpec,
  hasQueue,
  queueSpec,
  renderSvg,
} from "../../src/plots/index.js";
import { HORIZON_S, START_ISO, shuffled, syntheticRows, valuesOf, without } from "./synthetic.js";

interface Point {
  series: string;
  timeH: number;
  value: number | null;
}

const opts = { startIso: START_ISO, horizonS: HORIZON_S };

describe("queueSpec", () => {
  const rows = syntheticRows();

  it("compiles to Vega without any vega-lite warning", () => {
    expect(compileSpec(queueSpec(rows, opts)).warnings).toEqual([]);
  });

  it("renders step lines for queued and running jobs with the title and axis titles", async () => {
    const svg = await renderSvg(queueSpec(rows, opts));
    expect(svg).toMatch(/<g class="mark-line role-mark[^"]*"[^>]*>\s*<path/);
    expect(svg).toContain(QUEUE_DEFAULT_TITLE);
    expect(svg).toContain("Time (h)");
    expect(svg).toContain(">Jobs<");
    expect(svg).toContain(">Queued (waiting)<");
    expect(svg).toContain(">Running<");
  });

  it("inlines both training series, each closed at the end of its last interval", () => {
    const points = valuesOf<Point>(queueSpec(rows, opts));
    const running = points.filter((p) => p.series === "Running");
    expect(running).toHaveLength(25);
    expect(running.at(-1)).toEqual({ series: "Running", timeH: 24, value: 3 });
    expect(points.filter((p) => p.series === "Queued (waiting)")).toHaveLength(25);
  });

  it("gives a byte-identical spec JSON for the same rows, also when they arrive reordered", () => {
    const a = JSON.stringify(queueSpec(rows, opts));
    expect(JSON.stringify(queueSpec(syntheticRows(), opts))).toBe(a);
    expect(JSON.stringify(queueSpec(shuffled(rows), opts))).toBe(a);
  });

  it("reports no queue data when the run has no training series", () => {
    expect(hasQueue(rows)).toBe(true);
    expect(hasQueue(without(rows, "queueLength", "runningJobs"))).toBe(false);
    expect(hasQueue([{ timeS: 0, entity: "service/chat", metric: "queueLength", value: 1 }])).toBe(
      false,
    );
  });
});

import { describe, expect, it } from "vitest";
import {
  LATENCY_DEFAULT_TITLE,
  compileSpec,
  hasLatency,
  latencySpec,
  renderSvg,
} from "../../src/plots/index.js";

const svc = (o: Record<string, unknown> = {}) => ({
  ttftP50S: 0.2,
  ttftP90S: 0.5,
  ttftP99S: 1.2,
  tpotP50S: 0.02,
  tpotP99S: 0.04,
  sloTtftS: 2,
  sloTpotS: 0.1,
  ...o,
});

describe("latencySpec", () => {
  it("renders TTFT and TPOT quantiles with SLO ticks and titled axes", async () => {
    const summary = { inference: { chat: svc(), batch: svc({ ttftP50S: 1 }) } };
    expect(hasLatency(summary)).toBe(true);
    expect(compileSpec(latencySpec(summary)).warnings).toEqual([]);
    const svg = await renderSvg(latencySpec(summary));
    expect(svg).toContain(LATENCY_DEFAULT_TITLE);
    expect(svg).toContain("TTFT (s)");
    expect(svg).toContain("TPOT (s)");
    expect(svg).toMatch(/<g class="mark-rect role-mark/);
  });

  it("renders without warnings when no service has an SLO", async () => {
    const summary = { inference: { chat: svc({ sloTtftS: null, sloTpotS: null }) } };
    const svg = await renderSvg(latencySpec(summary)); // throws on a vega warning
    expect(svg).not.toMatch(/<g class="mark-rect role-mark/);
  });

  it("has nothing to show for services with given service times", () => {
    expect(hasLatency({ inference: { old: { ttftP50S: null } } })).toBe(false);
  });
});

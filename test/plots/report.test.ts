import { describe, expect, it } from "vitest";
import { escapeHtml, reportHtml } from "../../src/plots/index.js";

const summary = {
  experiment: "exp<1>",
  scenario: "base",
  seed: 4,
  start: "2027-01-01T00:00:00.000Z",
  horizonS: 86_400,
  warmupS: 0,
  pools: { hopper: { accelerator: "nvidia-h100-sxm", utilization: 0.51234, energyKWh: null } },
  training: { jobsSubmitted: 12, meanWaitS: 3.5 },
  facility: { pue: null },
  cost: { totalUsd: null },
  inference: { chat: { requests: 1000, latencyP99S: 1.23456 } },
};

describe("reportHtml", () => {
  it("shows every summary table and the plots inline, without scripts", () => {
    const html = reportHtml({
      summary,
      plots: [{ title: "Util", svg: '<?xml version="1.0"?><svg><path/></svg>' }],
      version: "0.1.0",
    });
    expect(html).toContain("<h2>Pools</h2>");
    expect(html).toContain("<h2>Training</h2>");
    expect(html).toContain("<h2>Inference services</h2>");
    expect(html).toContain("<svg><path/></svg>");
    expect(html).not.toContain("<?xml");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<td class="num">0.5123</td>');
  });

  it("marks null fields as not modelled rather than zero", () => {
    const html = reportHtml({ summary, plots: [], version: "0.1.0" });
    expect(html).toMatch(/<th>energyKWh<\/th>/);
    expect(html).toMatch(/class="null" title="not modelled/);
  });

  it("escapes names from experiment files", () => {
    expect(reportHtml({ summary, plots: [], version: "x" })).toContain("exp&#60;1&#62;");
    expect(escapeHtml(`<a href="x">'`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;");
  });

  it("is byte-stable for the same input", () => {
    expect(reportHtml({ summary, plots: [], version: "1" })).toBe(
      reportHtml({ summary, plots: [], version: "1" }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { runReportHref, sweepReportHtml, type SweepRunRow } from "../../src/plots/index.js";
import { shuffled } from "./synthetic.js";
import { sweepRows } from "./sweep-rows.js";

const plots = [{ title: "Wait <by> count", svg: '<?xml version="1.0"?><svg><path/></svg>' }];

describe("sweepReportHtml", () => {
  const runs = sweepRows();

  it("lists every run with its axes, seed, headline metrics and a link to its report", () => {
    const html = sweepReportHtml({ experiment: "sweep", runs, plots, version: "0.1.0" });
    expect(html.match(/<tr>/g)).toHaveLength(18);
    expect(html).toContain("<th>pools.0.count</th><th>scheduler.policy</th><th>seed</th>");
    expect(html).toContain('<a href="runs/count=128,policy=fifo/seed-1/report.html">report</a>');
    expect(html).toContain("Training mean wait (s)");
    expect(html).toContain('<td class="num">50%</td>'); // a100 utilization 0.5
    expect(html).not.toContain("Facility peak power"); // null in every run
    expect(html).toContain("18 runs · 6 scenarios · 3 seeds (1–3)");
  });

  it("shows the plots inline, without scripts", () => {
    const html = sweepReportHtml({ experiment: "sweep", runs, plots, version: "0.1.0" });
    expect(html).toContain("<svg><path/></svg>");
    expect(html).not.toContain("<?xml");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("Wait &#60;by&#62; count");
  });

  it("marks missing values as not modelled and escapes names", () => {
    const odd: SweepRunRow[] = [
      {
        scenario: "p=<b>",
        seed: 1,
        axes: { "a.b": "<b>" },
        metrics: { "training.meanWaitS": 1.5, "training.p95WaitS": null },
        folder: "runs/p=<b>#1/seed-1",
      },
      {
        scenario: "p=c",
        seed: 1,
        axes: { "a.b": "c" },
        metrics: { "training.meanWaitS": 2, "training.p95WaitS": 3 },
        folder: "runs/p=c/seed-1",
      },
    ];
    const html = sweepReportHtml({ experiment: "exp<1>", runs: odd, plots: [], version: "x" });
    expect(html).toContain("exp&#60;1&#62;");
    expect(html).toContain("<th>p=&#60;b&#62;</th>");
    expect(html).not.toContain("<b>");
    expect(html).toContain('href="runs/p=%3Cb%3E%231/seed-1/report.html"');
    expect(html).toMatch(/class="null" title="not modelled/);
    expect(runReportHref("runs/a b/seed-2/")).toBe("runs/a%20b/seed-2/report.html");
  });

  it("is byte-stable for the same runs in any order", () => {
    const a = sweepReportHtml({ experiment: "e", runs, plots, version: "1" });
    expect(sweepReportHtml({ experiment: "e", runs: shuffled(runs), plots, version: "1" })).toBe(a);
  });
});

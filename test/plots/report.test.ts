import { describe, expect, it } from "vitest";
import { embedLibraries, escapeHtml, inlineScriptText, reportHtml } from "../../src/plots/index.js";

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

  it("inlines vega, vega-lite and vega-embed once, with each spec as script-safe JSON", () => {
    const libraries = { vega: "/*VEGA*/", vegaLite: "/*VL*/", vegaEmbed: "/*EMBED*/" };
    const spec = { title: "a </script><b>", mark: "point" as const, data: { values: [] } };
    const html = reportHtml({
      summary,
      plots: [
        { title: "One", svg: "<svg>1</svg>", spec },
        { title: "Two", svg: "<svg>2</svg>", spec },
      ],
      version: "1",
      libraries,
    });
    for (const lib of Object.values(libraries)) expect(html.split(lib)).toHaveLength(2);
    expect(html).toContain('<figure data-spec="spec-0">');
    expect(html).toContain('<figure data-spec="spec-1">');
    expect(html).toContain("<svg>1</svg>"); // the static image stays as the fallback
    expect(html).not.toContain("</script><b>");
    const json = /<script type="application\/json" id="spec-0">(.*?)<\/script>/.exec(html);
    expect(JSON.parse(json![1])).toEqual(spec);
  });

  it("has no script at all without libraries", () => {
    const plot = {
      title: "One",
      svg: "<svg/>",
      spec: { mark: "point" as const, data: { values: [] } },
    };
    expect(reportHtml({ summary, plots: [plot], version: "1" })).not.toMatch(/<script/i);
  });
});

describe("embedLibraries", () => {
  it("reads the three browser builds, safe to inline", () => {
    const libs = embedLibraries();
    expect(libs.vega).toContain("vega");
    expect(libs.vegaLite).toContain("vegaLite");
    expect(libs.vegaEmbed).toContain("vegaEmbed");
    for (const code of Object.values(libs)) {
      expect(code).not.toMatch(/<\/script/i);
      expect(code).not.toMatch(/sourceMappingURL/);
    }
  });

  it("escapes what could end or confuse a script element", () => {
    expect(inlineScriptText('x="</SCRIPT>";y="<!--"\n//# sourceMappingURL=a.map')).toBe(
      'x="<\\/SCRIPT>";y="<\\!--"\n',
    );
  });
});

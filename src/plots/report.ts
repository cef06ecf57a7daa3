/**
 * report.html: one self-contained offline page per run with the summary tables and every plot.
 * Each plot is its static SVG (readable with scripts off); with libraries given, vega, vega-lite
 * and vega-embed are inlined and replace each SVG with the live view (export menu, exact
 * scales), falling back to the SVG with a visible note if embedding fails. No network either way.
 */
import type { TopLevelSpec } from "vega-lite";
import type { EmbedLibraries } from "./embed-libs.js";

export interface ReportPlot {
  title: string;
  /** An SVG document as rendered by `renderSvg`. */
  svg: string;
  /** The Vega-Lite spec the SVG came from; embedded live when the page has libraries. */
  spec?: TopLevelSpec;
}

export interface ReportInput {
  summary: Record<string, unknown>;
  plots: readonly ReportPlot[];
  /** Version of aidcsim, shown in the footer. */
  version: string;
  /** Browser builds to inline for live plots; without them the page has no script at all. */
  libraries?: EmbedLibraries;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The pages' shared style (this report and the sweep report). */
export const REPORT_STYLE = `body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.meta { color: #555; font-size: 13px; }
table { border-collapse: collapse; font-size: 12px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.null { color: #aaa; text-align: center; }
.scroll { overflow-x: auto; }
.grid { display: flex; flex-wrap: wrap; gap: 32px; }
figure { margin: 16px 0; }
figcaption { font-size: 13px; color: #555; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; }
.embed-error { color: #a00; font-size: 12px; }
footer { margin-top: 32px; color: #888; font-size: 12px; }
a { color: #2c5d8f; }`;

/** A self-contained page: head with title and style, then the body. */
export function htmlPage(title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${style}
</style>
</head>
<body>
${body}</body>
</html>
`;
}

/** JSON that cannot end a script element: every "<" as its \\u escape. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** Runs in the page: embeds each figure's spec, keeping the static SVG if that fails. */
const EMBED_SCRIPT = `(function () {
  var figures = document.querySelectorAll("figure[data-spec]");
  Array.prototype.forEach.call(figures, function (figure) {
    var holder = figure.querySelector(".plot");
    var fallback = holder.innerHTML;
    var spec = JSON.parse(document.getElementById(figure.getAttribute("data-spec")).textContent);
    figure.setAttribute("data-embed", "pending");
    vegaEmbed(holder, spec, {
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    }).then(
      function () {
        figure.setAttribute("data-embed", "ok");
      },
      function (error) {
        holder.innerHTML = fallback;
        figure.setAttribute("data-embed", "error");
        var note = document.createElement("p");
        note.className = "embed-error";
        note.textContent = "Live view failed (" + error.message + "); showing the static image.";
        figure.appendChild(note);
        console.error("vega-embed: " + error.message);
      },
    );
  });
})();`;

/**
 * The figures of a page (static SVG in each), and when `libraries` are given and a plot has a
 * spec, the inlined libraries, the specs as JSON and the script that embeds them.
 */
export function plotFigures(
  plots: readonly ReportPlot[],
  libraries: EmbedLibraries | undefined,
): string {
  const live = libraries !== undefined && plots.some((p) => p.spec !== undefined);
  const figures = plots.map((p, i) => {
    const id = `spec-${i}`;
    const attr = live && p.spec !== undefined ? ` data-spec="${id}"` : "";
    const svg = p.svg.replace(/^<\?xml[^>]*>\s*/, "");
    const json =
      live && p.spec !== undefined
        ? `\n<script type="application/json" id="${id}">${scriptJson(p.spec)}</script>`
        : "";
    return `<figure${attr}><figcaption>${escapeHtml(p.title)}</figcaption><div class="plot">${svg}</div></figure>${json}`;
  });
  if (!live) return figures.join("\n");
  return [
    ...figures,
    `<script>${libraries.vega}</script>`,
    `<script>${libraries.vegaLite}</script>`,
    `<script>${libraries.vegaEmbed}</script>`,
    `<script>${EMBED_SCRIPT}</script>`,
  ].join("\n");
}

/** Numbers to 4 significant figures (integers in full); null as "not modelled". */
function cell(v: unknown): string {
  if (v === null || v === undefined)
    return `<td class="null" title="not modelled in this experiment">–</td>`;
  if (typeof v === "number") {
    const text = Number.isInteger(v)
      ? v.toLocaleString("en-US")
      : Number(v.toPrecision(4)).toLocaleString("en-US", { maximumSignificantDigits: 4 });
    return `<td class="num">${text}</td>`;
  }
  return `<td>${escapeHtml(String(v))}</td>`;
}

/** A table with one row per entity (pools, services) and one column per field. */
function entityTable(caption: string, entities: Record<string, Record<string, unknown>>): string {
  const names = Object.keys(entities);
  if (names.length === 0) return "";
  const cols = [...new Set(names.flatMap((n) => Object.keys(entities[n])))];
  const head = `<tr><th>name</th>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const rows = names.map(
    (n) => `<tr><th>${escapeHtml(n)}</th>${cols.map((c) => cell(entities[n][c])).join("")}</tr>`,
  );
  return `<section><h2>${escapeHtml(caption)}</h2><div class="scroll"><table>${head}${rows.join("")}</table></div></section>`;
}

/** One column per entity and one row per field: for entities with many fields (services). */
function transposedTable(
  caption: string,
  entities: Record<string, Record<string, unknown>>,
): string {
  const names = Object.keys(entities);
  if (names.length === 0) return "";
  const fields = [...new Set(names.flatMap((n) => Object.keys(entities[n])))];
  const head = `<tr><th></th>${names.map((n) => `<th class="num">${escapeHtml(n)}</th>`).join("")}</tr>`;
  const rows = fields.map(
    (f) => `<tr><th>${escapeHtml(f)}</th>${names.map((n) => cell(entities[n][f])).join("")}</tr>`,
  );
  return `<section><h2>${escapeHtml(caption)}</h2><table class="fields">${head}${rows.join("")}</table></section>`;
}

/** A two-column field/value table. */
function fieldTable(caption: string, fields: Record<string, unknown>): string {
  const rows = Object.entries(fields).map(
    ([k, v]) => `<tr><th>${escapeHtml(k)}</th>${cell(v)}</tr>`,
  );
  return `<section><h2>${escapeHtml(caption)}</h2><table class="fields">${rows.join("")}</table></section>`;
}

/** Builds the page. Pure: the same input gives the same bytes. */
export function reportHtml(input: ReportInput): string {
  const s = input.summary;
  const obj = (k: string) => (s[k] ?? {}) as Record<string, unknown>;
  const title = `${String(s.experiment)} — seed ${String(s.seed)}`;
  const days = Number(s.horizonS) / 86_400;
  const plots = plotFigures(input.plots, input.libraries);
  return htmlPage(
    title,
    REPORT_STYLE,
    `<h1>${escapeHtml(String(s.experiment))}</h1>
<p class="meta">scenario ${escapeHtml(String(s.scenario))} · seed ${escapeHtml(String(s.seed))} · start ${escapeHtml(String(s.start))} · horizon ${days.toLocaleString("en-US", { maximumFractionDigits: 2 })} days · metrics after a warm-up of ${escapeHtml(String(s.warmupS))} s · “–” = not modelled</p>
${plots}
${entityTable("Pools", obj("pools") as Record<string, Record<string, unknown>>)}
<div class="grid">
${fieldTable("Training", obj("training"))}
${fieldTable("Facility", obj("facility"))}
${transposedTable("Inference services", obj("inference") as Record<string, Record<string, unknown>>)}
${fieldTable("Cost", obj("cost"))}
</div>
<footer>aidcsim ${escapeHtml(input.version)} · summary.json holds the exact values</footer>
`,
  );
}

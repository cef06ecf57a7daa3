/**
 * The sweep's report.html: one self-contained offline page for all runs of a sweep (or of
 * replications) with a table of the runs, each linking to its own report, and the sweep plots
 * (static SVG, made live as in the run report when libraries are given).
 */
import type { EmbedLibraries } from "./embed-libs.js";
import { REPORT_STYLE, escapeHtml, htmlPage, plotFigures, type ReportPlot } from "./report.js";
import {
  axisValueLabel,
  metricLabel,
  sortSweepRuns,
  sweepAxes,
  sweepHeadlineMetrics,
  type SweepAxisValue,
  type SweepRunRow,
} from "./sweep.js";

export interface SweepReportInput {
  experiment: string;
  runs: readonly SweepRunRow[];
  /** Plots in page order, each an SVG document as rendered by `renderSvg`. */
  plots: readonly ReportPlot[];
  /** Version of aidcsim, shown in the footer. */
  version: string;
  /** Order of each axis's values (as listed under `sweep:`); see `SweepSpecOptions.axisValues`. */
  axisValues?: Readonly<Record<string, readonly SweepAxisValue[]>>;
  /** Browser builds to inline for live plots (see `reportHtml`). */
  libraries?: EmbedLibraries;
}

/** The run report's style, plus wrapping column heads. */
const STYLE = `${REPORT_STYLE}
tr.head th { white-space: normal; vertical-align: bottom; max-width: 10em; }`;

const NULL_CELL = `<td class="null" title="not modelled in this experiment">–</td>`;

/** Numbers to 4 significant figures (integers in full), shares as %; null as "not modelled". */
function numberCell(v: number | null | undefined, percent = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NULL_CELL;
  if (percent) return `<td class="num">${Number((v * 100).toPrecision(4))}%</td>`;
  const text = Number.isInteger(v)
    ? v.toLocaleString("en-US")
    : Number(v.toPrecision(4)).toLocaleString("en-US", { maximumSignificantDigits: 4 });
  return `<td class="num">${text}</td>`;
}

function axisCell(v: SweepAxisValue | undefined): string {
  if (v === undefined) return NULL_CELL;
  if (typeof v === "number") return numberCell(v);
  return `<td>${escapeHtml(axisValueLabel(v))}</td>`;
}

/** A relative URL of `<folder>/report.html`: each path segment percent-encoded (`=`, `,` kept). */
export function runReportHref(folder: string): string {
  const segments = folder
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => encodeURIComponent(s).replace(/%3D/g, "=").replace(/%2C/g, ","));
  return [...segments, "report.html"].join("/");
}

/** Builds the page. Pure: the same input (runs in any order) gives the same bytes. */
export function sweepReportHtml(input: SweepReportInput): string {
  const runs = sortSweepRuns(input.runs, input.axisValues ?? {});
  const axes = sweepAxes(runs);
  const metrics = sweepHeadlineMetrics(runs);
  const labels = metrics.map(metricLabel);
  const scenarios = new Set(runs.map((r) => r.scenario)).size;
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);

  const head = [
    "<th>scenario</th>",
    ...axes.map((a) => `<th>${escapeHtml(a)}</th>`),
    "<th>seed</th>",
    "<th>run</th>",
    ...labels.map((l) => `<th class="num">${escapeHtml(l.title)}</th>`),
  ].join("");
  const rows = runs.map((r) =>
    [
      "<tr>",
      `<th>${escapeHtml(r.scenario)}</th>`,
      ...axes.map((a) => axisCell(r.axes[a])),
      numberCell(r.seed),
      `<td><a href="${escapeHtml(runReportHref(r.folder))}">report</a></td>`,
      ...metrics.map((m, i) => numberCell(r.metrics[m], labels[i].percent)),
      "</tr>",
    ].join(""),
  );
  const table =
    runs.length === 0
      ? `<p class="meta">No runs.</p>`
      : `<div class="scroll"><table>\n<tr class="head">${head}</tr>\n${rows.join("\n")}\n</table></div>`;
  const plots =
    input.plots.length === 0
      ? `<p class="meta">No sweep plots: no axis takes two or more values, or no headline metric has a value.</p>`
      : plotFigures(input.plots, input.libraries);
  const seedText =
    seeds.length === 0
      ? "no seeds"
      : seeds.length === 1
        ? `seed ${seeds[0]}`
        : `${seeds.length} seeds (${seeds[0]}–${seeds[seeds.length - 1]})`;
  const title = `${input.experiment} — sweep`;
  return htmlPage(
    title,
    STYLE,
    `<h1>${escapeHtml(input.experiment)}</h1>
<p class="meta">${runs.length} run${runs.length === 1 ? "" : "s"} · ${scenarios} scenario${scenarios === 1 ? "" : "s"} · ${escapeHtml(seedText)} · axes: ${axes.length === 0 ? "none" : axes.map(escapeHtml).join(", ")} · “–” = not modelled</p>
<section><h2>Runs</h2>
${table}
</section>
<section><h2>Plots</h2>
${plots}
</section>
<footer>aidcsim ${escapeHtml(input.version)} · each run's summary.json holds the exact values</footer>
`,
  );
}

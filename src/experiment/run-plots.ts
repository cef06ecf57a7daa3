/**
 * The plots and report of one run folder, from its results alone: used by `run` (into the
 * folder being written) and by `aidcsim plot DIR` (to rebuild them without rerunning).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { SeriesRow } from "../metrics/index.js";
import {
  coarsenRows,
  costSpec,
  hasCost,
  hasPoolPower,
  hasPower,
  hasPue,
  hasQueue,
  hasTemperature,
  hasWaitEcdf,
  hasLatency,
  latencySpec,
  poolPowerSpec,
  powerSpec,
  pueSpec,
  queueSpec,
  reportHtml,
  temperatureSpec,
  utilizationSpec,
  waitEcdfSpec,
  writePlot,
  type JobRow,
  type ReportPlot,
  defaultSweepPlots,
  embedLibraries,
  sweepReportHtml,
  sweepSpec,
  type SweepAxisValue,
  type SweepRunRow,
} from "../plots/index.js";
import { packageVersion } from "./version.js";
import { simpleInputError } from "./problems.js";

export interface RunResults {
  summary: Record<string, unknown>;
  rows: readonly SeriesRow[];
  jobs: readonly JobRow[];
  /** Output intervals merged into each plotted step (set by writeRunPlots for long runs). */
  intervalsPerStep?: number;
}

/** One plot a run can have: its file name, report caption and spec (undefined: not applicable). */
interface PlotDef {
  name: string;
  caption: string;
  spec: (r: RunResults, startIso: string, experiment: string) => TopLevelSpec | undefined;
}

const PLOTS: readonly PlotDef[] = [
  {
    name: "utilization",
    caption: "Utilization per pool (busy / installed accelerator-seconds)",
    spec: (r, startIso, experiment) =>
      r.rows.some((x) => x.metric === "utilization")
        ? utilizationSpec(r.rows, {
            title: `${experiment}: accelerator utilization per pool`,
            startIso,
            intervalsPerStep: r.intervalsPerStep,
            horizonS: Number(r.summary.horizonS),
          })
        : undefined,
  },
  {
    name: "power",
    caption: "IT and facility power against the cap (owned sites)",
    spec: (r, startIso) =>
      hasPower(r.rows) ? powerSpec(r.rows, timeOpts(r, startIso)) : undefined,
  },
  {
    name: "pool-power",
    caption: "Power per pool (owned sites)",
    spec: (r, startIso) =>
      hasPoolPower(r.rows) ? poolPowerSpec(r.rows, timeOpts(r, startIso)) : undefined,
  },
  {
    name: "pue",
    caption: "PUE (and outdoor temperature) per site",
    spec: (r, startIso) => (hasPue(r.rows) ? pueSpec(r.rows, timeOpts(r, startIso)) : undefined),
  },
  {
    name: "temperature",
    caption: "Rack-group temperature and throttling per pool",
    spec: (r, startIso) =>
      hasTemperature(r.rows) ? temperatureSpec(r.rows, timeOpts(r, startIso)) : undefined,
  },
  {
    name: "queue",
    caption: "Training jobs waiting and running",
    spec: (r, startIso) =>
      hasQueue(r.rows) ? queueSpec(r.rows, timeOpts(r, startIso)) : undefined,
  },
  {
    name: "cost",
    caption: "Cumulative cost by component (capex, cloud, energy)",
    spec: (r, startIso) => (hasCost(r.rows) ? costSpec(r.rows, timeOpts(r, startIso)) : undefined),
  },
  {
    name: "latency",
    caption: "LLM service latency (TTFT and TPOT quantiles) against the SLO",
    spec: (r) => (hasLatency(r.summary) ? latencySpec(r.summary) : undefined),
  },
  {
    name: "wait-ecdf",
    caption: "Training job waits (pending jobs at their wait so far)",
    spec: (r) =>
      hasWaitEcdf(r.jobs)
        ? waitEcdfSpec(r.jobs, { warmupS: Number(r.summary.warmupS ?? 0) })
        : undefined,
  },
];

function timeOpts(r: RunResults, startIso: string) {
  return { startIso, horizonS: Number(r.summary.horizonS), intervalsPerStep: r.intervalsPerStep };
}

/**
 * Writes every applicable plot (spec, SVG, PNG) into `dir/plots` and returns them for the report.
 * @param plots false: skip the plots (the report then has tables only).
 */
export async function writeRunPlots(
  dir: string,
  results: RunResults,
  plots: boolean,
): Promise<ReportPlot[]> {
  const out: ReportPlot[] = [];
  if (!plots) return out;
  const startIso = String(results.summary.start);
  const experiment = String(results.summary.experiment);
  // Long runs: at most MAX_PLOT_STEPS steps per series (timeseries.csv keeps every interval).
  const coarse = coarsenRows(results.rows);
  const plotted = { ...results, rows: coarse.rows, intervalsPerStep: coarse.perStep };
  for (const p of PLOTS) {
    const spec = p.spec(plotted, startIso, experiment);
    if (spec === undefined) continue;
    out.push({ title: p.caption, svg: await writePlot(join(dir, "plots"), p.name, spec), spec });
  }
  return out;
}

/** report.html for a run's results and plots. */
export function runReport(results: RunResults, plots: readonly ReportPlot[]): string {
  return reportHtml({
    summary: results.summary,
    plots,
    version: packageVersion(),
    libraries: embedLibraries(),
  });
}

/** Parses timeseries.csv (`timeS,entity,metric,value`; names never hold commas or quotes). */
export function parseTimeseriesCsv(text: string): SeriesRow[] {
  const lines = text.split("\n");
  const rows: SeriesRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    const [t, entity, metric, v] = lines[i].split(",");
    rows.push({ timeS: Number(t), entity, metric, value: v === "" ? NaN : Number(v) });
  }
  return rows;
}

/** Parses jobs.csv (its header names the columns; empty cells are null). */
export function parseJobsCsv(text: string): JobRow[] {
  const lines = text.split("\n").filter((l) => l !== "");
  if (lines.length === 0) return [];
  const header = lines[0].split(",");
  const at = (name: string) => header.indexOf(name);
  const num = (s: string | undefined) => (s === undefined || s === "" ? null : Number(s));
  return lines.slice(1).map((line) => {
    const c = line.split(",");
    return {
      id: Number(c[at("id")]),
      workload: c[at("workload")],
      status: c[at("status")] as JobRow["status"],
      accelerators: Number(c[at("accelerators")]),
      pool: c[at("pool")] ?? "",
      submitS: Number(c[at("submitS")]),
      startS: num(c[at("startS")]),
      endS: num(c[at("endS")]),
      waitS: num(c[at("waitS")]),
    };
  });
}

/**
 * Reads a run folder's results.
 * @throws InputError if it is not a complete run folder.
 */
export function readRunResults(dir: string): RunResults {
  for (const f of ["summary.json", "timeseries.csv", "run-info.json"]) {
    if (!existsSync(join(dir, f))) {
      throw simpleInputError(dir, `not a complete run folder: ${f} is missing`);
    }
  }
  return {
    summary: JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Record<string, unknown>,
    rows: parseTimeseriesCsv(readFileSync(join(dir, "timeseries.csv"), "utf8")),
    jobs: existsSync(join(dir, "jobs.csv"))
      ? parseJobsCsv(readFileSync(join(dir, "jobs.csv"), "utf8"))
      : [],
  };
}

/**
 * The sweep page of a results folder with several runs: `plots/<axis>-<metric>.*` for every swept
 * axis against the headline metrics, and report.html with the table of runs.
 * @param axisValues per axis, its values in the order the experiment lists them.
 */
export async function writeSweepReport(
  dir: string,
  experiment: string,
  runs: readonly SweepRunRow[],
  axisValues: Readonly<Record<string, readonly SweepAxisValue[]>>,
  plots: boolean,
): Promise<string> {
  const rendered: ReportPlot[] = [];
  if (plots) {
    for (const c of defaultSweepPlots(runs)) {
      const spec = sweepSpec(runs, { axis: c.axis, metric: c.metric, axisValues });
      rendered.push({
        title: `${c.metric} by ${c.axis}`,
        svg: await writePlot(join(dir, "plots"), c.name, spec),
        spec,
      });
    }
  }
  return sweepReportHtml({
    experiment,
    runs,
    plots: rendered,
    version: packageVersion(),
    axisValues,
    libraries: embedLibraries(),
  });
}

/**
 * The one place that wires implementations together: catalog, random streams, scheduler policy,
 * the world, metrics and plots. Runs experiments and writes results folders.
 */
import { cpSync, existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { DataCenter } from "../datacenter/index.js";
import { Simulator } from "../engine/index.js";
import { SeriesRecorder } from "../metrics/index.js";
import {
  catalogWithEstimates,
  estimateProblems,
  loadAcceleratorCatalog,
  loadPrices,
  pricesWithEstimates,
  type Catalog,
  type Prices,
} from "../models/index.js";
import { parseJobsCsv, runReport, writeRunPlots, writeSweepReport } from "./run-plots.js";
import type { SweepAxisValue } from "../plots/index.js";
import { Streams } from "../random/index.js";
import { createPolicy } from "../schedulers/index.js";
import { expandRuns, type ExpandOptions, type RunPlan } from "./expand.js";
import { loadExperiment, type LoadedExperiment } from "./load.js";
import { PendingFolder, type RunFolder } from "./results-folder.js";
import { RunFailedError, simpleInputError } from "./problems.js";
import { resolveExperiment, type ResolvedRun, type TraceInfo } from "./resolve.js";
import { facilityProblems, physicsFactory } from "./physics-wiring.js";
import {
  calibrationProblems,
  performanceProblems,
  trainingEstimator,
  inferenceEstimator,
} from "./performance-wiring.js";
import { InputError } from "./problems.js";
import { locate } from "./yaml-doc.js";
import { buildSummary, jobsCsv, poolRates, timeseriesCsv } from "./summary.js";
import { withCostRows } from "./cost-series.js";
import { packageVersion } from "./version.js";

let catalogCache: Catalog | undefined;
/** The shipped accelerator catalog (loaded once per process). */
export function catalog(): Catalog {
  catalogCache ??= loadAcceleratorCatalog();
  return catalogCache;
}

let pricesCache: Prices | undefined;
/** The shipped price book (loaded once per process). */
function prices(): Prices {
  pricesCache ??= loadPrices();
  return pricesCache;
}

/** The catalog a run sees: the shipped one with its `estimates:` picks applied. */
function catalogOf(plan: RunPlan): Catalog {
  return catalogWithEstimates(catalog(), plan.experiment.spec.estimates ?? {});
}

/** Loads an experiment with the shipped catalog. @throws InputError */
export function loadWithCatalog(file: string, sets: readonly string[] = []): LoadedExperiment {
  return loadExperiment(file, { sets, acceleratorIds: catalog().ids() });
}

/** Slices of simulated time a run advances in (see executeRun). */
const RUN_SLICES = 200;
/** Most events fired between two yields to the event loop (about 0.1 s of work). */
const EVENTS_PER_YIELD = 1_000_000;

/**
 * Resolves a planned run with the shipped catalog and physics, checking what only they can see.
 * @throws InputError
 */
export function resolvePlan(plan: RunPlan): ResolvedRun {
  const factory = physicsFactory(catalogOf(plan));
  const resolved = resolveExperiment(plan.experiment, factory);
  const problems = [
    ...estimateProblems(plan.experiment.spec.estimates ?? {}, catalog(), prices()).map((p) => ({
      path: ["estimates", p.key],
      message: p.message,
    })),
    ...facilityProblems(plan.experiment.spec, factory, resolved.config),
    ...performanceProblems(plan.experiment.spec),
    ...calibrationProblems(plan.experiment.spec, dirname(plan.experiment.file)),
  ];
  if (problems.length > 0) {
    const ex = plan.experiment;
    throw new InputError(
      problems
        .map((p) => ({
          file: ex.displayFile,
          ...locate(ex.source, p.path),
          path: p.path.join("."),
          message: p.message,
        }))
        .sort((a, b) => a.line - b.line || a.col - b.col),
    );
  }
  return resolved;
}

/** A planned run's world, wired and ready for the engine to run to `config.horizonS`. */
export function buildWorld(plan: RunPlan) {
  const base = resolvePlan(plan);
  const cat = catalogOf(plan);
  // Scale-up domains from the catalog: training placement keeps each domain-sized chunk whole.
  const resolved = {
    ...base,
    config: {
      ...base.config,
      pools: base.config.pools.map((p) => ({
        ...p,
        scaleUpDomain: cat.get(p.accelerator).scaleUpDomain,
        acceleratorsPerNode: cat.get(p.accelerator).acceleratorsPerNode,
      })),
    },
  };
  const sim = new Simulator();
  const series = new SeriesRecorder();
  const dc = new DataCenter(resolved.config, {
    sim,
    streams: new Streams(plan.seed),
    policy: createPolicy(plan.experiment.spec.scheduler.policy),
    series,
    trainingEstimator: trainingEstimator(cat),
    inferenceEstimator: inferenceEstimator(cat),
  });
  return { sim, dc, series, ...resolved };
}

/** summary.json of a world run to its horizon. */
function summaryOf(
  plan: RunPlan,
  w: Pick<ReturnType<typeof buildWorld>, "dc" | "config" | "startMs">,
): Record<string, unknown> {
  return buildSummary({
    experiment: plan.experiment.spec.name,
    scenario: plan.scenario,
    seed: plan.seed,
    startIso: new Date(w.startMs).toISOString(),
    horizonS: w.config.horizonS,
    warmupS: w.config.warmupS,
    dc: w.dc,
    prices: pricesWithEstimates(prices(), plan.experiment.spec.estimates ?? {}),
  });
}

/**
 * Runs the first planned run of an experiment file in memory (no files, no progress) and returns
 * its summary.json: for checks that need many quick runs (validate-model).
 */
export function simulateSummary(
  file: string,
  sets: readonly string[] = [],
): Record<string, unknown> {
  const [plan] = expandRuns(loadWithCatalog(file, sets), { acceleratorIds: catalog().ids() });
  const world = buildWorld(plan);
  world.sim.run({ until: world.config.horizonS });
  world.dc.finish();
  return summaryOf(plan, world);
}

export interface RunOptions {
  /** Write plots (specs, SVG, PNG). */
  plots: boolean;
  /**
   * Wall clock in ms for run-info.json's wallS and events/s, given by the CLI: nothing in the
   * simulation reads the wall clock. Without it those fields are null.
   */
  wallClockMs?: () => number;
  /** Stop with an error after this many events (a guard for fuzzing and typos). */
  maxEvents?: number;
  /** Called with the simulated fraction done, every 0.5% of the horizon. */
  onProgress?: (fraction: number) => void;
}

export interface RunOutcome {
  plan: RunPlan;
  summary: Record<string, unknown>;
  events: number;
  /** Null when no wall clock was given. */
  wallS: number | null;
}

/** Simulates one planned run and writes its files into `folder` under `prefix`. */
export async function executeRun(
  plan: RunPlan,
  folder: RunFolder,
  prefix: string,
  options: RunOptions,
): Promise<RunOutcome> {
  const t0 = options.wallClockMs?.();
  const { sim, dc, series, config, startMs, traces } = buildWorld(plan);
  const spec = plan.experiment.spec;
  // The run advances in slices (of simulated time for progress, of at most EVENTS_PER_YIELD
  // events for responsiveness), yielding to the event loop between them so that Ctrl-C and
  // progress are handled promptly. Slicing changes no result: the engine fires the same events
  // in the same order.
  let budget = options.maxEvents ?? Infinity;
  const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
  for (let k = 1; k <= RUN_SLICES; k++) {
    const until = k === RUN_SLICES ? config.horizonS : (config.horizonS * k) / RUN_SLICES;
    for (;;) {
      const r = sim.run({ until, maxEvents: Math.min(budget, EVENTS_PER_YIELD) });
      budget -= r.events;
      if (r.reason !== "maxEvents") break;
      if (budget <= 0) {
        if (sim.peekTime() <= config.horizonS) {
          throw new RunFailedError(
            `run stopped at --max-events ${options.maxEvents} after ${sim.now.toFixed(0)} of ${config.horizonS} simulated seconds; raise --max-events or shorten the horizon`,
          );
        }
        break;
      }
      await yieldNow();
    }
    options.onProgress?.(k / RUN_SLICES);
    await yieldNow();
  }
  dc.finish();

  const summary = summaryOf(plan, { dc, config, startMs });
  const finalDir = join(folder.finalDir, prefix);
  folder.write(
    join(prefix, "experiment.resolved.json"),
    json(resolvedExperiment(plan, traces, finalDir)),
  );
  folder.write(join(prefix, "summary.json"), json(summary));
  const rows = withCostRows(series.rows, {
    dc,
    prices: pricesWithEstimates(prices(), spec.estimates ?? {}),
    startMs,
    horizonS: config.horizonS,
  });
  folder.write(join(prefix, "timeseries.csv"), timeseriesCsv(rows));
  const jobsText = jobsCsv(
    dc,
    config.horizonS,
    poolRates(dc, summary.pools as Record<string, unknown>),
  );
  folder.write(join(prefix, "jobs.csv"), jobsText);
  // Plots read the jobs back from the CSV text, as `aidcsim plot` does from the file.
  const results = { summary, rows, jobs: parseJobsCsv(jobsText) };
  const plots = await writeRunPlots(join(folder.tmp, prefix), results, options.plots);
  folder.write(join(prefix, "report.html"), runReport(results, plots));
  const t1 = options.wallClockMs?.();
  const wallS = t0 === undefined || t1 === undefined ? null : (t1 - t0) / 1000;
  const events = sim.eventsFired;
  // Written last: marks the run complete. Wall-clock figures live here only.
  folder.write(
    join(prefix, "run-info.json"),
    json({
      aidcsimVersion: packageVersion(),
      experiment: spec.name,
      scenario: plan.scenario,
      seed: plan.seed,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      wallS,
      events,
      eventsPerS: wallS !== null && wallS > 0 ? events / wallS : null,
      complete: true,
    }),
  );
  return { plan, summary, events, wallS };
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + "\n";
}

/** The experiment after defaults and overrides; trace paths relative to the results folder. */
function resolvedExperiment(plan: RunPlan, traces: TraceInfo[], finalDir: string): unknown {
  const rel = (abs: string) => relative(finalDir, abs).split("\\").join("/");
  const spec = structuredClone(plan.experiment.spec) as Record<string, unknown>;
  const baseDir = join(plan.experiment.file, "..");
  rewriteTracePaths(spec, (file) => rel(join(baseDir, file)));
  return {
    experiment: spec,
    scenario: plan.scenario,
    seed: plan.seed,
    sets: plan.experiment.sets,
    overrides: plan.overrides,
    traces: traces.map((t) => ({ path: rel(t.path), sha256: t.sha256, rows: t.rows })),
  };
}

function rewriteTracePaths(node: unknown, map: (file: string) => string): void {
  if (Array.isArray(node)) {
    for (const v of node) rewriteTracePaths(v, map);
  } else if (node !== null && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    const emp = obj.empirical as Record<string, unknown> | undefined;
    if (emp && typeof emp === "object" && typeof emp.file === "string") emp.file = map(emp.file);
    for (const v of Object.values(obj)) rewriteTracePaths(v, map);
  }
}

export interface RunFileOptions extends RunOptions {
  outDir: string;
  force: boolean;
  sets?: readonly string[];
  seed?: number;
  replications?: number;
  /** Run only the runs whose index is `index` modulo `count` (a deterministic subset). */
  shard?: { index: number; count: number };
  /** Instead of running, gather the finished runs from these shard folders. */
  merge?: readonly string[];
  /** Called before each run starts (index, total, plan). */
  onRunStart?: (index: number, total: number, plan: RunPlan) => void;
  /** Called once with the number of runs already finished (resumed) or merged, if any. */
  onReused?: (reused: number, total: number) => void;
  /**
   * Runs the planned runs (default: one after another in this thread). The CLI passes a pool of
   * worker threads for `--workers K`. Must return the outcomes in the order of `jobs`.
   */
  executePlans?: (jobs: readonly PlanJob[], folder: RunFolder) => Promise<RunOutcome[]>;
}

/** One run of an experiment file: its index among the expanded plans and its sub-folder. */
export interface PlanJob {
  index: number;
  plan: RunPlan;
  /** "" for a single run, else `runs/<scenario>/seed-<n>`. */
  prefix: string;
}

/** The outcome of a run already written to `dir` (its run-info.json marks it complete). */
function outcomeFromFolder(plan: RunPlan, dir: string): RunOutcome {
  const info = JSON.parse(readFileSync(join(dir, "run-info.json"), "utf8")) as {
    events: number;
    wallS: number | null;
  };
  return { plan, summary: readSummary(dir), events: info.events, wallS: info.wallS };
}

/** What a resumable sweep folder was started for; a rerun reuses it only if this matches. */
function planFingerprint(jobs: readonly PlanJob[], shard: RunFileOptions["shard"]): string {
  return json({
    shard: shard ?? null,
    runs: jobs.map((j) => ({ prefix: j.prefix, spec: j.plan.experiment.spec })),
  });
}

const PLAN_FILE = ".plan.json";

/**
 * Runs an experiment file: one run folder, or (with replications or a sweep) `runs/<scenario>/
 * seed-<n>/` folders plus `manifest.json`, `sweep.csv` and `sweep.parquet`. The whole result
 * appears atomically. A sweep is resumable: interrupted, it leaves `.<out>.partial/`, and the same
 * command run again redoes only the runs not finished. With `shard`, only a subset runs and the
 * folder holds those runs and `shard.json`; `merge` gathers shard folders into what the unsharded
 * sweep writes.
 * @throws InputError (bad input), RunFailedError (a run could not finish)
 */
export async function runExperimentFile(
  file: string,
  options: RunFileOptions,
): Promise<RunOutcome[]> {
  const base = loadWithCatalog(file, options.sets);
  const expandOptions: ExpandOptions = {
    acceleratorIds: catalog().ids(),
    seed: options.seed,
    replications: options.replications,
  };
  const plans = expandRuns(base, expandOptions);
  // Validate every run's inputs (traces, parameters) before any simulation or writing.
  for (const p of plans) resolvePlan(p);
  const single = plans.length === 1;
  if (single && (options.shard !== undefined || options.merge !== undefined)) {
    throw simpleInputError(
      base.displayFile,
      "--shard and --merge need several runs: a sweep: section or --replications",
    );
  }
  const { shard, merge } = options;
  if (shard !== undefined && merge !== undefined)
    throw simpleInputError(base.displayFile, "give --shard or --merge, not both");
  const shardOf = merge?.map((dir) => checkShardFolder(dir, base.spec.name, plans.length));
  const folder = new PendingFolder(options.outDir, options.force, !single);
  try {
    const jobs: PlanJob[] = plans.map((plan, index) => ({
      index,
      plan,
      prefix: single ? "" : join("runs", plan.scenario, `seed-${plan.seed}`),
    }));
    const mine = shard ? jobs.filter((j) => j.index % shard.count === shard.index) : jobs;
    const outcomes: (RunOutcome | undefined)[] = new Array(mine.length);
    if (!single) {
      const fingerprint = planFingerprint(mine, shard);
      const planPath = join(folder.tmp, PLAN_FILE);
      if (folder.resumed && readFileOr(planPath) !== fingerprint) folder.reset();
      folder.write(PLAN_FILE, fingerprint);
      let reused = 0;
      mine.forEach((job, k) => {
        const dir = join(folder.tmp, job.prefix);
        if (merge !== undefined) {
          const from = merge.find((m) => existsSync(join(m, job.prefix, "run-info.json")));
          if (from === undefined) {
            throw simpleInputError(
              job.prefix,
              `no shard folder holds this run (looked in ${merge.join(", ")}; shards ${shardOf!.map((s) => `${s.index}/${s.count}`).join(", ")})`,
            );
          }
          rmSync(dir, { recursive: true, force: true });
          cpSync(join(from, job.prefix), dir, { recursive: true });
        } else if (!existsSync(join(dir, "run-info.json"))) {
          rmSync(dir, { recursive: true, force: true }); // a run cut short: redo it
          return;
        }
        outcomes[k] = outcomeFromFolder(job.plan, dir);
        reused++;
      });
      if (reused > 0) options.onReused?.(reused, mine.length);
    }
    const todo = mine.filter((_, k) => outcomes[k] === undefined);
    let fresh: RunOutcome[];
    if (options.executePlans !== undefined && !single && todo.length > 0) {
      fresh = await options.executePlans(todo, folder);
    } else {
      fresh = [];
      for (const job of todo) {
        options.onRunStart?.(job.index, plans.length, job.plan);
        fresh.push(await executeRun(job.plan, folder, job.prefix, options));
      }
    }
    let f = 0;
    for (let k = 0; k < mine.length; k++) outcomes[k] ??= fresh[f++];
    const done = outcomes as RunOutcome[];
    if (shard !== undefined) {
      folder.write(
        "shard.json",
        json({
          experiment: base.spec.name,
          shard: shard.index,
          of: shard.count,
          runs: plans.length,
          folders: mine.map((j) => j.prefix),
        }),
      );
    } else if (!single) {
      folder.write("manifest.json", json(manifest(base, plans)));
      folder.write("sweep.csv", sweepCsv(done));
      folder.write("sweep.parquet", await sweepParquet(done));
      const runs = done.map((o) => ({
        scenario: o.plan.scenario,
        seed: o.plan.seed,
        axes: o.plan.overrides as Record<string, SweepAxisValue>,
        metrics: flattenNumbers(o.summary),
        folder: `runs/${o.plan.scenario}/seed-${o.plan.seed}`,
      }));
      const axisValues = (base.spec.sweep ?? {}) as Record<string, SweepAxisValue[]>;
      folder.write(
        "report.html",
        await writeSweepReport(folder.tmp, base.spec.name, runs, axisValues, options.plots),
      );
    }
    if (!single) rmSync(join(folder.tmp, PLAN_FILE), { force: true });
    folder.commit();
    return done;
  } catch (e) {
    folder.abandon();
    throw e;
  }
}

function readFileOr(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** A shard folder's shard.json, checked against the sweep being merged. @throws InputError */
function checkShardFolder(
  dir: string,
  experiment: string,
  runs: number,
): { index: number; count: number } {
  const path = join(dir, "shard.json");
  if (!existsSync(path))
    throw simpleInputError(dir, "not a shard folder: no shard.json (write one with --shard I/N)");
  const s = JSON.parse(readFileSync(path, "utf8")) as {
    experiment: string;
    shard: number;
    of: number;
    runs: number;
  };
  if (s.experiment !== experiment || s.runs !== runs) {
    throw simpleInputError(
      dir,
      `shard of '${s.experiment}' with ${s.runs} runs; this sweep is '${experiment}' with ${runs} runs (same file, --set and --replications needed)`,
    );
  }
  return { index: s.shard, count: s.of };
}

function manifest(base: LoadedExperiment, plans: RunPlan[]): unknown {
  return {
    experiment: base.spec.name,
    aidcsimVersion: packageVersion(),
    runs: plans.map((p) => ({
      scenario: p.scenario,
      seed: p.seed,
      replication: p.replication,
      overrides: p.overrides,
      folder: `runs/${p.scenario}/seed-${p.seed}`,
    })),
  };
}

/** Flattens a summary to `a.b.c -> number` for sweep tables. */
export function flattenNumbers(
  obj: unknown,
  prefix = "",
  out: Record<string, number | null> = {},
): Record<string, number | null> {
  if (obj !== null && typeof obj === "object" && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flattenNumbers(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof obj === "number" || obj === null) {
    if (prefix !== "schemaVersion" && prefix !== "seed") out[prefix] = obj;
  }
  return out;
}

function sweepCsv(outcomes: RunOutcome[]): string {
  const axes = [...new Set(outcomes.flatMap((o) => Object.keys(o.plan.overrides)))];
  const rows = outcomes.map((o) => flattenNumbers(o.summary));
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [["scenario", ...axes, "seed", ...metrics].map(q).join(",")];
  outcomes.forEach((o, i) => {
    // Text as text (not JSON-quoted), so pandas and DuckDB read "fifo", not "\"fifo\"".
    const axisCells = axes.map((a) => {
      const v = o.plan.overrides[a];
      return q(v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));
    });
    const metricCells = metrics.map((m) => {
      const v = rows[i][m];
      return v === null || v === undefined ? "" : String(v);
    });
    lines.push([q(o.plan.scenario), ...axisCells, String(o.plan.seed), ...metricCells].join(","));
  });
  return lines.join("\n") + "\n";
}

/**
 * sweep.parquet: the rows and columns of sweep.csv (axes as text, seed and metrics as doubles,
 * empty cells as nulls) for DuckDB, pandas or Polars.
 */
async function sweepParquet(outcomes: RunOutcome[]): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await import("hyparquet-writer");
  const axes = [...new Set(outcomes.flatMap((o) => Object.keys(o.plan.overrides)))];
  const rows = outcomes.map((o) => flattenNumbers(o.summary));
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const text = (v: unknown) =>
    v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v);
  const buf = parquetWriteBuffer({
    columnData: [
      { name: "scenario", data: outcomes.map((o) => o.plan.scenario), type: "STRING" },
      ...axes.map((a) => ({
        name: a,
        data: outcomes.map((o) => text(o.plan.overrides[a])),
        type: "STRING" as const,
      })),
      { name: "seed", data: outcomes.map((o) => o.plan.seed), type: "DOUBLE" },
      ...metrics.map((m) => ({
        name: m,
        data: rows.map((r) => r[m] ?? null),
        type: "DOUBLE" as const,
      })),
    ],
  });
  return new Uint8Array(buf);
}

/** Reads a results folder's summary (used by regress and compare). */
export function readSummary(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
}

import { performance } from "node:perf_hooks";
import { InvalidArgumentError, type Command } from "commander";
import type { RunOutcome } from "../../experiment/run.js";
import { type CliContext, collect, intArg } from "../main.js";

interface RunFlags {
  seed?: number;
  out?: string;
  force?: boolean;
  replications?: number;
  set?: string[];
  shocks?: string[];
  plots: boolean;
  maxEvents?: number;
  quiet?: boolean;
  workers?: number;
  shard?: { index: number; count: number };
  merge?: string[];
}

/** Parses `--shard I/N`: run I of N (0 <= I < N), as Kubernetes' JOB_COMPLETION_INDEX counts. */
export function shardArg(value: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index < count)) {
    throw new InvalidArgumentError(`expected I/N with 0 <= I < N (e.g. 0/4), got '${value}'`);
  }
  return { index, count };
}

/** Seconds between plain progress lines when stderr is not a terminal (CI logs, batch jobs). */
const PLAIN_PROGRESS_S = 10;

async function runCommand(file: string, flags: RunFlags, ctx: CliContext): Promise<void> {
  // Loaded here, not at start-up, so `aidcsim --version` and `--help` stay fast.
  const { loadWithCatalog, runExperimentFile } = await import("../../experiment/run.js");
  const { SingleBar } = await import("cli-progress");
  const { shocksSet } = await import("../../experiment/load.js");
  const { basename, extname } = await import("node:path");
  // Shock files go first, so a --set can still reach into the shocks they add.
  const sets = [...(flags.shocks ?? []).map(shocksSet), ...(flags.set ?? [])];
  const name = loadWithCatalog(file, sets).spec.name;
  const shockNames = (flags.shocks ?? []).map((f) => basename(f, extname(f)));
  const outDir = flags.out ?? `results/${[name, ...shockNames].join("+")}`;
  const showBar = !flags.quiet && process.stderr.isTTY === true;
  const bar = showBar
    ? new SingleBar({
        format: " {run} |{bar}| {percentage}% simulated | {eta_formatted} left",
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  // Not on a terminal: a plain line every PLAIN_PROGRESS_S seconds instead of a bar.
  const plain = !flags.quiet && !showBar;
  let lastLine = performance.now();
  let current = "";
  const plainLine = (text: string) => {
    const now = performance.now();
    if (now - lastLine < PLAIN_PROGRESS_S * 1000) return;
    lastLine = now;
    ctx.stderr(`${text}\n`);
  };
  const workers = flags.workers ?? 1;
  const executePlans =
    workers > 1
      ? (await import("../worker-pool.js")).workerPoolExecutor({
          workers,
          file,
          sets,
          seed: flags.seed,
          replications: flags.replications,
          plots: flags.plots,
          maxEvents: flags.maxEvents,
          onRunStart: (i, total) => {
            if (bar && current === "") {
              current = `${total} runs on ${workers} workers`;
              bar.start(total, 0, { run: current });
            }
          },
          onRunDone: (done, total) => {
            bar?.update(done);
            if (plain) plainLine(`${name}: ${done}/${total} runs done`);
          },
        })
      : undefined;
  const t0 = performance.now();
  let outcomes: RunOutcome[];
  try {
    outcomes = await runExperimentFile(file, {
      executePlans,
      outDir,
      force: flags.force ?? false,
      sets,
      seed: flags.seed,
      replications: flags.replications,
      plots: flags.plots,
      maxEvents: flags.maxEvents,
      shard: flags.shard,
      merge: flags.merge,
      onReused: (reused, total) => {
        if (!flags.quiet)
          ctx.stderr(
            flags.merge
              ? `${name}: merged ${reused} runs from ${flags.merge.length} shard folders\n`
              : `${name}: resuming: ${reused} of ${total} runs already finished in the partial folder\n`,
          );
      },
      // The wall clock lives here, in the CLI: it feeds run-info.json only.
      wallClockMs: () => performance.now(),
      onRunStart: (i, total, plan) => {
        const label =
          total > 1
            ? `run ${i + 1}/${total} ${plan.scenario} seed ${plan.seed}`
            : `${name} seed ${plan.seed}`;
        if (bar) {
          if (current === "") bar.start(100, 0, { run: label });
          else bar.update(0, { run: label });
        }
        current = label;
      },
      onProgress: bar
        ? (f) => bar.update(Math.round(f * 100))
        : plain
          ? (f) => plainLine(`${current}: ${(f * 100).toFixed(0)}% simulated`)
          : undefined,
    });
  } finally {
    bar?.stop();
  }
  for (const o of outcomes) {
    const warnings = (o.summary.warnings ?? []) as string[];
    const where = outcomes.length > 1 ? ` (${o.plan.scenario}, seed ${o.plan.seed})` : "";
    for (const w of warnings) ctx.stderr(`warning${where}: ${w}\n`);
  }
  if (!flags.quiet) {
    const events = outcomes.reduce((a, o) => a + o.events, 0);
    const wall = (performance.now() - t0) / 1000;
    ctx.stdout(
      `${name}: ${outcomes.length} run${outcomes.length === 1 ? "" : "s"}, ${events.toLocaleString("en-US")} events in ${wall.toFixed(2)} s -> ${outDir}\n`,
    );
  }
}

function addRunOptions(cmd: Command): Command {
  return cmd
    .option(
      "--seed <n>",
      "seed of the first replication (default: the file's seed)",
      intArg(0, 2 ** 32 - 1),
    )
    .option("--out <dir>", "results folder (default: results/<experiment name>)")
    .option("--force", "replace an existing results folder")
    .option("--replications <r>", "runs with seeds counted up from the seed", intArg(1, 1000))
    .option(
      "--set <path=value>",
      "override a field, e.g. --set pools.0.count=512 (repeatable)",
      collect,
    )
    .option(
      "--shocks <file>",
      "overlay a shock file (experiments/shocks/) on the experiment (repeatable)",
      collect,
    )
    .option("--no-plots", "skip plots")
    .option("--max-events <n>", "fail the run after this many events", intArg(1))
    .option("--quiet", "no progress or closing line");
}

export function registerRun(program: Command, ctx: CliContext): void {
  addRunOptions(
    program
      .command("run")
      .description("run an experiment file and write a results folder")
      .argument("<experiment>", "experiment file (YAML or JSON)"),
  ).action((file: string, flags: RunFlags) => runCommand(file, flags, ctx));

  addRunOptions(
    program
      .command("sweep")
      .description(
        "run every scenario of the file's sweep: axes x seeds, on --workers K threads at once",
      )
      .argument("<experiment>", "experiment file (YAML or JSON)"),
  )
    .option(
      "--workers <k>",
      "worker threads running runs at once (default 1; results are the same for any K)",
      intArg(1, 64),
    )
    .option(
      "--shard <I/N>",
      "run only runs I, I+N, I+2N, ... (0 <= I < N) into --out, for merging later",
      shardArg,
    )
    .option(
      "--merge <dirs...>",
      "gather the runs of shard folders into --out, as the unsharded sweep writes them",
    )
    .action((file: string, flags: RunFlags) => runCommand(file, flags, ctx));
}

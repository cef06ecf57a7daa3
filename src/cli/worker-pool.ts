/**
 * A pool of worker threads for `sweep --workers K` (piscina; a sweep's runs are independent, so
 * K runs go at once). Outcomes come back in plan order whatever order the runs finish in, so
 * manifest.json, sweep.csv and the sweep page do not depend on K.
 */
import { Piscina } from "piscina";
import type { PlanJob, RunOutcome } from "../experiment/run.js";
import type { RunFolder } from "../experiment/results-folder.js";
import { InputError, RunFailedError, type Problem } from "../experiment/problems.js";
import type { WorkerJob, WorkerReply } from "./run-worker.js";

export interface PoolOptions {
  workers: number;
  file: string;
  sets: readonly string[];
  seed?: number;
  replications?: number;
  plots: boolean;
  maxEvents?: number;
  onRunStart?: (index: number, total: number, job: PlanJob) => void;
  onRunDone?: (done: number, total: number) => void;
}

/** The task module: compiled JavaScript from dist/, or through tsx when running from source. */
function taskModule(): string {
  const fromSource = import.meta.url.endsWith(".ts");
  return new URL(fromSource ? "./ts-worker.mjs" : "./run-worker.js", import.meta.url).href;
}

function toError(reply: Extract<WorkerReply, { ok: false }>): Error {
  if (reply.kind === "input") return new InputError((reply.problems ?? []) as Problem[]);
  if (reply.kind === "runFailed") return new RunFailedError(reply.message);
  return new Error(`worker: ${reply.message}`);
}

/** An `executePlans` for runExperimentFile that spreads the runs over worker threads. */
export function workerPoolExecutor(opts: PoolOptions) {
  return async (jobs: readonly PlanJob[], folder: RunFolder): Promise<RunOutcome[]> => {
    const k = Math.max(1, Math.min(opts.workers, jobs.length));
    const pool = new Piscina<WorkerJob, WorkerReply>({
      filename: taskModule(),
      minThreads: k,
      maxThreads: k,
      // One run per thread at a time: a run is seconds to minutes of CPU.
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
    });
    // K lanes each take the next run when their last one is done, so a run is announced when it
    // starts and the first failure stops the sweep (runs not yet started are not sent).
    const outcomes: RunOutcome[] = new Array<RunOutcome>(jobs.length);
    let next = 0;
    let done = 0;
    let failure: Error | undefined;
    const lane = async (): Promise<void> => {
      while (failure === undefined && next < jobs.length) {
        const position = next++;
        const job = jobs[position];
        opts.onRunStart?.(job.index, jobs.length, job);
        let reply: WorkerReply;
        try {
          reply = await pool.run({
            // Position in `jobs` (a subset when resuming or sharding); `index` picks the plan.
            id: position,
            file: opts.file,
            sets: opts.sets,
            seed: opts.seed,
            replications: opts.replications,
            index: job.index,
            scenario: job.plan.scenario,
            runSeed: job.plan.seed,
            tmp: folder.tmp,
            finalDir: folder.finalDir,
            prefix: job.prefix,
            plots: opts.plots,
            maxEvents: opts.maxEvents,
          });
        } catch (e) {
          failure ??= e instanceof Error ? e : new Error(String(e));
          return;
        }
        if (!reply.ok) {
          failure ??= toError(reply);
          return;
        }
        outcomes[position] = {
          plan: job.plan,
          summary: reply.summary,
          events: reply.events,
          wallS: reply.wallS,
        };
        opts.onRunDone?.(++done, jobs.length);
      }
    };
    try {
      await Promise.all(Array.from({ length: k }, lane));
    } finally {
      await pool.destroy();
    }
    if (failure !== undefined) throw failure;
    return outcomes;
  };
}

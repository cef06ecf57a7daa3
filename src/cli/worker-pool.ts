/**
 * A pool of worker threads for `sweep --workers K` (node:worker_threads; a sweep's runs are
 * independent, so K runs go at once). Outcomes come back in plan order whatever order the runs
 * finish in, so manifest.json, sweep.csv and the sweep page do not depend on K.
 */
import { Worker } from "node:worker_threads";
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

function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  if (!fromSource) return new Worker(new URL("./run-worker.js", import.meta.url));
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), {
    workerData: { entry: new URL("./run-worker.ts", import.meta.url).href },
  });
}

function toError(reply: Extract<WorkerReply, { ok: false }>): Error {
  if (reply.kind === "input") return new InputError((reply.problems ?? []) as Problem[]);
  if (reply.kind === "runFailed") return new RunFailedError(reply.message);
  return new Error(`worker: ${reply.message}`);
}

/** An `executePlans` for runExperimentFile that spreads the runs over worker threads. */
export function workerPoolExecutor(opts: PoolOptions) {
  return async (jobs: readonly PlanJob[], folder: RunFolder): Promise<RunOutcome[]> => {
    const outcomes: (RunOutcome | undefined)[] = new Array(jobs.length);
    const k = Math.max(1, Math.min(opts.workers, jobs.length));
    const workers = Array.from({ length: k }, startWorker);
    let next = 0;
    let done = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let failed = false;
        const fail = (e: Error) => {
          if (!failed) {
            failed = true;
            reject(e);
          }
        };
        const dispatch = (w: Worker) => {
          if (failed) return;
          if (next >= jobs.length) {
            if (done === jobs.length) resolve();
            return;
          }
          const position = next++;
          const job = jobs[position];
          opts.onRunStart?.(job.index, jobs.length, job);
          const message: WorkerJob = {
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
          };
          w.postMessage(message);
        };
        for (const w of workers) {
          w.on("message", (reply: WorkerReply) => {
            if (!reply.ok) {
              fail(toError(reply));
              return;
            }
            const job = jobs[reply.id];
            outcomes[reply.id] = {
              plan: job.plan,
              summary: reply.summary,
              events: reply.events,
              wallS: reply.wallS,
            };
            done++;
            opts.onRunDone?.(done, jobs.length);
            if (done === jobs.length) resolve();
            else dispatch(w);
          });
          w.on("error", (e) => fail(e));
          w.on("exit", (code) => {
            if (code !== 0) fail(new Error(`worker thread exited with code ${code}`));
          });
          dispatch(w);
        }
      });
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return outcomes.map((o, i) => {
      if (o === undefined) throw new Error(`run ${i} produced no outcome`);
      return o;
    });
  };
}

/**
 * Worker-thread entry for `sweep --workers K` (a piscina task function): runs planned runs of an experiment file into the
 * pending results folder of the main thread. The plans are expanded again here from the same
 * file and options (plans hold functions and cannot cross threads); the same inputs give the
 * same plans, and each run gives the same bytes as in the main thread (test/cli/workers.test.ts).
 */
import { performance } from "node:perf_hooks";
import type { RunPlan } from "../experiment/expand.js";

export interface WorkerJob {
  id: number;
  file: string;
  sets: readonly string[];
  seed?: number;
  replications?: number;
  index: number;
  scenario: string;
  runSeed: number;
  tmp: string;
  finalDir: string;
  prefix: string;
  plots: boolean;
  maxEvents?: number;
}

export type WorkerReply =
  | {
      id: number;
      ok: true;
      summary: Record<string, unknown>;
      events: number;
      wallS: number | null;
    }
  | {
      id: number;
      ok: false;
      kind: "input" | "runFailed" | "internal";
      message: string;
      problems?: unknown[];
    };

const plansByKey = new Map<string, RunPlan[]>();

/** Runs one planned run; errors come back as a reply, not a throw, so their kind survives. */
export default async function runJob(job: WorkerJob): Promise<WorkerReply> {
  const { catalog, executeRun, loadWithCatalog } = await import("../experiment/run.js");
  const { expandRuns } = await import("../experiment/expand.js");
  const { workerFolder } = await import("../experiment/results-folder.js");
  const { InputError, RunFailedError } = await import("../experiment/problems.js");
  try {
    const key = JSON.stringify([job.file, job.sets, job.seed, job.replications]);
    let plans = plansByKey.get(key);
    if (plans === undefined) {
      plans = expandRuns(loadWithCatalog(job.file, job.sets), {
        acceleratorIds: catalog().ids(),
        seed: job.seed,
        replications: job.replications,
      });
      plansByKey.set(key, plans);
    }
    const plan = plans[job.index];
    if (plan === undefined || plan.scenario !== job.scenario || plan.seed !== job.runSeed) {
      throw new Error(`worker expanded a different plan for run ${job.index}: the file changed?`);
    }
    const o = await executeRun(plan, workerFolder(job.tmp, job.finalDir), job.prefix, {
      plots: job.plots,
      maxEvents: job.maxEvents,
      wallClockMs: () => performance.now(),
    });
    return { id: job.id, ok: true, summary: o.summary, events: o.events, wallS: o.wallS };
  } catch (e) {
    if (e instanceof InputError) {
      return {
        id: job.id,
        ok: false,
        kind: "input",
        message: e.message,
        problems: [...e.problems],
      };
    }
    if (e instanceof RunFailedError) {
      return { id: job.id, ok: false, kind: "runFailed", message: e.message };
    }
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { id: job.id, ok: false, kind: "internal", message };
  }
}

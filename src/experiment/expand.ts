/**
 * Expansion of an experiment into runs: `sweep:` axes (a Cartesian product) x seeds. Each run's
 * experiment is the base document with the axis values set, validated again, so a bad value is
 * reported against the file like any other problem.
 */
import type { LoadedExperiment, LoadOptions } from "./load.js";
import { validateSource, type Origin } from "./load.js";
import { InputError, formatProblem, type Problem } from "./problems.js";
import { locate, setIn, splitPath, type SourceDoc } from "./yaml-doc.js";

export interface RunPlan {
  /** `base` without a sweep, else `axis=value,...` (safe as a folder name). */
  scenario: string;
  seed: number;
  /** 0-based replication index. */
  replication: number;
  /** Axis path -> value for this scenario. */
  overrides: Record<string, unknown>;
  experiment: LoadedExperiment;
}

export interface ExpandOptions extends LoadOptions {
  /** Overrides the file's seed (the first replication's seed). */
  seed?: number;
  /** Overrides the file's replications. */
  replications?: number;
}

/** Largest number of runs one expansion may produce. */
export const MAX_RUNS = 100_000;

function scenarioName(overrides: Record<string, unknown>): string {
  const parts = Object.entries(overrides).map(([path, v]) => {
    const leaf = path.split(".").pop() ?? path;
    const text = typeof v === "object" ? JSON.stringify(v) : String(v);
    return `${leaf}=${text}`;
  });
  const name = parts.length === 0 ? "base" : parts.join(",");
  return name.replace(/[^A-Za-z0-9._=,+-]/g, "_").slice(0, 120);
}

/** @throws InputError if an axis value makes the experiment invalid. */
export function expandRuns(base: LoadedExperiment, options: ExpandOptions): RunPlan[] {
  const spec = base.spec;
  const axes = Object.entries(spec.sweep ?? {});
  const replications = options.replications ?? spec.replications;
  const firstSeed = options.seed ?? spec.seed;
  let combos: Record<string, unknown>[] = [{}];
  for (const [path, values] of axes) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [path]: v })));
  }
  if (combos.length * replications > MAX_RUNS) {
    throw new InputError([
      {
        file: base.displayFile,
        ...locate(base.source, ["sweep"]),
        path: "sweep",
        message: `expands to ${combos.length * replications} runs; at most ${MAX_RUNS}`,
      },
    ]);
  }
  const plans: RunPlan[] = [];
  const seen = new Set<string>();
  const problems = new Map<string, Problem>();
  for (const overrides of combos) {
    let experiment = base;
    if (axes.length > 0) {
      const source: SourceDoc = {
        ...base.source,
        doc: base.source.doc.clone() as typeof base.source.doc,
      };
      const origins: Origin[] = [];
      for (const [path, v] of Object.entries(overrides)) {
        setIn(source, splitPath(path), v);
        // Problems with a swept value point at its line under sweep:.
        origins.push({
          path,
          label: `with sweep ${path}=${JSON.stringify(v)}`,
          ...locate(base.source, ["sweep", path], path),
        });
      }
      source.doc.delete("sweep");
      try {
        experiment = { ...base, source, spec: validateSource(source, options, origins) };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        for (const p of e.problems) problems.set(formatProblem(p), p);
        continue;
      }
    }
    let scenario = scenarioName(overrides);
    while (seen.has(scenario)) scenario += "_";
    seen.add(scenario);
    for (let r = 0; r < replications; r++) {
      plans.push({ scenario, seed: firstSeed + r, replication: r, overrides, experiment });
    }
  }
  if (problems.size > 0) throw new InputError([...problems.values()]);
  return plans;
}

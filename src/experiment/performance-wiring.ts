/**
 * Wires the performance model (src/models/performance, models/llms, models/efficiency) into the
 * world's training estimator: how long a model job takes per token in a pool, and whether it fits.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { TrainingEstimator } from "../datacenter/index.js";
import { calibrationPath } from "./resolve.js";
import {
  defaultModelsDir,
  loadEfficiencyCatalog,
  loadLlmCatalog,
  trainingStep,
  type Catalog,
  type EfficiencyCatalog,
  type LlmCatalog,
  applyCalibration,
  loadCalibration,
  suggest,
  type Calibration,
} from "../models/index.js";

const calibrations = new Map<string, Calibration>();
/** A calibration file, read once per process. */
function calibrationAt(file: string): Calibration {
  let c = calibrations.get(file);
  if (!c) {
    c = loadCalibration(file);
    calibrations.set(file, c);
  }
  return c;
}

const TrainingDefaultsSchema = z.strictObject({
  seqLen: z.number().int().positive(),
  globalBatchTokens: z.number().int().positive(),
  sources: z.record(z.string(), z.string()),
});
export type TrainingDefaults = z.infer<typeof TrainingDefaultsSchema>;

/** models/training-defaults.yaml: sequence length and global batch when a workload sets none. */
export function loadTrainingDefaults(dir: string = defaultModelsDir()): TrainingDefaults {
  const file = `${dir}/training-defaults.yaml`;
  return TrainingDefaultsSchema.parse(parse(readFileSync(file, "utf8")));
}

export interface PerformanceData {
  llms: LlmCatalog;
  efficiency: EfficiencyCatalog;
  defaults: TrainingDefaults;
}

let cached: PerformanceData | undefined;
/** The shipped LLM, efficiency and default files (loaded once per process). */
export function performanceData(): PerformanceData {
  cached ??= {
    llms: loadLlmCatalog(),
    efficiency: loadEfficiencyCatalog(),
    defaults: loadTrainingDefaults(),
  };
  return cached;
}

/**
 * The world's training estimator: one optimizer step from the performance model (automatic
 * parallel plan, the accelerator vendor's default software stack), turned into seconds per
 * token and the share of the step that slows with the clock.
 */
export function trainingEstimator(
  catalog: Catalog,
  load: () => PerformanceData = performanceData,
): TrainingEstimator {
  return (work, pool, accelerators) => {
    const data = load();
    const llm = data.llms.get(work.model);
    const acc = catalog.get(pool.accelerator);
    const base = data.efficiency.efficiency(acc.id, data.efficiency.defaultStackFor(acc.vendor));
    const efficiency = pool.calibration
      ? applyCalibration(base, calibrationAt(pool.calibration), acc.id)
      : base;
    const step = trainingStep(llm, acc, {
      accelerators,
      seqLen: work.seqLen ?? data.defaults.seqLen,
      globalBatchTokens: work.globalBatchTokens ?? data.defaults.globalBatchTokens,
      precision: work.precision,
      efficiency,
    });
    if (!step.fits)
      return {
        fits: false,
        reason: `${work.model} on ${accelerators} x ${acc.id}: ${step.reason}`,
      };
    return {
      fits: true,
      secondsPerToken: step.stepTimeS / step.tokensPerStep,
      clockSensitiveFraction: step.clockSensitiveS / step.stepTimeS,
      mfu: step.mfu,
    };
  };
}

/** Unknown model ids in training workloads, with a suggestion, as [path, message] pairs. */
export function performanceProblems(
  spec: import("./schema.js").ExperimentSpec,
  load: () => PerformanceData = performanceData,
): { path: (string | number)[]; message: string }[] {
  const models = spec.workloads.training.map((w) => w.model);
  if (models.every((m) => m === undefined)) return [];
  const ids = load().llms.ids();
  const out: { path: (string | number)[]; message: string }[] = [];
  models.forEach((m, i) => {
    if (m !== undefined && !ids.includes(m)) {
      const hint = suggest(m, ids);
      out.push({
        path: ["workloads", "training", i, "model"],
        message: `unknown model '${m}'${hint ? `; did you mean '${hint}'?` : ""}; accepted values: ${ids.join(", ")}`,
      });
    }
  });
  return out;
}

/** Pools whose calibration file is missing, unreadable or has no factors for the pool's accelerator. */
export function calibrationProblems(
  spec: import("./schema.js").ExperimentSpec,
  baseDir: string,
): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  spec.pools.forEach((p, i) => {
    if (p.calibration === undefined) return;
    const file = calibrationPath(p.calibration, baseDir);
    if (!existsSync(file)) {
      const dir = `${defaultModelsDir()}/calibrations`;
      const known = readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => f.replace(/\.ya?ml$/, ""));
      const hint = suggest(p.calibration, known);
      out.push({
        path: ["pools", i, "calibration"],
        message: `no calibration file ${file}${hint ? `; did you mean '${hint}'?` : ""}; in models/calibrations: ${known.join(", ") || "(none)"}`,
      });
      return;
    }
    try {
      const cal = calibrationAt(file);
      if (cal.accelerators[p.accelerator] === undefined) {
        out.push({
          path: ["pools", i, "calibration"],
          message: `calibration '${cal.name}' has no factors for ${p.accelerator}; it covers: ${Object.keys(cal.accelerators).join(", ")}`,
        });
      }
    } catch (e) {
      out.push({ path: ["pools", i, "calibration"], message: (e as Error).message.split("\n")[0] });
    }
  });
  return out;
}

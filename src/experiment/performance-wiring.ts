/**
 * Wires the performance model (src/models/performance, models/llms, models/efficiency) into the
 * world's training estimator: how long a model job takes per token in a pool, and whether it fits.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { InferenceEstimator, TrainingEstimator } from "../datacenter/index.js";
import { calibrationPath } from "./resolve.js";
import {
  defaultModelsDir,
  loadEfficiencyCatalog,
  loadLlmCatalog,
  trainingStep,
  prefill,
  decodeStep,
  kvCapacityTokens,
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
      parameters: llm.parametersTotal,
    };
  };
}

/** KV tokens a replica should hold at least for the automatic tensor-parallel choice. */
const MIN_KV_TOKENS = 32_768;

/**
 * The world's inference estimator: a replica's tensor-parallel degree (given, or the smallest
 * power of two dividing the heads, inside the scale-up domain, that leaves room for
 * MIN_KV_TOKENS of KV cache), its KV capacity, and prefill and decode times (cached).
 */
export function inferenceEstimator(
  catalog: Catalog,
  load: () => PerformanceData = performanceData,
): InferenceEstimator {
  return (spec, pool) => {
    const data = load();
    const llm = data.llms.get(spec.model);
    const acc = catalog.get(pool.accelerator);
    const stack = data.efficiency.defaultStackFor(acc.vendor);
    const base = data.efficiency.efficiency(acc.id, stack);
    const efficiency = pool.calibration
      ? applyCalibration(base, calibrationAt(pool.calibration), acc.id)
      : base;
    const reserve = efficiency.memoryReserveFraction;
    const prec = spec.weightPrecision;
    let tp = spec.tensorParallel;
    if (tp === undefined) {
      const domain = Math.min(pool.scaleUpDomain ?? acc.scaleUpDomain, acc.scaleUpDomain);
      for (let t = 1; t <= domain; t *= 2) {
        if (llm.heads % t !== 0) continue;
        tp = t;
        if (kvCapacityTokens(llm, acc, t, prec, reserve) >= MIN_KV_TOKENS) break;
      }
      tp ??= 1;
    }
    const o = { tp, weightPrecision: prec, efficiency };
    const kv = kvCapacityTokens(llm, acc, tp, prec, reserve);
    const prefills = new Map<number, number>();
    const decodes = new Map<number, number>();
    return {
      tp,
      kvCapacityTokens: kv,
      prefillS(tokens) {
        const n = Math.max(1, Math.round(tokens));
        let t = prefills.get(n);
        if (t === undefined) {
          t = prefill(llm, acc, { ...o, batch: 1, promptTokens: n }).timeS;
          prefills.set(n, t);
        }
        return t;
      },
      decodeS(batch, context) {
        // Context rounded to 64 tokens: the step time is linear in it, the cache stays small.
        const c = Math.max(64, Math.round(context / 64) * 64);
        const key = batch * 1e7 + c;
        let t = decodes.get(key);
        if (t === undefined) {
          t = decodeStep(llm, acc, { ...o, batch, contextTokens: c }).timeS;
          decodes.set(key, t);
        }
        return t;
      },
    };
  };
}

/** Unknown model ids in training workloads, with a suggestion, as [path, message] pairs. */
export function performanceProblems(
  spec: import("./schema.js").ExperimentSpec,
  load: () => PerformanceData = performanceData,
): { path: (string | number)[]; message: string }[] {
  const models = [
    ...spec.workloads.training.map((w, i) => ({
      m: w.model,
      path: ["workloads", "training", i, "model"],
    })),
    ...spec.workloads.inference.map((w, i) => ({
      m: w.model,
      path: ["workloads", "inference", i, "model"],
    })),
  ];
  if (models.every((x) => x.m === undefined)) return [];
  const ids = load().llms.ids();
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const { m, path } of models) {
    if (m !== undefined && !ids.includes(m)) {
      const hint = suggest(m, ids);
      out.push({
        path,
        message: `unknown model '${m}'${hint ? `; did you mean '${hint}'?` : ""}; accepted values: ${ids.join(", ")}`,
      });
    }
  }
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

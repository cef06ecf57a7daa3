/**
 * Least-squares fit of inference factors to measurements (ml-matrix). Per accelerator, the
 * unknowns are 1/matmul efficiency, 1/HBM efficiency and the prefill and decode overheads; the
 * model is linear in them once each point's roofline regime (compute- or memory-bound) is
 * known, so the fit alternates: assign regimes from the current factors, solve the weighted
 * (relative-error) least squares, repeat until the regimes stop changing.
 */
import { Matrix, solve } from "ml-matrix";
import type { Accelerator } from "../catalog-schema.js";
import type { Llm } from "../llm-schema.js";
import type { Efficiency, Precision } from "../performance/efficiency.js";
import { decodeStep, prefill, type InferenceStepBreakdown } from "../performance/inference.js";
import type {
  AcceleratorCalibration,
  Calibration,
  CalibrationFactors,
  CalibrationPoint,
} from "./calibration-schema.js";
import type { Measurement } from "./measurements.js";

/** One equation: a measured time of one kind from one CSV row. */
interface Observation {
  readonly row: Measurement;
  readonly kind: "prefill" | "decode";
  readonly measuredS: number;
}

export interface FitInputs {
  readonly rows: readonly Measurement[];
  readonly llm: (id: string) => Llm;
  readonly accelerator: (id: string) => Accelerator;
  /** Baseline factors (stack defaults) for an accelerator. */
  readonly efficiency: (acceleratorId: string) => Efficiency;
  /** Stack id recorded in the calibration for an accelerator. */
  readonly stack: (acceleratorId: string) => string;
  readonly name: string;
  readonly measurementsFile: string;
}

/** Thrown when the rows cannot determine a sensible fit; the message says why. */
export class CalibrationFitError extends Error {
  override name = "CalibrationFitError";
}

const PARAMS = ["invMatmul", "invHbm", "prefillOverheadS", "decodeOverheadS"] as const;
type Param = (typeof PARAMS)[number];

function observations(rows: readonly Measurement[]): Observation[] {
  const out: Observation[] = [];
  for (const row of rows) {
    if (row.prefillMs !== null) out.push({ row, kind: "prefill", measuredS: row.prefillMs / 1000 });
    if (row.decodeMsPerToken !== null)
      out.push({ row, kind: "decode", measuredS: row.decodeMsPerToken / 1000 });
  }
  return out;
}

/** The model's terms at unit efficiency and zero overhead, so each unknown enters linearly. */
function unitTerms(o: Observation, inputs: FitInputs, base: Efficiency): InferenceStepBreakdown {
  const unit: Efficiency = {
    ...base,
    matmulBf16: 1,
    matmulFp8: 1,
    hbm: 1,
    prefillOverheadS: 0,
    decodeOverheadS: 0,
  };
  const llm = inputs.llm(o.row.model);
  const acc = inputs.accelerator(o.row.accelerator);
  const common = {
    tp: o.row.tensorParallel,
    batch: o.row.batchSize,
    weightPrecision: o.row.weightPrecision,
    efficiency: unit,
  };
  return o.kind === "prefill"
    ? prefill(llm, acc, { ...common, promptTokens: o.row.promptTokens })
    : decodeStep(llm, acc, { ...common, contextTokens: o.row.promptTokens });
}

interface Solved {
  readonly x: Record<Param, number>;
  readonly fitted: ReadonlySet<Param>;
}

/** Predicted seconds for an observation given the unknowns. */
function predict(
  t: InferenceStepBreakdown,
  kind: "prefill" | "decode",
  x: Record<Param, number>,
): number {
  const compute = t.matmulS * x.invMatmul + t.attentionS;
  const memory = t.memoryS * x.invHbm;
  const overhead = kind === "prefill" ? x.prefillOverheadS : x.decodeOverheadS;
  return Math.max(compute, memory) + t.tensorParallelS + overhead;
}

function fitGroup(
  obs: readonly Observation[],
  terms: readonly InferenceStepBreakdown[],
  start: Record<Param, number>,
): Solved {
  let x = { ...start };
  let regimes = "";
  const fixed = new Set<Param>();
  for (let iter = 0; iter < 50; iter++) {
    const compute = obs.map(
      (o, i) =>
        terms[i]!.matmulS * x.invMatmul + terms[i]!.attentionS >= terms[i]!.memoryS * x.invHbm,
    );
    const key = compute.map((c) => (c ? "c" : "m")).join("");
    // Columns: coefficient of each unknown in each (relative) equation.
    const coef = (i: number, p: Param): number => {
      const o = obs[i]!;
      const t = terms[i]!;
      if (p === "invMatmul") return compute[i] ? t.matmulS : 0;
      if (p === "invHbm") return compute[i] ? 0 : t.memoryS;
      if (p === "prefillOverheadS") return o.kind === "prefill" ? 1 : 0;
      return o.kind === "decode" ? 1 : 0;
    };
    const free = PARAMS.filter((p) => !fixed.has(p) && obs.some((_, i) => coef(i, p) !== 0));
    if (free.length === 0) break;
    if (obs.length < free.length) {
      throw new CalibrationFitError(
        `${obs.length} measured times cannot determine ${free.length} factors (${free.join(", ")}); add rows`,
      );
    }
    const A = new Matrix(obs.length, free.length);
    const b = new Matrix(obs.length, 1);
    obs.forEach((o, i) => {
      const t = terms[i]!;
      let known = t.tensorParallelS + (compute[i] ? t.attentionS : 0);
      for (const p of PARAMS) if (!free.includes(p)) known += coef(i, p) * x[p];
      free.forEach((p, j) => A.set(i, j, coef(i, p) / o.measuredS));
      b.set(i, 0, (o.measuredS - known) / o.measuredS);
    });
    const sol = solve(A, b);
    const next = { ...x };
    free.forEach((p, j) => (next[p] = sol.get(j, 0)));
    // Overheads cannot be negative: pin a negative one at 0 and solve again.
    const negative = free.find(
      (p) => (p === "prefillOverheadS" || p === "decodeOverheadS") && next[p] < 0,
    );
    if (negative !== undefined) {
      fixed.add(negative);
      x = { ...next, [negative]: 0 };
      continue;
    }
    x = next;
    if (key === regimes) break;
    regimes = key;
  }
  const fitted = new Set<Param>(
    PARAMS.filter((p) =>
      obs.some((o, i) => {
        const t = terms[i]!;
        const computeBound = t.matmulS * x.invMatmul + t.attentionS >= t.memoryS * x.invHbm;
        if (p === "invMatmul") return computeBound;
        if (p === "invHbm") return !computeBound;
        return p === "prefillOverheadS" ? o.kind === "prefill" : o.kind === "decode";
      }),
    ),
  );
  return { x, fitted };
}

/**
 * Fits every accelerator in the rows separately.
 * @throws CalibrationFitError when the rows cannot determine the factors or the fit leaves
 *   them outside their physical range (an efficiency above 1).
 */
export function fitCalibration(inputs: FitInputs): Calibration {
  const byAcc = new Map<string, Observation[]>();
  for (const o of observations(inputs.rows)) {
    const list = byAcc.get(o.row.accelerator) ?? [];
    list.push(o);
    byAcc.set(o.row.accelerator, list);
  }
  const accelerators: Record<string, AcceleratorCalibration> = {};
  for (const [accId, obs] of [...byAcc.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const base = inputs.efficiency(accId);
    const precisions = new Set<Precision>(obs.map((o) => o.row.weightPrecision));
    if (precisions.size > 1) {
      throw new CalibrationFitError(
        `${accId}: rows mix weight precisions (${[...precisions].join(", ")}); fit each in its own file`,
      );
    }
    const precision = [...precisions][0]!;
    const matmulKey = precision === "fp8" ? "matmulFp8" : "matmulBf16";
    const terms = obs.map((o) => unitTerms(o, inputs, base));
    const start: Record<Param, number> = {
      invMatmul: 1 / base[matmulKey],
      invHbm: 1 / base.hbm,
      prefillOverheadS: base.prefillOverheadS,
      decodeOverheadS: base.decodeOverheadS,
    };
    const { x, fitted } = fitGroup(obs, terms, start);
    const factors: CalibrationFactors = {};
    const notFitted: string[] = [];
    const setFactor = (p: Param, key: keyof CalibrationFactors, value: number) => {
      if (!fitted.has(p)) {
        notFitted.push(key);
        return;
      }
      if (
        (key === "matmulBf16" || key === "matmulFp8" || key === "hbm") &&
        !(value > 0 && value <= 1)
      ) {
        throw new CalibrationFitError(
          `${accId}: the fit gives ${key} = ${value.toFixed(3)}, outside (0, 1]; check the measurements (units are ms) and the model and tensorParallel columns`,
        );
      }
      factors[key] = value;
    };
    setFactor("invMatmul", matmulKey, 1 / x.invMatmul);
    setFactor("invHbm", "hbm", 1 / x.invHbm);
    setFactor("prefillOverheadS", "prefillOverheadS", x.prefillOverheadS);
    setFactor("decodeOverheadS", "decodeOverheadS", x.decodeOverheadS);
    const points: CalibrationPoint[] = obs.map((o, i) => {
      const predictedMs = predict(terms[i]!, o.kind, x) * 1000;
      const measuredMs = o.measuredS * 1000;
      return {
        line: o.row.line,
        kind: o.kind,
        model: o.row.model,
        measuredMs,
        predictedMs,
        relativeError: (predictedMs - measuredMs) / measuredMs,
      };
    });
    accelerators[accId] = {
      stack: inputs.stack(accId),
      factors,
      notFitted,
      fittedLines: [...new Set(obs.map((o) => o.row.line))].sort((a, b) => a - b),
      fit: fitErrors(points),
    };
  }
  return { name: inputs.name, measurements: inputs.measurementsFile, accelerators };
}

/** RMSE (ms), RMS and max relative error over points. */
export function fitErrors(points: CalibrationPoint[]): AcceleratorCalibration["fit"] {
  const n = Math.max(1, points.length);
  const rmseMs = Math.sqrt(points.reduce((s, p) => s + (p.predictedMs - p.measuredMs) ** 2, 0) / n);
  const rmsRelativeError = Math.sqrt(points.reduce((s, p) => s + p.relativeError ** 2, 0) / n);
  const maxRelativeError = points.reduce((m, p) => Math.max(m, Math.abs(p.relativeError)), 0);
  return { rmseMs, rmsRelativeError, maxRelativeError, points };
}

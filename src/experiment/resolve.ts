/**
 * From a validated experiment to the world's configuration: times to seconds, distributions to
 * resolved data, traces read (read-only) and fingerprinted.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import type {
  DataCenterConfig,
  FailureConfig,
  ShockConfig,
  HallPhysics,
  PoolPhysics,
  SitePhysics,
} from "../datacenter/index.js";
import {
  distProblem,
  parseAzureTrace,
  parseMooncakeTrace,
  readCsvColumn,
  TraceFormatError,
  type ArrivalConfig,
  type DistConfig,
  type LlmRequestRow,
  type LlmServiceSpec,
} from "../workloads/index.js";
import { defaultModelsDir, loadAcceleratorCatalog, type Catalog } from "../models/catalog.js";
import { loadFailureParams } from "../models/reliability.js";
import { leadTimeWeeksAt, loadPrices, type Prices } from "../models/cost.js";
import type { LoadedExperiment } from "./load.js";
import { InputError, type Problem } from "./problems.js";
import type {
  ArrivalsSpec,
  CountDistSpec,
  DurationDistSpec,
  ExperimentSpec,
  SiteSpec,
} from "./schema.js";
import { startMsOf } from "./semantics.js";
import { durationToS, timeToS } from "./units.js";
import { locate } from "./yaml-doc.js";

/** Seconds from `startMs` to the next full hour of local time (UTC + offset); 0 if on one. */
function firstLocalHourS(startMs: number, utcOffsetH: number): number {
  const local = startMs + utcOffsetH * 3_600_000;
  return (Math.ceil(local / 3_600_000) * 3_600_000 - local) / 1000;
}

let pricesCache: Prices | undefined;
/** The shipped price book (read once), for the lead times of orders. */
function priceBook(): Prices {
  pricesCache ??= loadPrices();
  return pricesCache;
}

let catalogCache: Catalog | undefined;
/** The shipped accelerator catalog (read once), for supply fields of shocked deliveries. */
function acceleratorCatalog(): Catalog {
  catalogCache ??= loadAcceleratorCatalog();
  return catalogCache;
}

export interface TraceInfo {
  /** Absolute path. */
  path: string;
  sha256: string;
  rows: number;
}

export interface ResolvedRun {
  config: DataCenterConfig;
  startMs: number;
  traces: TraceInfo[];
}

/** Largest trace file read (bytes): a clear message instead of exhausting memory. */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

type DistSpec = DurationDistSpec | CountDistSpec;

/**
 * @throws InputError for problems only visible when reading traces or checking parameters.
 */
/** Builds the power and heat models for an experiment's sites, halls and pools (wiring). */
export interface PhysicsFactory {
  /** `designItW`: the site's design IT load (its halls' budgets), for PUE at partial load. */
  site(owned: NonNullable<SiteSpec["owned"]>, startMs: number, designItW?: number): SitePhysics;
  hall(hall: SiteSpec["halls"][number]): HallPhysics;
  pool(acceleratorId: string, cooling: "air" | "liquid" | undefined): PoolPhysics;
}

export function resolveExperiment(loaded: LoadedExperiment, physics?: PhysicsFactory): ResolvedRun {
  const spec = loaded.spec;
  const baseDir = dirname(loaded.file);
  const startMs = startMsOf(spec);
  const horizonS = timeToS(spec.horizon, startMs);
  const problems: Problem[] = [];
  const traces = new Map<
    string,
    { text: string; values: Map<string, Float64Array>; info: TraceInfo }
  >();
  const fail = (path: (string | number)[], message: string) =>
    problems.push({
      file: loaded.displayFile,
      ...locate(loaded.source, path),
      path: path.join("."),
      message,
    });

  const readTrace = (file: string, column: string | undefined, path: (string | number)[]) => {
    const abs = resolvePath(baseDir, file);
    let entry = traces.get(abs);
    if (!entry) {
      let buf: Buffer;
      try {
        buf = readFileSync(abs);
      } catch {
        fail(path, `cannot read trace ${abs}`);
        return new Float64Array(0);
      }
      if (buf.length > MAX_TRACE_BYTES) {
        fail(path, `trace ${abs} is ${buf.length} bytes; at most ${MAX_TRACE_BYTES}`);
        return new Float64Array(0);
      }
      entry = {
        text: buf.toString("utf8"),
        values: new Map(),
        info: { path: abs, sha256: createHash("sha256").update(buf).digest("hex"), rows: 0 },
      };
      traces.set(abs, entry);
    }
    const key = column ?? "";
    const cached = entry.values.get(key);
    if (cached) return cached;
    try {
      const values = readCsvColumn(entry.text, column);
      entry.values.set(key, values);
      entry.info.rows = values.length;
      return values;
    } catch (e) {
      if (e instanceof TraceFormatError) {
        fail(path, `${abs}:${e.line}: ${e.message}`);
        return new Float64Array(0);
      }
      throw e;
    }
  };

  const dist = (
    d: DistSpec,
    path: (string | number)[],
    toBase: (v: number | string) => number,
  ): DistConfig => {
    let out: DistConfig;
    if (typeof d === "number" || typeof d === "string") {
      out = { kind: "constant", value: toBase(d) };
    } else if (d.constant !== undefined) {
      out = { kind: "constant", value: toBase(d.constant) };
    } else if (d.exponential) {
      out = { kind: "exponential", mean: toBase(d.exponential.mean) };
    } else if (d.uniform) {
      out = { kind: "uniform", min: toBase(d.uniform.min), max: toBase(d.uniform.max) };
    } else if (d.normal) {
      out = { kind: "normal", mean: toBase(d.normal.mean), sd: toBase(d.normal.sd) };
    } else if (d.lognormal) {
      out = { kind: "lognormal", median: toBase(d.lognormal.median), sigma: d.lognormal.sigma };
    } else if (d.gamma) {
      out = { kind: "gamma", shape: d.gamma.shape, scale: toBase(d.gamma.scale) };
    } else if (d.weibull) {
      out = { kind: "weibull", shape: d.weibull.shape, scale: toBase(d.weibull.scale) };
    } else if (d.pareto) {
      out = { kind: "pareto", shape: d.pareto.shape, scale: toBase(d.pareto.scale) };
    } else if (d.choice) {
      const c = d.choice;
      out = Array.isArray(c)
        ? { kind: "choice", values: c.map(toBase) }
        : { kind: "choice", values: c.values.map(toBase), weights: c.weights };
    } else if (d.empirical) {
      const e = d.empirical;
      const values =
        e.values !== undefined
          ? Float64Array.from(e.values)
          : readTrace(e.file ?? "", e.column, [...path, "empirical", "file"]);
      out = { kind: "empirical", values, scale: e.scale, min: e.min, max: e.max };
    } else {
      throw new Error(`unreachable: distribution without a form at ${path.join(".")}`);
    }
    const problem = distProblem(out);
    if (problem !== undefined && !(out.kind === "empirical" && out.values.length === 0)) {
      fail(path, problem);
    }
    if (out.kind === "empirical") {
      // Durations and sizes cannot be negative: say so rather than clamp them silently.
      const { scale, min = -Infinity, max = Infinity } = out;
      let smallest = Infinity;
      for (let i = 0; i < out.values.length; i++) {
        const x = out.values[i] * scale;
        if (x >= min && x <= max && x < smallest) smallest = x;
      }
      if (smallest < 0) {
        fail(path, `holds negative values (smallest ${smallest}); add 'min: 0' to drop them`);
      }
    }
    return out;
  };
  const seconds = (v: number | string) => durationToS(v);
  const count = (v: number | string) => Number(v);

  const arrivals = (a: ArrivalsSpec): ArrivalConfig => {
    if (a.at) return { kind: "list", timesS: a.at.map((t) => timeToS(t, startMs)) };
    const p = a.poisson;
    if (!p) throw new Error("unreachable: arrivals without a form");
    const ratePerS =
      p.perS ??
      (p.perMin ? p.perMin / 60 : p.perHour ? p.perHour / 3600 : (p.perDay ?? 0) / 86_400);
    return {
      kind: "poisson",
      ratePerS,
      fromS: a.from === undefined ? 0 : timeToS(a.from, startMs),
      untilS: a.until === undefined ? horizonS : timeToS(a.until, startMs),
      maxCount: a.maxCount ?? Infinity,
      diurnal:
        a.diurnal === undefined
          ? undefined
          : { amplitude: a.diurnal.amplitude, peakS: a.diurnal.peakHour * 3600 },
      growthPerMonth: a.growthPerMonth,
      bursty:
        a.bursty === undefined
          ? undefined
          : {
              factor: a.bursty.factor,
              meanBurstS: durationToS(a.bursty.burst),
              meanCalmS: durationToS(a.bursty.calm),
            },
    };
  };

  /** A job trace's columns; problems point at the trace field, naming the CSV line. */
  const trainingTrace = (
    t: NonNullable<(typeof spec.workloads.training)[number]["trace"]>,
    model: string | undefined,
    base: (string | number)[],
  ) => {
    const at = [...base, "trace", "file"];
    const submitS = readTrace(t.file, t.submit, at);
    const accelerators = readTrace(t.file, t.accelerators, at);
    const work = readTrace(t.file, model === undefined ? t.duration : t.tokens, at);
    submitS.forEach((v, i) => {
      if (!(v >= 0)) fail(at, `row ${i + 1}: submit time ${v} is negative`);
    });
    accelerators.forEach((v, i) => {
      if (!(v >= 1)) fail(at, `row ${i + 1}: accelerators ${v} is below 1`);
    });
    return model === undefined
      ? { submitS: [...submitS], accelerators: [...accelerators], durationS: [...work] }
      : { submitS: [...submitS], accelerators: [...accelerators], tokens: [...work] };
  };
  /** An LLM request trace, scaled, offset and (optionally) looped to the horizon. */
  const llmTrace = (
    t: NonNullable<(typeof spec.workloads.inference)[number]["trace"]>,
    at: (string | number)[],
  ): LlmRequestRow[] => {
    const abs = resolvePath(baseDir, t.file);
    let text: string;
    try {
      const buf = readFileSync(abs);
      if (buf.length > MAX_TRACE_BYTES) {
        fail([...at, "file"], `trace ${abs} is ${buf.length} bytes; at most ${MAX_TRACE_BYTES}`);
        return [];
      }
      text = buf.toString("utf8");
      traces.set(abs, {
        text,
        values: new Map(),
        info: { path: abs, sha256: createHash("sha256").update(buf).digest("hex"), rows: 0 },
      });
    } catch {
      fail([...at, "file"], `cannot read trace ${abs}`);
      return [];
    }
    let rows: LlmRequestRow[];
    try {
      rows = t.format === "azure" ? parseAzureTrace(text) : parseMooncakeTrace(text);
    } catch (e) {
      if (e instanceof TraceFormatError) {
        fail([...at, "file"], `${abs}:${e.line}: ${e.message}`);
        return [];
      }
      throw e;
    }
    const info = traces.get(abs)?.info;
    if (info) info.rows = rows.length;
    const offsetS = durationToS(t.offset);
    const span = rows.length > 0 ? rows[rows.length - 1].atS * t.timeScale : 0;
    const out: LlmRequestRow[] = [];
    for (let k = 0; ; k++) {
      // A loop starts one mean gap after the previous pass ends.
      const shift = offsetS + k * (span + (rows.length > 1 ? span / (rows.length - 1) : 1));
      for (const r of rows) {
        const atS = shift + r.atS * t.timeScale;
        if (atS >= horizonS) return out;
        out.push({ ...r, atS });
      }
      if (!t.loop || rows.length === 0 || k > 100_000) return out;
    }
  };
  const sites = new Map(spec.sites.map((s) => [s.name, s]));
  const intervalS = durationToS(spec.output.interval);
  const config: DataCenterConfig = {
    horizonS,
    warmupS: durationToS(spec.warmup),
    intervalS,
    // Ambient temperature and PUE move slowly: every 5 minutes (or each output interval if shorter).
    physicsStepS: Math.min(300, intervalS),
    pools: spec.pools.map((p, i) => {
      const site = sites.get(p.site);
      const hall = site?.halls.find((h) => h.name === p.hall);
      return {
        name: p.name,
        site: p.site,
        siteKind: site?.cloud ? "cloud" : "owned",
        hall: p.hall,
        accelerator: p.accelerator,
        count: p.count,
        usdPerAcceleratorHour: p.usdPerAcceleratorHour,
        purchase: p.purchase ?? (site?.cloud ? "on-demand" : "owned"),
        spot: p.spot && {
          reclaimsPerNodeS: p.spot.reclaimsPerNodeDay / 86_400,
          returnAfterS: durationToS(p.spot.returnAfter),
          restartOverheadS:
            p.spot.restartOverhead === undefined
              ? loadFailureParams().restartOverheadS
              : durationToS(p.spot.restartOverhead),
        },
        burnInS: p.burnIn === undefined ? undefined : durationToS(p.burnIn),
        deliveries: [
          ...(p.deliveries ?? []).map((d, k) => ({
            source: `delivery-${k}`,
            atS: timeToS(d.at, startMs),
            count: d.count,
          })),
          ...(p.orders ?? []).map((o, k) => {
            const orderS = timeToS(o.at, startMs);
            let leadS = o.leadTime === undefined ? NaN : durationToS(o.leadTime);
            if (o.leadTime === undefined) {
              const book = priceBook().leadTimeWeeks;
              const weeks = leadTimeWeeksAt(
                book[p.accelerator],
                new Date(startMs + orderS * 1000).toISOString(),
              );
              if (weeks === undefined) {
                const known = Object.keys(book).join(", ") || "none";
                fail(
                  ["pools", i, "orders", k, "leadTime"],
                  `no sourced lead time for ${p.accelerator} on that date; give leadTime (the price book has lead times for: ${known})`,
                );
                leadS = 0;
              } else leadS = weeks * 7 * 86_400;
            }
            return { source: `order-${k}`, atS: orderS + leadS, count: o.count };
          }),
        ].map((d) => {
          // Supply shocks on this pool's deliveries (orders included), in file order.
          let atS = d.atS;
          let count = d.count;
          let late = false;
          const supply = acceleratorCatalog().accelerators.get(p.accelerator)?.supply;
          for (const k of spec.shocks) {
            if (k.type === "component-shortage") {
              const hit =
                (k.packaging !== undefined && (supply?.packaging ?? "").startsWith(k.packaging)) ||
                (k.hbm !== undefined && supply?.hbmGeneration === k.hbm);
              const inWindow =
                atS >= timeToS(k.from, startMs) &&
                (k.until === undefined || atS < timeToS(k.until, startMs));
              if (hit && inWindow) count = Math.floor(count * (1 - k.fraction));
              continue;
            }
            if (
              k.type !== "delivery-delay" &&
              k.type !== "delivery-cut" &&
              k.type !== "export-restriction"
            )
              continue;
            if (k.pool !== undefined && k.pool !== p.name) continue;
            if (k.accelerator !== undefined && k.accelerator !== p.accelerator) continue;
            if (k.vendor !== undefined && !p.accelerator.startsWith(`${k.vendor.toLowerCase()}-`))
              continue;
            if (k.type === "delivery-delay") {
              atS += durationToS(k.delay);
              late = true;
            } else if (k.type === "export-restriction") {
              if (atS >= timeToS(k.from, startMs)) count = 0;
            } else count = Math.floor(count * (1 - k.fraction));
          }
          return { source: d.source, atS, count, orderedCount: d.count, late };
        }),
        calibration:
          p.calibration === undefined ? undefined : calibrationPath(p.calibration, baseDir),
        physics: site?.owned && physics ? physics.pool(p.accelerator, hall?.cooling) : undefined,
      };
    }),
    ownedSites:
      physics === undefined
        ? []
        : spec.sites.flatMap((s) =>
            s.owned
              ? [
                  {
                    name: s.name,
                    powerCapW:
                      s.owned.powerCapMW === undefined ? undefined : s.owned.powerCapMW * 1e6,
                    usdPerKWh: s.owned.usdPerKWh,
                    carbonKgPerKWh: s.owned.carbonKgPerKWh,
                    tariff: s.owned.tariff && {
                      peakUsdPerKWh: s.owned.tariff.peakUsdPerKWh,
                      offPeakUsdPerKWh: s.owned.tariff.offPeakUsdPerKWh,
                      peakFromH: s.owned.tariff.peakHours[0],
                      peakToH: s.owned.tariff.peakHours[1],
                      weekendsOffPeak: s.owned.tariff.weekendsOffPeak,
                    },
                    carbonKgPerKWhByHour: s.owned.carbonKgPerKWhByHour,
                    firstHourS: firstLocalHourS(startMs, s.owned.utcOffsetH),
                    utcOffsetH: s.owned.utcOffsetH,
                    physics: physics.site(
                      s.owned,
                      startMs,
                      s.halls.length > 0
                        ? s.halls.reduce((a, h) => a + h.powerMW * 1e6, 0)
                        : undefined,
                    ),
                    halls: s.halls.map((h) => ({
                      name: h.name,
                      powerBudgetW: h.powerMW * 1e6,
                      recirculationCPerW: h.recirculationCPerKW / 1000,
                      physics: physics.hall(h),
                    })),
                  },
                ]
              : [],
          ),
    checkpointIntervalS: durationToS(spec.scheduler.checkpointInterval),
    failures: spec.failures === undefined ? undefined : failureConfig(spec.failures),
    // On-demand price changes of the pools' accelerators: cost is charged per price in force.
    breakpointsS: spec.pools.flatMap((p) =>
      [
        ...(priceBook().onDemand[p.accelerator] ?? []),
        ...(priceBook().spot[p.accelerator] ?? []),
      ].map((d) => (Date.parse(`${d.from}T00:00:00Z`) - startMs) / 1000),
    ),
    shocks: spec.shocks.map((k): ShockConfig =>
      k.type === "delivery-delay" ||
      k.type === "delivery-cut" ||
      k.type === "export-restriction" ||
      k.type === "component-shortage"
        ? { type: "delivery-delay" as const, appliedTo: k.type }
        : k.type === "grid-cap"
          ? { type: k.type, site: k.site, capW: k.capMW * 1e6, fromS: timeToS(k.from, startMs) }
          : k.type === "electricity-price"
            ? {
                type: k.type,
                site: k.site,
                multiplier: k.multiplier,
                fromS: timeToS(k.from, startMs),
                untilS: k.until === undefined ? Infinity : timeToS(k.until, startMs),
              }
            : {
                type: k.type,
                site: k.site,
                hall: k.hall,
                plusC: k.plusC,
                fromS: timeToS(k.from, startMs),
                untilS: k.until === undefined ? Infinity : timeToS(k.until, startMs),
              },
    ),
    training: spec.workloads.training.map((w, i) => {
      const base = ["workloads", "training", i];
      return {
        name: w.name,
        accelerators: dist(w.accelerators ?? 1, [...base, "accelerators"], count),
        priority: w.priority,
        trace: w.trace === undefined ? undefined : trainingTrace(w.trace, w.model, base),
        work:
          w.model !== undefined && (w.tokens !== undefined || w.trace !== undefined)
            ? {
                kind: "model" as const,
                model: w.model,
                tokens: dist(w.tokens ?? 1, [...base, "tokens"], count),
                precision: w.precision,
                seqLen: w.seqLen,
                globalBatchTokens: w.globalBatchTokens,
              }
            : {
                kind: "duration" as const,
                durationS: dist(w.duration ?? 0, [...base, "duration"], seconds),
                clockSensitiveFraction: w.clockSensitiveFraction,
              },
        arrivals: w.arrivals ? arrivals(w.arrivals) : { kind: "list", timesS: [0] },
        pools: w.pools ?? spec.pools.map((p) => p.name),
      };
    }),
    inference: spec.workloads.inference.map((w, i) => {
      const base = ["workloads", "inference", i];
      const llm: LlmServiceSpec | undefined =
        w.model === undefined
          ? undefined
          : {
              model: w.model,
              weightPrecision: w.weightPrecision,
              tensorParallel: w.tensorParallel,
              trace: w.trace === undefined ? undefined : llmTrace(w.trace, [...base, "trace"]),
              promptTokens: dist(w.promptTokens, [...base, "promptTokens"], count),
              outputTokens: dist(w.outputTokens, [...base, "outputTokens"], count),
              maxBatchTokens: w.maxBatchTokens,
              prefixCacheBlocks:
                w.prefixCache === undefined
                  ? 0
                  : w.prefixCache.blocks === "unbounded"
                    ? Infinity
                    : w.prefixCache.blocks,
              routing: w.routing,
              fidelity: w.fidelity,
              autoscale:
                w.autoscale === undefined
                  ? undefined
                  : {
                      min: w.autoscale.min,
                      max: w.autoscale.max,
                      targetOutstanding: w.autoscale.targetOutstanding,
                      startupS: durationToS(w.autoscale.startup),
                      intervalS: durationToS(w.autoscale.interval),
                      preemptTraining: w.autoscale.preemptTraining,
                    },
              fluidStepS: durationToS(w.fluid.stepS),
              fluidPoints: w.fluid.points,
              slo: {
                ttftS: w.slo?.ttftS === undefined ? undefined : durationToS(w.slo.ttftS),
                tpotS: w.slo?.tpotS === undefined ? undefined : durationToS(w.slo.tpotS),
                latencyS: w.slo?.latencyS === undefined ? undefined : durationToS(w.slo.latencyS),
              },
            };
      return {
        name: w.name,
        pool: w.pool,
        replicas: w.replicas,
        acceleratorsPerReplica: w.acceleratorsPerReplica,
        concurrencyPerReplica: w.concurrencyPerReplica,
        arrivals: w.arrivals ? arrivals(w.arrivals) : { kind: "list" as const, timesS: [] },
        serviceTimeS: dist(w.serviceTime ?? 0, [...base, "serviceTime"], seconds),
        queueLimit: w.queueLimit,
        sloLatencyS: w.slo?.latencyS === undefined ? undefined : durationToS(w.slo.latencyS),
        llm,
        price: w.price,
      };
    }),
  };
  // Retirements: the listed ones, and with a service life the starting count and each delivery.
  config.pools.forEach((pc, i) => {
    const p = spec.pools[i];
    const out = (p.retirements ?? []).map((r) => ({ atS: timeToS(r.at, startMs), count: r.count }));
    if (p.life !== undefined) {
      const lifeS = durationToS(p.life);
      out.push({ atS: Math.max(0, lifeS - durationToS(p.ageAtStart ?? 0)), count: p.count });
      for (const d of pc.deliveries ?? []) {
        if (d.count > 0) out.push({ atS: d.atS + (pc.burnInS ?? 0) + lifeS, count: d.count });
      }
    }
    if (out.length > 0) pc.retirements = out.sort((a, b) => a.atS - b.atS);
  });
  if (problems.length > 0) throw new InputError(problems);
  return { config, startMs, traces: [...traces.values()].map((t) => t.info) };
}

/** The experiment's `failures` over the defaults in models/reliability/failures.yaml. */
function failureConfig(f: NonNullable<ExperimentSpec["failures"]>): FailureConfig {
  const d = loadFailureParams();
  const interval = f.checkpoint.interval;
  return {
    ratePerNodeS: (f.nodeFailuresPer1000NodeDays ?? d.nodeFailuresPer1000NodeDays) / 1000 / 86_400,
    weibullShape: f.weibullShape ?? d.weibullShape,
    cohortAgeS: durationToS(f.cohortAge),
    causes: Object.entries(d.causes)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, weight]) => ({ name, weight })),
    restartOverheadS:
      f.restartOverhead === undefined ? d.restartOverheadS : durationToS(f.restartOverhead),
    repairS: f.repair === undefined ? d.repairS : durationToS(f.repair),
    spareFraction: f.spareFraction ?? d.spareFraction,
    checkpoint: {
      intervalS: interval === "young-daly" ? undefined : durationToS(interval),
      mode: f.checkpoint.mode,
      writeS: durationToS(f.checkpoint.writeTime),
      bytesPerParam: d.checkpointBytesPerParam,
      storageBytesPerS: d.storageGBps * 1e9,
    },
  };
}

/** A pool's `calibration`: a name in models/calibrations/, or a .yaml path relative to the file. */
export function calibrationPath(value: string, baseDir: string): string {
  return /\.ya?ml$/i.test(value)
    ? resolvePath(baseDir, value)
    : resolvePath(defaultModelsDir(), "calibrations", `${value}.yaml`);
}

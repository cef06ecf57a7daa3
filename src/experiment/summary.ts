/**
 * summary.json and jobs.csv: the headline metrics of one run (DESIGN.md, results contract).
 * A field the experiment does not model is null, never a made-up 0.
 */
import type { DataCenter, JobRecord, PoolConfig } from "../datacenter/index.js";
import { mean, quantile } from "../metrics/index.js";
import { FluidService, LlmService, SPOT_RECLAIM } from "../datacenter/index.js";
import {
  depreciationUsd,
  loadPrices,
  onDemandUsdAt,
  timeOfUseUsdPerKWh,
  type Prices,
} from "../models/index.js";

export const SCHEMA_VERSION = 1;

export interface SummaryInput {
  experiment: string;
  scenario: string;
  seed: number;
  startIso: string;
  horizonS: number;
  warmupS: number;
  dc: DataCenter;
  /** The price book (with the experiment's estimate picks); default: the shipped one. */
  prices?: Prices;
}

let pricesCache: Prices | undefined;

const nullPower = {
  energyKWh: null,
  avgPowerKW: null,
  peakPowerKW: null,
  maxTempC: null,
  throttledFraction: null,
};

/** Share of a started job's work done by the horizon (saved work for a waiting one). */
function jobProgress(j: JobRecord, horizonS: number): number {
  if (j.endS === j.endS) return 1;
  if (j.endEvent >= 0 && j.durationS > 0) {
    return Math.max(
      0,
      Math.min(1, (j.workDoneS + (horizonS - j.progressAtS) / j.slowdown) / j.durationS),
    );
  }
  return Math.max(0, j.savedFraction);
}

/**
 * Useful full-clock accelerator-seconds of a job: what its finished holds banked, plus the work
 * kept so far by a hold still running at the horizon (each in the pool it ran in).
 */
function usefulAccS(j: JobRecord, horizonS: number): number {
  const running = j.endS !== j.endS && j.endEvent >= 0;
  const now = running ? Math.max(0, jobProgress(j, horizonS) - j.holdStartFraction) : 0;
  return j.usefulAccS + now * j.pureDurationS * j.accelerators;
}

/**
 * Failure fields of `training` (null without a failure model): interruptions in all and by
 * cause, lost accelerator-hours (work redone plus restart overheads), goodput (useful work over
 * accelerator time held), mean time between a job's interruptions.
 */
function reliability(dc: DataCenter, jobs: readonly JobRecord[], horizonS: number) {
  const spot = dc.pools.some((p) => p.config.spot !== undefined);
  if (dc.config.failures === undefined && !spot) {
    return {
      goodput: null,
      interruptions: null,
      interruptionsByCause: null,
      lostAcceleratorHours: null,
      meanTimeBetweenInterruptionsS: null,
    };
  }
  let useful = 0;
  let held = 0;
  let interruptions = 0;
  let lostAccS = 0;
  for (const j of jobs) {
    if (j.rejected || !(j.startS === j.startS)) continue;
    const holding = j.heldSinceS === j.heldSinceS ? (horizonS - j.heldSinceS) * j.accelerators : 0;
    held += j.heldS + holding;
    interruptions += j.interruptions;
    lostAccS += j.lostWorkS * j.accelerators;
    useful += usefulAccS(j, horizonS);
  }
  const byCause: Record<string, number> = {};
  for (const c of dc.config.failures?.causes ?? [])
    byCause[c.name] = dc.interruptionsByCause.get(c.name) ?? 0;
  if (spot) byCause[SPOT_RECLAIM] = dc.interruptionsByCause.get(SPOT_RECLAIM) ?? 0;
  return {
    goodput: held > 0 ? useful / held : null,
    interruptions,
    interruptionsByCause: byCause,
    lostAcceleratorHours: lostAccS / 3600,
    meanTimeBetweenInterruptionsS:
      interruptions > 0
        ? jobs.reduce((a, j) => a + j.heldS / Math.max(1, j.accelerators), 0) / interruptions
        : null,
  };
}

/**
 * Cost over the measured window (warm-up to horizon): owned pools depreciated straight-line over
 * the price book's life for their installed (in-service) accelerator-hours, facilities by their halls' MW; cloud pools on demand by allocated hours at
 * the price in force over each stretch between price changes (the June 2025 cut mid-run, say),
 * reserved by provisioned (installed) hours; energy of owned sites at
 * their tariff; carbon from grid intensity. Cloud pools add no facility energy (their price
 * includes it). A total is null when a pool has no price. Adds `costUsd` to each pool's entry.
 */
function costOf(
  dc: DataCenter,
  m: ReturnType<DataCenter["measured"]>,
  startIso: string,
  pools: Record<string, unknown>,
  prices: Prices,
) {
  const span = m.toS - m.fromS;
  const segments = dc.measuredSegments();
  let capex = 0;
  let cloud = 0;
  let unknown = false;
  dc.pools.forEach((p, i) => {
    const c = p.config;
    let usd: number | null = null;
    if (c.purchase === "owned") {
      const unit = prices.owned[c.accelerator];
      if (unit !== undefined) {
        // Depreciation runs while an accelerator is in service (installed): from the end of
        // its burn-in to its retirement; for a fixed fleet, count x span.
        usd = depreciationUsd(m.installed[i], unit, prices.lifeYears, 1);
        capex += usd;
      }
    } else {
      // Each stretch between price changes at the price then in force (reserved: every
      // installed hour, otherwise the allocated ones).
      const startMs = Date.parse(startIso);
      for (const seg of segments) {
        // No calendar (a bare summary in tests): no dated price is in force.
        const at = Number.isFinite(startMs)
          ? new Date(startMs + seg.fromS * 1000).toISOString()
          : "";
        const hourly = cloudUsdPerHour(c, prices, at);
        if (hourly === undefined) {
          usd = null;
          break;
        }
        const accS = c.purchase === "reserved" ? seg.installed[i] : seg.allocated[i];
        usd = (usd ?? 0) + (accS / 3600) * hourly;
      }
      if (usd !== null) cloud += usd;
    }
    if (usd === null) unknown = true;
    (pools[p.name] as Record<string, unknown>).costUsd = usd;
  });
  let energy = 0;
  let carbonKg = 0;
  // Energy and facility capex of each owned site, shared among its pools by IT energy below.
  const siteUsd = dc.sites.map(() => 0);
  dc.sites.forEach((s, k) => {
    const site = dc.config.ownedSites.find((o) => o.name === s.input.name);
    const kWh = m.siteFacilityJ[k] / 3.6e6;
    const hourly = hourlyEnergy(dc, k, startIso, prices, m.fromS);
    const usd = hourly?.usd ?? kWh * (site?.usdPerKWh ?? prices.usdPerKWh);
    energy += usd;
    siteUsd[k] += usd;
    carbonKg += hourly?.carbonKg ?? kWh * (site?.carbonKgPerKWh ?? prices.carbonKgPerKWh);
    const mw = s.input.halls.reduce((a, h) => a + h.powerBudgetW / 1e6, 0);
    const facility = depreciationUsd(mw, prices.facilityUsdPerMW, prices.facilityLifeYears, span);
    capex += facility;
    siteUsd[k] += facility;
  });
  // Electricity-price shocks: the shocked energy costs (multiplier - 1) x tariff more.
  for (const seg of dc.energyShocks) {
    if (dc.siteHourly[seg.site] !== undefined) continue; // priced hour by hour above
    const site = dc.config.ownedSites.find((o) => o.name === dc.sites[seg.site].input.name);
    const kWh = (seg.endJ - seg.startJ) / 3.6e6;
    if (Number.isFinite(kWh)) {
      const usd = kWh * (seg.multiplier - 1) * (site?.usdPerKWh ?? prices.usdPerKWh);
      energy += usd;
      siteUsd[seg.site] += usd;
    }
  }
  // The rate charged to the work a pool ran (jobs.csv, training cost): the pool's full cost
  // (its own, plus its IT-energy share of its site's energy and facility) over the accelerator-
  // hours allocated, so idle capacity is absorbed by the work (on demand: just the price).
  dc.pools.forEach((p, i) => {
    const entry = pools[p.name] as Record<string, unknown>;
    const own = entry.costUsd as number | null;
    const k = dc.sites.findIndex((s) => s.input.name === p.config.site);
    const share =
      k >= 0 && m.siteItJ[k] > 0 && Number.isFinite(m.poolEnergyJ[i])
        ? (siteUsd[k] * m.poolEnergyJ[i]) / m.siteItJ[k]
        : 0;
    entry.usdPerAllocatedHour =
      own !== null && m.allocated[i] > 0 ? (own + share) / (m.allocated[i] / 3600) : null;
  });
  const total = unknown ? null : capex + cloud + energy;
  let tokens = 0;
  for (const sv of dc.services) if ("outputTokens" in sv) tokens += sv.outputTokens;
  return {
    capexUsd: capex,
    cloudUsd: cloud,
    energyUsd: energy,
    totalUsd: total,
    usdPerMTokens: total !== null && tokens > 0 ? (total / tokens) * 1e6 : null,
    carbonT: carbonKg / 1000,
  };
}

/**
 * Price of one accelerator-hour of a cloud pool on a date (ISO): its own price, else reserved,
 * spot or on-demand from the price book (dated ones in force then); undefined when none.
 */
export function cloudUsdPerHour(
  c: PoolConfig,
  prices: Prices,
  dateIso: string,
): number | undefined {
  if (c.usdPerAcceleratorHour !== undefined) return c.usdPerAcceleratorHour;
  if (c.purchase === "reserved") return prices.reserved[c.accelerator];
  return onDemandUsdAt(
    (c.purchase === "spot" ? prices.spot : prices.onDemand)[c.accelerator],
    dateIso,
  );
}

/**
 * The energy price multiplier of a site over [a, b): 1 plus each electricity-price shock's
 * (multiplier - 1) times its share of the span.
 */
export function priceShockMultiplier(dc: DataCenter, site: string, a: number, b: number): number {
  let multiplier = 1;
  if (!(b > a)) return multiplier;
  for (const shock of dc.config.shocks) {
    if (shock.type !== "electricity-price") continue;
    if (shock.site !== undefined && shock.site !== site) continue;
    const overlap = Math.min(b, shock.untilS) - Math.max(a, shock.fromS);
    if (overlap > 0) multiplier += ((shock.multiplier - 1) * overlap) / (b - a);
  }
  return multiplier;
}

/**
 * Energy cost and carbon of a site priced hour by hour (a time-of-use tariff or hourly carbon):
 * each local hour's facility energy at that hour's price (times any electricity-price shock by
 * its overlap with the hour) and grid intensity; undefined for a flatly priced site.
 */
export function hourlyEnergy(
  dc: DataCenter,
  k: number,
  startIso: string,
  prices: Prices,
  fromS = -Infinity,
  toS = Infinity,
): { usd: number; carbonKg: number } | undefined {
  const rec = dc.siteHourly[k];
  if (rec === undefined) return undefined;
  const name = dc.sites[k].input.name;
  const site = dc.config.ownedSites.find((o) => o.name === name)!;
  const offsetMs = (site.utcOffsetH ?? 0) * 3_600_000;
  const startMs = Date.parse(startIso) || 0;
  let usd = 0;
  let carbonKg = 0;
  // The first mark at or after fromS (marks are in time order), then on while before toS.
  let lo = 0;
  let hi = rec.atS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rec.atS[mid] < fromS) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo + 1; i < rec.atS.length; i++) {
    const a = rec.atS[i - 1];
    const b = rec.atS[i];
    if (a >= toS) break;
    const kWh = (rec.J[i] - rec.J[i - 1]) / 3.6e6;
    const localMs = startMs + a * 1000 + offsetMs;
    const rate = site.tariff
      ? timeOfUseUsdPerKWh(site.tariff, localMs)
      : (site.usdPerKWh ?? prices.usdPerKWh);
    usd += kWh * rate * priceShockMultiplier(dc, name, a, b);
    const hour = new Date(localMs).getUTCHours();
    carbonKg +=
      kWh * (site.carbonKgPerKWhByHour?.[hour] ?? site.carbonKgPerKWh ?? prices.carbonKgPerKWh);
  }
  return { usd, carbonKg };
}

export function buildSummary(input: SummaryInput): Record<string, unknown> {
  const { dc, horizonS, warmupS } = input;
  const m = dc.measured();
  const span = m.toS - m.fromS;
  const pools: Record<string, unknown> = {};
  dc.pools.forEach((p, i) => {
    const power = dc.poolPower(i);
    const thermal = power?.input.physics.thermal !== undefined && (power?.input.hall ?? -1) >= 0;
    pools[p.name] = {
      accelerator: p.config.accelerator,
      site: p.config.site,
      acceleratorsAvg: span > 0 ? m.installed[i] / span : p.capacity,
      utilization: span > 0 ? m.busy[i] / m.installed[i] : null,
      allocation: span > 0 ? m.allocated[i] / m.installed[i] : null,
      // Share of free accelerators stranded in partly used scale-up domains (time-weighted).
      fragmentation: m.freeArea[i] > 0 ? m.stranded[i] / m.freeArea[i] : null,
      failures: dc.config.failures ? (dc.failuresByPool[i] ?? 0) : null,
      spotReclaims: dc.spotReclaimsByPool[i] ?? null,
      ...(power && span > 0
        ? {
            energyKWh: m.poolEnergyJ[i] / 3.6e6,
            avgPowerKW: m.poolEnergyJ[i] / span / 1000,
            peakPowerKW: power.peakAfterWarmupW / 1000,
            maxTempC: thermal ? power.maxTempAfterWarmupC : null,
            throttledFraction: thermal ? m.poolThrottled[i] / m.installed[i] : null,
          }
        : nullPower),
    };
  });
  const itJ = m.siteItJ.reduce((a, b) => a + b, 0);
  const facilityJ = m.siteFacilityJ.reduce((a, b) => a + b, 0);
  const modelled = dc.sites.length > 0 && span > 0;

  // Training: jobs submitted at or after warm-up. Waits of jobs still queued at the end are
  // counted as censored waits (horizon - submit), so starving a queue cannot shorten waits.
  const measuredJobs = dc.jobs.filter((j) => j.submitS >= warmupS);
  const waits: number[] = [];
  const slowdowns: number[] = [];
  const completionTimes: number[] = [];
  let started = 0;
  let completed = 0;
  let running = 0;
  let pending = 0;
  let rejected = 0;
  let preemptions = 0;
  let lostWorkS = 0;
  let firstSubmitS = Infinity;
  let lastEndS = -Infinity;
  for (const j of measuredJobs) {
    preemptions += j.restarts;
    lostWorkS += j.lostWorkS;
    if (j.rejected) {
      rejected++;
      continue;
    }
    firstSubmitS = Math.min(firstSubmitS, j.submitS);
    if (j.startS === j.startS) {
      started++;
      waits.push(j.startS - j.submitS);
    } else {
      waits.push(horizonS - j.submitS);
    }
    // Job completion time (submission to end); a job not done by the horizon counts to it.
    completionTimes.push((j.endS === j.endS ? j.endS : horizonS) - j.submitS);
    if (j.endS === j.endS) {
      completed++;
      lastEndS = Math.max(lastEndS, j.endS);
      // Time in the system over the run time it needed at full clock in its pool.
      if (j.durationS > 0) slowdowns.push((j.endS - j.submitS) / j.durationS);
    } else if (j.endEvent >= 0) {
      running++;
    } else {
      pending++;
    }
  }
  const sortedWaits = Float64Array.from(waits).sort();
  const cost = costOf(dc, m, input.startIso, pools, input.prices ?? (pricesCache ??= loadPrices()));
  const rates = poolRates(dc, pools);
  let trainingUsd: number | null = 0;
  let completedUsd = 0;
  let tokensTrained = 0;
  let tokenJobs = 0;
  for (const j of measuredJobs) {
    // Started jobs pay what they held, including one rejected later (stranded by retirements).
    if (j.startS !== j.startS) continue;
    const usd = jobCostUsd(j, horizonS, rates);
    if (usd === null) trainingUsd = null;
    else if (trainingUsd !== null) trainingUsd += usd;
    if (j.rejected) continue;
    if (j.endS === j.endS && usd !== null) completedUsd += usd;
    if (j.tokens === j.tokens) {
      tokenJobs++;
      tokensTrained += jobProgress(j, horizonS) * j.tokens;
    }
  }
  const training = {
    jobsSubmitted: measuredJobs.length,
    jobsStarted: started,
    jobsCompleted: completed,
    jobsRunningAtEnd: running,
    jobsPendingAtEnd: pending,
    jobsRejected: rejected,
    meanWaitS: mean(sortedWaits),
    p95WaitS: quantile(sortedWaits, 0.95),
    maxQueueLength: dc.maxQueueLength,
    meanSlowdown: mean(Float64Array.from(slowdowns)),
    meanCompletionTimeS: mean(Float64Array.from(completionTimes)),
    // First submission to last completion, when every job completed; else null.
    makespanS:
      completed > 0 && completed === measuredJobs.length - rejected
        ? lastEndS - firstSubmitS
        : null,
    preemptions,
    lostWorkS,
    ...reliability(dc, measuredJobs, horizonS),
    // Cost charged to training at each pool's usdPerAllocatedHour (see jobs.csv costUsd).
    costUsd: measuredJobs.length > 0 ? trainingUsd : null,
    usdPerCompletedJob: trainingUsd !== null && completed > 0 ? completedUsd / completed : null,
    tokensTrained: tokenJobs > 0 ? tokensTrained : null,
    usdPerMTokens:
      trainingUsd !== null && tokensTrained > 0 ? (trainingUsd / tokensTrained) * 1e6 : null,
  };

  const inference: Record<string, unknown> = {};
  for (const [k, s] of dc.services.entries()) {
    const lat = s.latencies.sorted();
    const llm = s instanceof LlmService || s instanceof FluidService ? s : undefined;
    const slo = s.config.llm?.slo;
    const hasSlo =
      s.config.sloLatencyS !== undefined ||
      (slo !== undefined && (slo.ttftS !== undefined || slo.tpotS !== undefined));
    const ttft = llm?.ttft.sorted();
    const tpot = llm?.tpot.sorted();
    inference[s.config.name] = {
      pool: s.config.pool,
      model: s.config.llm?.model ?? null,
      fidelity: s.config.llm?.fidelity ?? null,
      requests: s.requests,
      completed: Math.round(s.completed),
      dropped: Math.round(s.dropped),
      inFlightAtEnd: Math.round(s.requests - s.completed - s.dropped),
      meanWaitS: mean(s.waits.values()),
      latencyP50S: quantile(lat, 0.5),
      latencyP99S: quantile(lat, 0.99),
      ttftP50S: ttft ? quantile(ttft, 0.5) : null,
      ttftP90S: ttft ? quantile(ttft, 0.9) : null,
      ttftP99S: ttft ? quantile(ttft, 0.99) : null,
      tpotP50S: tpot ? quantile(tpot, 0.5) : null,
      tpotP99S: tpot ? quantile(tpot, 0.99) : null,
      sloLatencyS: s.config.sloLatencyS ?? null,
      sloTtftS: slo?.ttftS ?? null,
      sloTpotS: slo?.tpotS ?? null,
      // Share of all requests (dropped and unfinished count as misses) meeting every target.
      sloAttainment: !hasSlo || s.requests === 0 ? null : s.sloMet / s.requests,
      requestsPerS: span > 0 ? s.completed / span : null,
      tokensPerS: llm && span > 0 ? llm.outputTokens / span : null,
      // Share of prompt tokens found in the prefix cache (not prefilled again).
      prefixReuse: llm && llm.promptTokens > 0 ? llm.cachedTokens / llm.promptTokens : null,
      scaleUps: s instanceof LlmService && s.config.llm?.autoscale ? s.scaleUps : null,
      scaleDowns: s instanceof LlmService && s.config.llm?.autoscale ? s.scaleDowns : null,
      trainingPreemptions:
        s instanceof LlmService && s.config.llm?.autoscale ? s.trainingPreemptions : null,
      ...serviceMoney(dc, k, rates, span, m.toS),
    };
  }

  return {
    schemaVersion: SCHEMA_VERSION,
    experiment: input.experiment,
    scenario: input.scenario,
    seed: input.seed,
    start: input.startIso,
    horizonS,
    warmupS,
    pools,
    facility: modelled
      ? {
          itEnergyKWh: itJ / 3.6e6,
          facilityEnergyKWh: facilityJ / 3.6e6,
          pue: itJ > 0 ? facilityJ / itJ : null,
          peakPowerMW: dc.peakFacilityW / 1e6,
          // Share of time a cap or hall budget held clocks down (mean over owned sites).
          powerCapHitFraction:
            m.siteCapBindingS.reduce((a, b) => a + b, 0) / (span * dc.sites.length),
        }
      : {
          itEnergyKWh: null,
          facilityEnergyKWh: null,
          pue: null,
          peakPowerMW: null,
          powerCapHitFraction: null,
        },
    training,
    inference,
    cost,
    supply: {
      ...(dc.pools.some((p) => (p.config.deliveries ?? []).length > 0)
        ? {
            acceleratorsDelivered: dc.delivered,
            acceleratorsShort: dc.short,
            deliveriesLate: dc.deliveriesLate,
          }
        : { acceleratorsDelivered: null, acceleratorsShort: null, deliveriesLate: null }),
      acceleratorsRetired: dc.pools.some((p) => (p.config.retirements ?? []).length > 0)
        ? dc.retired
        : null,
    },
    warnings: dc.warnings.messages(),
  };
}

/**
 * A service's cost, revenue and margin over the measured window. Cost: the accelerator-hours its
 * replicas held (replicas up, starting or draining x accelerators per replica) at its pool's
 * usdPerAllocatedHour, the same rate jobs pay. Revenue: its price for the work done (prompt
 * tokens prefilled, output tokens generated, requests completed). Null where not priced.
 */
function serviceMoney(
  dc: DataCenter,
  k: number,
  rates: readonly (number | null)[],
  span: number,
  toS: number,
) {
  const s = dc.services[k];
  const replicaS = s instanceof LlmService ? s.replicaSecondsTo(toS) : s.config.replicas * span;
  const accH = (replicaS * dc.serviceAcceleratorsPerReplica[k]) / 3600;
  const rate = rates[dc.pools.findIndex((p) => p.name === s.config.pool)] ?? null;
  const costUsd = rate === null ? null : accH * rate;
  const llm = s instanceof LlmService || s instanceof FluidService ? s : undefined;
  const outTokens = llm?.outputTokens ?? 0;
  const price = s.config.price;
  const revenueUsd =
    price === undefined
      ? null
      : ((llm?.promptTokens ?? 0) / 1e6) * price.usdPerMInputTokens +
        (outTokens / 1e6) * price.usdPerMOutputTokens +
        s.completed * price.usdPerRequest;
  return {
    acceleratorHours: accH,
    costUsd,
    usdPerMTokens: costUsd !== null && outTokens > 0 ? (costUsd / outTokens) * 1e6 : null,
    revenueUsd,
    marginUsd: revenueUsd !== null && costUsd !== null ? revenueUsd - costUsd : null,
    marginFraction:
      revenueUsd !== null && costUsd !== null && revenueUsd > 0
        ? (revenueUsd - costUsd) / revenueUsd
        : null,
  };
}

/** Each pool's usdPerAllocatedHour from a summary's pools (null where unpriced), by index. */
export function poolRates(dc: DataCenter, pools: Record<string, unknown>): (number | null)[] {
  return dc.pools.map(
    (p) =>
      ((pools[p.name] as Record<string, unknown> | undefined)?.usdPerAllocatedHour as
        number | null | undefined) ?? null,
  );
}

/**
 * A started job's cost: the accelerator-hours of each hold (all starts, the current one to the
 * horizon) at the rate of the pool it was held in (a restart may land in another pool).
 */
function jobCostUsd(
  j: JobRecord,
  horizonS: number,
  rates: readonly (number | null)[],
): number | null {
  const current = j.heldSinceS === j.heldSinceS ? (horizonS - j.heldSinceS) * j.accelerators : 0;
  // The pools it held accelerators in (a preempted job waiting again has no pool now).
  let only = -1;
  let several = false;
  const note = (pool: number, accS: number) => {
    if (!(accS > 0)) return;
    if (only < 0) only = pool;
    else if (pool !== only) several = true;
  };
  for (let p = 0; p < j.heldByPool.length; p++) note(p, j.heldByPool[p] ?? 0);
  note(j.pool, current);
  const rateOf = (pool: number) => (pool >= 0 ? (rates[pool] ?? null) : null);
  if (only < 0) return j.pool >= 0 && rateOf(j.pool) === null ? null : 0; // held nothing yet
  // Held in one pool only (most jobs): its hours at its rate.
  if (!several) {
    const rate = rateOf(only);
    return rate === null ? null : ((j.heldS + current) / 3600) * rate;
  }
  let usd = 0;
  for (let p = 0; p < j.heldByPool.length; p++) {
    const accS = j.heldByPool[p] ?? 0;
    if (!(accS > 0)) continue;
    const rate = rateOf(p);
    if (rate === null) return null;
    usd += (accS / 3600) * rate;
  }
  if (current > 0) {
    const rate = rateOf(j.pool);
    if (rate === null) return null;
    usd += (current / 3600) * rate;
  }
  return usd;
}

const JOB_COLUMNS = [
  "id",
  "workload",
  "status",
  "accelerators",
  "pool",
  "submitS",
  "startS",
  "endS",
  "waitS",
  "runS",
  "fullClockS",
  "mfu",
  "restarts",
  "goodput",
  "costUsd",
] as const;

/** A CSV cell: numbers as JavaScript prints them, NaN/null as empty. */
function cell(v: number | string | null): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isNaN(v) ? "" : String(v);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * jobs.csv: one row per training job, in submission order. Waits of pending jobs are censored
 * (horizon - submit); runS is the wall time a started job has run (to its end or the horizon),
 * fullClockS the run time its work takes at full clock.
 */
export function jobsCsv(
  dc: DataCenter,
  horizonS: number,
  rates: readonly (number | null)[] = [],
): string {
  const lines = [JOB_COLUMNS.join(",")];
  for (const j of dc.jobs) {
    const startedJob = j.startS === j.startS;
    const status = j.rejected
      ? "rejected"
      : j.endS === j.endS
        ? "completed"
        : j.endEvent >= 0
          ? "running"
          : "pending";
    const row = [
      j.id,
      j.workload,
      status,
      j.accelerators,
      j.pool >= 0 ? dc.pools[j.pool].name : "",
      j.submitS,
      j.startS,
      j.endS,
      j.rejected ? null : (startedJob ? j.startS : horizonS) - j.submitS,
      // Wall time run so far (clocks under caps or heat stretch it) and the work at full clock.
      startedJob ? (j.endS === j.endS ? j.endS : horizonS) - j.startS : null,
      startedJob ? j.durationS : null,
      startedJob && j.mfu === j.mfu ? j.mfu : null,
      j.rejected ? null : j.restarts, // restarts after preemption or failures
      // Useful full-clock work over accelerator time held (with a failure model), else null.
      dc.config.failures &&
      startedJob &&
      j.heldS + (j.heldSinceS === j.heldSinceS ? (horizonS - j.heldSinceS) * j.accelerators : 0) > 0
        ? usefulAccS(j, horizonS) /
          (j.heldS +
            (j.heldSinceS === j.heldSinceS ? (horizonS - j.heldSinceS) * j.accelerators : 0))
        : null,
      startedJob ? jobCostUsd(j, horizonS, rates) : null,
    ];
    lines.push(row.map(cell).join(","));
  }
  return lines.join("\n") + "\n";
}

/** timeseries.csv in long format. */
export function timeseriesCsv(
  rows: readonly { timeS: number; entity: string; metric: string; value: number }[],
): string {
  const out = ["timeS,entity,metric,value"];
  for (const r of rows) out.push(`${r.timeS},${cell(r.entity)},${r.metric},${cell(r.value)}`);
  return out.join("\n") + "\n";
}

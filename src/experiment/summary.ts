/**
 * summary.json and jobs.csv: the headline metrics of one run (DESIGN.md, results contract).
 * A field the experiment does not model is null, never a made-up 0.
 */
import type { DataCenter } from "../datacenter/index.js";
import { mean, quantile } from "../metrics/index.js";

export const SCHEMA_VERSION = 1;

export interface SummaryInput {
  experiment: string;
  scenario: string;
  seed: number;
  startIso: string;
  horizonS: number;
  warmupS: number;
  /** Accelerator catalog id per pool (by pool name). */
  dc: DataCenter;
}

const nullPower = {
  energyKWh: null,
  avgPowerKW: null,
  peakPowerKW: null,
  maxTempC: null,
  throttledFraction: null,
};

/** Builds the summary object; key order is fixed so the JSON is byte-stable. */
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
      acceleratorsAvg: p.capacity,
      utilization: span > 0 ? m.busy[i] / (p.capacity * span) : null,
      allocation: span > 0 ? m.allocated[i] / (p.capacity * span) : null,
      ...(power && span > 0
        ? {
            energyKWh: m.poolEnergyJ[i] / 3.6e6,
            avgPowerKW: m.poolEnergyJ[i] / span / 1000,
            peakPowerKW: power.peakAfterWarmupW / 1000,
            maxTempC: thermal ? power.maxTempAfterWarmupC : null,
            throttledFraction: thermal ? m.poolThrottled[i] / (p.capacity * span) : null,
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
  let started = 0;
  let completed = 0;
  let pending = 0;
  let rejected = 0;
  for (const j of measuredJobs) {
    if (j.rejected) {
      rejected++;
    } else if (j.startS === j.startS) {
      started++;
      waits.push(j.startS - j.submitS);
      if (j.endS === j.endS) completed++;
    } else {
      pending++;
      waits.push(horizonS - j.submitS);
    }
  }
  const sortedWaits = Float64Array.from(waits).sort();
  const training = {
    jobsSubmitted: measuredJobs.length,
    jobsStarted: started,
    jobsCompleted: completed,
    jobsRunningAtEnd: started - completed,
    jobsPendingAtEnd: pending,
    jobsRejected: rejected,
    meanWaitS: mean(sortedWaits),
    p95WaitS: quantile(sortedWaits, 0.95),
    maxQueueLength: dc.maxQueueLength,
    goodput: null,
    interruptions: null,
  };

  const inference: Record<string, unknown> = {};
  for (const s of dc.services) {
    const lat = s.latencies.sorted();
    const sloLatencyS = s.config.sloLatencyS;
    inference[s.config.name] = {
      pool: s.config.pool,
      requests: s.requests,
      completed: s.completed,
      dropped: s.dropped,
      inFlightAtEnd: s.requests - s.completed - s.dropped,
      meanWaitS: mean(s.waits.values()),
      latencyP50S: quantile(lat, 0.5),
      latencyP99S: quantile(lat, 0.99),
      ttftP50S: null,
      ttftP99S: null,
      tpotP50S: null,
      tpotP99S: null,
      sloLatencyS: sloLatencyS ?? null,
      // Share of all requests (dropped and unfinished count as misses) that met the target.
      sloAttainment: sloLatencyS === undefined || s.requests === 0 ? null : s.sloMet / s.requests,
      requestsPerS: span > 0 ? s.completed / span : null,
      tokensPerS: null,
      usdPerMTokens: null,
      revenueUsd: null,
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
    cost: {
      capexUsd: null,
      cloudUsd: null,
      energyUsd: null,
      totalUsd: null,
      usdPerMTokens: null,
      carbonT: null,
    },
    supply: { acceleratorsDelivered: null, acceleratorsShort: null, deliveriesLate: null },
    warnings: dc.warnings.messages(),
  };
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
export function jobsCsv(dc: DataCenter, horizonS: number): string {
  const lines = [JOB_COLUMNS.join(",")];
  for (const j of dc.jobs) {
    const startedJob = j.startS === j.startS;
    const status = j.rejected
      ? "rejected"
      : !startedJob
        ? "pending"
        : j.endS === j.endS
          ? "completed"
          : "running";
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
      null, // restarts: failures not modelled yet
      null, // goodput: failures not modelled yet
      null, // cost: not modelled yet
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

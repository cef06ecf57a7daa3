/**
 * Cost over time: per output interval, each pool's cost and the run's capex, cloud, energy and
 * total cost and carbon, by the same rules as summary.json's `cost` (see costOf in summary.ts),
 * computed from the interval's rows (pool `installed` and `allocation`, site `facilityPowerKW`).
 * On-demand hours take the price in force at the interval's start; an electricity-price shock is
 * charged by its overlap with the interval. So the intervals from warm-up on add up to the
 * summary's totals exactly unless a price change or a shock edge falls inside an interval.
 */
import type { DataCenter } from "../datacenter/index.js";
import type { SeriesRow } from "../metrics/index.js";
import { depreciationUsd, type Prices } from "../models/index.js";
import { cloudUsdPerHour, hourlyEnergy, priceShockMultiplier } from "./summary.js";

export interface CostSeriesInput {
  dc: DataCenter;
  prices: Prices;
  startMs: number;
  horizonS: number;
}

/**
 * The timeseries with cost rows added after each interval's rows: `pool/<name>,costUsd` and
 * `cost,{capexUsd,cloudUsd,energyUsd,totalUsd,carbonKg}` (totalUsd empty where a pool has no
 * price). Rows are grouped by interval start, in time order, as the recorder writes them.
 */
export function withCostRows(rows: readonly SeriesRow[], input: CostSeriesInput): SeriesRow[] {
  const { dc, prices, startMs, horizonS } = input;
  const startIso = new Date(startMs).toISOString();
  const times = [...new Set(rows.map((r) => r.timeS))].sort((a, b) => a - b);
  const byTime = new Map<number, Map<string, number>>();
  for (const r of rows) {
    let m = byTime.get(r.timeS);
    if (m === undefined) byTime.set(r.timeS, (m = new Map()));
    m.set(`${r.entity}|${r.metric}`, r.value);
  }
  const costAt = new Map<number, SeriesRow[]>();
  times.forEach((t, k) => {
    const dt = (k + 1 < times.length ? times[k + 1] : horizonS) - t;
    const at = byTime.get(t)!;
    if (!(dt > 0) || !at.has(`pool/${dc.pools[0]?.name}|installed`)) return;
    const out: SeriesRow[] = [];
    const dateIso = new Date(startMs + t * 1000).toISOString();
    let capex = 0;
    let cloud = 0;
    let energy = 0;
    let carbonKg = 0;
    let unknown = false;
    for (const p of dc.pools) {
      const c = p.config;
      const installed = at.get(`pool/${p.name}|installed`) ?? 0;
      const allocation = at.get(`pool/${p.name}|allocation`) ?? 0;
      let usd: number | undefined;
      if (c.purchase === "owned") {
        const unit = prices.owned[c.accelerator];
        if (unit !== undefined) usd = depreciationUsd(installed, unit, prices.lifeYears, dt);
        if (usd !== undefined) capex += usd;
      } else {
        const hourly = cloudUsdPerHour(c, prices, dateIso);
        const accS = c.purchase === "reserved" ? installed * dt : allocation * installed * dt;
        if (hourly !== undefined) usd = ((Number.isFinite(accS) ? accS : 0) / 3600) * hourly;
        if (usd !== undefined) cloud += usd;
      }
      if (usd === undefined) unknown = true;
      out.push({ timeS: t, entity: `pool/${p.name}`, metric: "costUsd", value: usd ?? NaN });
    }
    dc.sites.forEach((s, k) => {
      const site = dc.config.ownedSites.find((o) => o.name === s.input.name);
      const mw = s.input.halls.reduce((a, h) => a + h.powerBudgetW / 1e6, 0);
      capex += depreciationUsd(mw, prices.facilityUsdPerMW, prices.facilityLifeYears, dt);
      // Priced hour by hour: the hours that start in this interval.
      const hourly = hourlyEnergy(dc, k, startIso, prices, t, t + dt);
      if (hourly !== undefined) {
        energy += hourly.usd;
        carbonKg += hourly.carbonKg;
        return;
      }
      const kWh = ((at.get(`site/${s.input.name}|facilityPowerKW`) ?? 0) * dt) / 3600;
      const tariff = site?.usdPerKWh ?? prices.usdPerKWh;
      energy += kWh * tariff * priceShockMultiplier(dc, s.input.name, t, t + dt);
      carbonKg += kWh * (site?.carbonKgPerKWh ?? prices.carbonKgPerKWh);
    });
    out.push(
      { timeS: t, entity: "cost", metric: "capexUsd", value: capex },
      { timeS: t, entity: "cost", metric: "cloudUsd", value: cloud },
      { timeS: t, entity: "cost", metric: "energyUsd", value: energy },
      {
        timeS: t,
        entity: "cost",
        metric: "totalUsd",
        value: unknown ? NaN : capex + cloud + energy,
      },
      { timeS: t, entity: "cost", metric: "carbonKg", value: carbonKg },
    );
    costAt.set(t, out);
  });
  const merged: SeriesRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    merged.push(rows[i]);
    const last = i + 1 === rows.length || rows[i + 1].timeS !== rows[i].timeS;
    if (last) {
      merged.push(...(costAt.get(rows[i].timeS) ?? []));
      costAt.delete(rows[i].timeS);
    }
  }
  return merged;
}

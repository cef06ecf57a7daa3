/**
 * Wires the power and thermal models (src/models/power, src/models/thermal, parameters in
 * models/facility/) into the shapes the simulated world asks for.
 */
import type { HallPhysics, PoolPhysics, SitePhysics } from "../datacenter/index.js";
import {
  acceleratorPowerW,
  activityFactor,
  ambientC,
  loadCoolingParams,
  loadPowerParams,
  loadPueParams,
  nodeOverheadFor,
  overheadPerAcceleratorW,
  pueAt,
  facilityPowerAtLoadW,
  timeConstantS,
  type Catalog,
  type CoolingParams,
  type PowerParams,
  type PueParams,
} from "../models/index.js";
import type { PhysicsFactory } from "./resolve.js";

export interface FacilityParams {
  power: PowerParams;
  pue: PueParams;
  cooling: CoolingParams;
}

let cached: FacilityParams | undefined;
/** The shipped parameter files (loaded once per process). */
export function facilityParams(): FacilityParams {
  cached ??= { power: loadPowerParams(), pue: loadPueParams(), cooling: loadCoolingParams() };
  return cached;
}

/** Builds the physics of sites, halls and pools from the catalog and the parameter files. */
export function physicsFactory(
  catalog: Catalog,
  params: FacilityParams = facilityParams(),
): PhysicsFactory {
  const matmul = activityFactor(params.power, "matmul");
  const memory = activityFactor(params.power, "memory");
  return {
    site(owned, startMs, designItW): SitePhysics {
      const profile = owned.ambient;
      const pue = owned.pue;
      const model =
        typeof pue === "number"
          ? ({ model: "fixed", pue } as const)
          : pue.model === "fixed"
            ? ({ model: "fixed", pue: pue.design } as const)
            : ({ model: "ambient", design: pue.design } as const);
      const pueParams = {
        freeCoolingMaxAmbientC:
          typeof pue === "object" && pue.freeCoolingC !== undefined
            ? pue.freeCoolingC
            : params.pue.freeCoolingMaxAmbientC,
        pueRisePerC:
          typeof pue === "object" && pue.perC !== undefined ? pue.perC : params.pue.pueRisePerC,
      };
      // A fixed PUE is taken as given; the modelled PUE follows ambient temperature and load.
      const pueAt_ = (a: number | undefined) =>
        model.model === "fixed"
          ? model.pue
          : a === undefined
            ? model.design
            : pueAt(model, a, pueParams);
      return {
        ambientC: (timeS) =>
          profile === undefined
            ? undefined
            : ambientC(timeS, startMs, { ...profile, utcOffsetH: owned.utcOffsetH }, params.pue),
        facilityW: (itW, a) =>
          model.model === "ambient" && designItW !== undefined
            ? facilityPowerAtLoadW(itW, pueAt_(a), designItW, params.pue)
            : itW * pueAt_(a),
      };
    },
    hall(hall): HallPhysics {
      const c = params.cooling[hall.cooling];
      const supply = hall.supplyC ?? c.typicalSupplyC;
      const design = hall.plantDesignAmbientC ?? c.plantDesignAmbientC;
      return { supplyC: (a) => (a === undefined ? supply : supply + Math.max(0, a - design)) };
    },
    pool(acceleratorId, cooling): PoolPhysics {
      const acc = catalog.get(acceleratorId);
      const overhead = nodeOverheadFor(params.power, acceleratorId);
      const perAcc = (count: number, busyMatmul: number, busyMemory: number, clock: number) => {
        if (!(count > 0)) return 0; // none there (all retired, or none delivered yet)
        const idle = Math.max(0, count - busyMatmul - busyMemory);
        return (
          (busyMatmul * acceleratorPowerW(acc, matmul, clock, params.power) +
            busyMemory * acceleratorPowerW(acc, memory, clock, params.power) +
            idle * acc.idlePowerW) /
          count
        );
      };
      const c = cooling === undefined ? undefined : params.cooling[cooling];
      return {
        acceleratorPowerW: perAcc,
        hottestAcceleratorPowerW: (busyMatmul, busyMemory, clock) =>
          busyMatmul > 0
            ? acceleratorPowerW(acc, matmul, clock, params.power)
            : busyMemory > 0
              ? acceleratorPowerW(acc, memory, clock, params.power)
              : acc.idlePowerW,
        itPowerW: (count, busyMatmul, busyMemory, clock) =>
          count > 0
            ? count *
              (perAcc(count, busyMatmul, busyMemory, clock) +
                overheadPerAcceleratorW(overhead, Math.min(1, (busyMatmul + busyMemory) / count)))
            : 0,
        minClock: params.power.minClockFraction,
        thermal:
          c === undefined
            ? undefined
            : {
                rCPerW: c.rCPerW,
                tauS: timeConstantS(c.rCPerW, c.heatCapacityJPerC),
                slowdownC: acc.thermal.slowdownC,
                shutdownC: acc.thermal.shutdownC,
              },
      };
    },
  };
}

/**
 * Input problems only the physics can see: a cap or hall budget below the idle power of what it
 * feeds (nothing could ever run), as [path, message] pairs. With the resolved pools, idle power
 * is checked at its peak over the run as deliveries arrive (powered from arrival) and
 * retirements leave (at their dates: a lower bound on the count, so no plan is refused that
 * could fit); otherwise at the starting counts.
 */
export function facilityProblems(
  spec: import("./schema.js").ExperimentSpec,
  factory: PhysicsFactory,
  resolved?: { pools: readonly import("../datacenter/index.js").PoolConfig[]; horizonS: number },
): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const dayOf = (s: number) => `day ${+(s / 86_400).toFixed(1)}`;
  spec.sites.forEach((site, i) => {
    if (!site.owned) return;
    const pools = spec.pools.filter((p) => p.site === site.name);
    // Count changes of the site's pools: [time, pool name, +/- count].
    const changes: [number, string, number][] = [];
    for (const p of pools) {
      const pc = resolved?.pools.find((x) => x.name === p.name);
      for (const d of pc?.deliveries ?? [])
        if (d.count > 0 && d.atS < resolved!.horizonS) changes.push([d.atS, p.name, d.count]);
      for (const r of pc?.retirements ?? [])
        if (r.atS < resolved!.horizonS) changes.push([r.atS, p.name, -r.count]);
    }
    changes.sort((a, b) => a[0] - b[0] || a[2] - b[2]); // retirements first at the same time
    const idleW = (ps: typeof pools, counts: Map<string, number>) =>
      ps.reduce((sum, p) => {
        const hall = site.halls.find((h) => h.name === p.hall);
        const n = counts.get(p.name) ?? p.count;
        return sum + factory.pool(p.accelerator, hall?.cooling).itPowerW(n, 0, 0, 1);
      }, 0);
    /** The counts at the moment the pools `ps` idle hardest, and when (s). */
    const peakOf = (ps: typeof pools) => {
      const counts = new Map(ps.map((p) => [p.name, p.count]));
      let best = { atS: 0, counts: new Map(counts), w: idleW(ps, counts) };
      for (const [atS, name, delta] of changes) {
        if (!counts.has(name)) continue;
        counts.set(name, Math.max(0, counts.get(name)! + delta));
        const w = idleW(ps, counts);
        if (w > best.w) best = { atS, counts: new Map(counts), w };
      }
      return best;
    };
    const when = (atS: number) => (atS > 0 ? ` from ${dayOf(atS)}, after deliveries` : "");
    const designItW =
      site.halls.length > 0 ? site.halls.reduce((a, h) => a + h.powerMW * 1e6, 0) : undefined;
    const physics = factory.site(site.owned, 0, designItW);
    const capMW = site.owned.powerCapMW;
    if (capMW !== undefined) {
      const peak = peakOf(pools);
      const idleIt = peak.w;
      const idleMW = physics.facilityW(idleIt, undefined) / 1e6;
      const pue =
        idleIt > 0 ? Number((physics.facilityW(idleIt, undefined) / idleIt).toFixed(3)) : 1;
      if (idleMW > capMW) {
        out.push({
          path: ["sites", i, "owned", "powerCapMW"],
          message: `${capMW} MW is below the site's idle power of ${idleMW.toFixed(3)} MW${when(peak.atS)} (all accelerators idle, PUE ${pue}): nothing could run; raise the cap or remove accelerators`,
        });
      } else {
        const startIdleIt = idleW(pools, new Map());
        // A training workload whose smallest job could not start even at the lowest clock on
        // an otherwise idle site, and that has no pool elsewhere, would wait for ever.
        spec.workloads.training.forEach((w, j) => {
          const eligible = w.pools ?? spec.pools.map((p) => p.name);
          if (eligible.some((n) => !pools.some((p) => p.name === n))) return;
          if (w.accelerators === undefined) return; // a trace: sizes come row by row
          const smallest = countMin(w.accelerators);
          if (smallest === undefined) return;
          const needMW = Math.min(
            ...pools
              .filter((p) => eligible.includes(p.name) && p.count >= smallest)
              .map((p) => {
                const hall = site.halls.find((h) => h.name === p.hall);
                const phys = factory.pool(p.accelerator, hall?.cooling);
                // At the starting counts: a job may run before deliveries fill the cap.
                const busyIt =
                  startIdleIt -
                  phys.itPowerW(p.count, 0, 0, 1) +
                  phys.itPowerW(p.count, smallest, 0, phys.minClock);
                return physics.facilityW(busyIt, undefined) / 1e6;
              }),
          );
          if (needMW > capMW) {
            out.push({
              path: ["sites", i, "owned", "powerCapMW"],
              message: `${capMW} MW leaves no room for any job of '${w.name}': its smallest (${smallest} accelerators) needs ${needMW.toFixed(3)} MW even at the lowest clock on an otherwise idle site`,
            });
          }
        });
      }
    }
    site.halls.forEach((h, k) => {
      const peak = peakOf(pools.filter((p) => p.hall === h.name));
      const idleMW = peak.w / 1e6;
      if (idleMW > h.powerMW) {
        out.push({
          path: ["sites", i, "halls", k, "powerMW"],
          message: `${h.powerMW} MW is below the hall's idle IT power of ${idleMW.toFixed(3)} MW${when(peak.atS)}: nothing could run`,
        });
      }
    });
  });
  return out;
}

/** Smallest value a bounded count distribution can produce, if known. */
function countMin(d: import("./schema.js").CountDistSpec): number | undefined {
  if (typeof d === "number") return d;
  if (d.constant !== undefined) return d.constant;
  if (d.choice !== undefined)
    return Math.min(...(Array.isArray(d.choice) ? d.choice : d.choice.values));
  if (d.uniform !== undefined) return d.uniform.min;
  return undefined;
}

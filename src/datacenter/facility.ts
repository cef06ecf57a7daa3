/**
 * Power and heat of owned sites, event by event.
 *
 * After every change of load (a job or request starting or ending), at every thermal crossing and
 * at a periodic step (ambient temperature moves), a site is brought up to date:
 * 1. rack-group temperatures advance in closed form, T = Tss + (T0 - Tss) e^(-dt/tau);
 * 2. thermal clocks: a rack group at its slowdown temperature runs at the highest clock whose
 *    steady temperature does not exceed it; a gang job's pool runs at its slowest group's clock;
 * 3. the power-cap clock: one clock fraction per site, the highest that keeps every hall within
 *    its IT budget and the site within its facility cap (IT x PUE), found by bisection;
 * 4. each pool runs at min(cap clock, thermal clock); running jobs are re-timed when it changes;
 * 5. instantaneous powers are recorded (energy, peaks) and the next thermal crossing scheduled.
 * So the cap holds at every power change, not only on interval means.
 */
import type { EventId, Simulator } from "../engine/index.js";
import { TimeIntegral } from "../metrics/index.js";
import type { HallPhysics, PoolPhysics, SitePhysics } from "./physics.js";

/** Priority of physics events: after model events at the same instant. */
const PRIORITY_PHYSICS = 10;
/**
 * A rack group within this much of its slowdown temperature counts as at it (and is held there):
 * without the margin, float rounding would flip the throttle on and off at every event.
 */
const HOT_MARGIN_C = 0.01;
const BISECTION_STEPS = 40;

export interface FacilityPoolInput {
  index: number;
  name: string;
  count: number;
  rackGroups: number;
  physics: PoolPhysics;
  /** Hall index within the site, or -1. */
  hall: number;
}

export interface FacilitySiteInput {
  name: string;
  powerCapW?: number;
  physics: SitePhysics;
  halls: { name: string; powerBudgetW: number; recirculationCPerW: number; physics: HallPhysics }[];
  pools: FacilityPoolInput[];
}

export interface FacilityHooks {
  sim: Simulator;
  warmupS: number;
  /** Busy accelerators of a pool now: [matmul-bound, memory-bound]. */
  busy(poolIndex: number): [number, number];
  /** Applies a pool's new clock fraction (re-times its running jobs). */
  setClock(poolIndex: number, clock: number): void;
  /** Called after every update (for totals across sites). */
  afterUpdate?(): void;
}

class GroupState {
  tempC: number;
  tssC: number;
  inletC: number;
  lastS = 0;
  /** Integral of temperature over time (degC x s), exact for the exponential path. */
  tempArea = 0;
  maxTempAfterWarmupC = -Infinity;
  constructor(startC: number) {
    this.tempC = startC;
    this.tssC = startC;
    this.inletC = startC;
  }
}

export class PoolPower {
  readonly itPowerW = new TimeIntegral();
  readonly throttled = new TimeIntegral();
  readonly groups: GroupState[];
  peakAfterWarmupW = 0;
  thermalClock = 1;
  clock = 1;
  constructor(
    readonly input: FacilityPoolInput,
    startC: number,
  ) {
    this.groups = Array.from({ length: input.rackGroups }, () => new GroupState(startC));
  }

  /** Mean temperature of its rack groups over time, as an integral (degC x s). */
  tempAreaAt(nowS: number): number {
    const tau = this.input.physics.thermal?.tauS ?? Infinity;
    let a = 0;
    for (const g of this.groups) a += g.tempArea + areaOfPath(g, nowS - g.lastS, tau);
    return a / this.groups.length;
  }

  get maxTempAfterWarmupC(): number {
    return Math.max(...this.groups.map((g) => g.maxTempAfterWarmupC));
  }
}

/** Area under T over dt from a group's last update (closed form of the exponential path). */
function areaOfPath(g: GroupState, dtS: number, tauS = Infinity): number {
  if (dtS <= 0) return 0;
  if (!Number.isFinite(tauS)) return g.tempC * dtS;
  return g.tssC * dtS + (g.tempC - g.tssC) * tauS * (1 - Math.exp(-dtS / tauS));
}

export class SitePower {
  readonly pools: PoolPower[];
  readonly itPowerW = new TimeIntegral();
  readonly facilityPowerW = new TimeIntegral();
  /** 1 while the cap clock is below 1. */
  readonly capBinding = new TimeIntegral();
  readonly hallPowerW: TimeIntegral[];
  peakFacilityAfterWarmupW = 0;
  capClock = 1;
  pueNow = 1;
  ambientNowC: number | undefined;
  infeasible = false;
  private crossing: EventId = -1;

  constructor(
    readonly input: FacilitySiteInput,
    private readonly hooks: FacilityHooks,
  ) {
    const a = input.physics.ambientC(0);
    this.pools = input.pools.map((p) => {
      const hall = input.halls[p.hall];
      return new PoolPower(p, hall ? hall.physics.supplyC(a) : 25);
    });
    this.hallPowerW = input.halls.map(() => new TimeIntegral());
  }

  /** Brings the site up to date at the engine's current time (see the file comment). */
  update(): void {
    const nowS = this.hooks.sim.now;
    const site = this.input;
    // 1. Temperatures to now.
    for (const p of this.pools) {
      const tau = p.input.physics.thermal?.tauS ?? Infinity;
      for (const g of p.groups) {
        const dt = nowS - g.lastS;
        if (dt > 0) {
          g.tempArea += areaOfPath(g, dt, tau);
          g.tempC = Number.isFinite(tau)
            ? g.tssC + (g.tempC - g.tssC) * Math.exp(-dt / tau)
            : g.tssC;
          g.lastS = nowS;
        }
      }
    }
    const ambient = site.physics.ambientC(nowS);
    this.ambientNowC = ambient;
    this.pueNow = site.physics.pue(ambient);
    const supply = site.halls.map((h) => h.physics.supplyC(ambient));
    const busy = this.pools.map((p) => this.hooks.busy(p.input.index));

    // Recirculation: inlet of each group = supply + r x (power of the hall's groups, kW), from
    // the powers at the current clocks.
    const hallGroupKW = site.halls.map(() => 0);
    this.pools.forEach((p, i) => {
      if (p.input.hall < 0) return;
      const accW = p.input.physics.acceleratorPowerW(busy[i][0], busy[i][1], p.clock);
      hallGroupKW[p.input.hall] += (accW * p.input.count) / 1000;
    });

    // 2. Thermal clocks.
    this.pools.forEach((p, i) => {
      const th = p.input.physics.thermal;
      if (!th || p.input.hall < 0) {
        p.thermalClock = 1;
        return;
      }
      const hall = site.halls[p.input.hall];
      const inlet =
        supply[p.input.hall] + hall.recirculationCPerW * 1000 * hallGroupKW[p.input.hall];
      for (const g of p.groups) g.inletC = inlet;
      const hot = p.groups.some((g) => g.tempC >= th.slowdownC - HOT_MARGIN_C);
      if (!hot) {
        p.thermalClock = 1;
        return;
      }
      const tss = (f: number) =>
        inlet + p.input.physics.acceleratorPowerW(busy[i][0], busy[i][1], f) * th.rCPerW;
      p.thermalClock = highestClock(p.input.physics.minClock, (f) => tss(f) <= th.slowdownC);
    });

    // 3. Cap clock.
    const fits = (fCap: number) => {
      const hallW = site.halls.map(() => 0);
      let itW = 0;
      this.pools.forEach((p, i) => {
        const w = p.input.physics.itPowerW(busy[i][0], busy[i][1], Math.min(fCap, p.thermalClock));
        itW += w;
        if (p.input.hall >= 0) hallW[p.input.hall] += w;
      });
      if (site.halls.some((h, k) => hallW[k] > h.powerBudgetW)) return false;
      return site.powerCapW === undefined || itW * this.pueNow <= site.powerCapW;
    };
    const minClock = Math.max(...this.pools.map((p) => p.input.physics.minClock), 0.01);
    if (fits(1)) {
      this.capClock = 1;
      this.infeasible = false;
    } else if (!fits(minClock)) {
      this.capClock = minClock;
      this.infeasible = true;
    } else {
      this.capClock = highestClock(minClock, fits);
      this.infeasible = false;
    }

    // 4. Apply clocks; 5. record powers.
    let itW = 0;
    const hallW = site.halls.map(() => 0);
    this.pools.forEach((p, i) => {
      const clock = Math.min(this.capClock, p.thermalClock);
      if (clock !== p.clock) {
        p.clock = clock;
        this.hooks.setClock(p.input.index, clock);
      }
      const w = p.input.physics.itPowerW(busy[i][0], busy[i][1], clock);
      p.itPowerW.set(nowS, w);
      p.throttled.set(nowS, p.thermalClock < 1 ? p.input.count : 0);
      if (nowS >= this.hooks.warmupS && w > p.peakAfterWarmupW) p.peakAfterWarmupW = w;
      itW += w;
      if (p.input.hall >= 0) hallW[p.input.hall] += w;
      const th = p.input.physics.thermal;
      if (th) {
        const accW = p.input.physics.acceleratorPowerW(busy[i][0], busy[i][1], clock);
        for (const g of p.groups) {
          g.tssC = g.inletC + accW * th.rCPerW;
          if (nowS >= this.hooks.warmupS && g.tempC > g.maxTempAfterWarmupC)
            g.maxTempAfterWarmupC = g.tempC;
        }
      }
    });
    hallW.forEach((w, k) => this.hallPowerW[k].set(nowS, w));
    const facilityW = itW * this.pueNow;
    this.itPowerW.set(nowS, itW);
    this.facilityPowerW.set(nowS, facilityW);
    this.capBinding.set(nowS, this.capClock < 1 ? 1 : 0);
    if (nowS >= this.hooks.warmupS && facilityW > this.peakFacilityAfterWarmupW) {
      this.peakFacilityAfterWarmupW = facilityW;
    }
    this.scheduleCrossing(nowS);
    this.hooks.afterUpdate?.();
  }

  /** Schedules an update when the first rack group heading above its slowdown reaches it. */
  private scheduleCrossing(nowS: number): void {
    const sim = this.hooks.sim;
    if (this.crossing >= 0) sim.cancel(this.crossing);
    this.crossing = -1;
    let first = Infinity;
    for (const p of this.pools) {
      const th = p.input.physics.thermal;
      if (!th) continue;
      for (const g of p.groups) {
        const thresholdC = th.slowdownC - HOT_MARGIN_C;
        if (g.tempC < thresholdC && g.tssC > thresholdC) {
          // T(t) = Tss + (T0 - Tss) e^(-t/tau) reaches the threshold at t = tau ln((T0-Tss)/(Tth-Tss)).
          const t = th.tauS * Math.log((g.tempC - g.tssC) / (thresholdC - g.tssC));
          if (t < first) first = t;
        }
      }
    }
    if (Number.isFinite(first)) {
      this.crossing = sim.schedule(
        Math.max(0, first),
        this.onCrossing,
        undefined,
        PRIORITY_PHYSICS,
      );
    }
  }

  private readonly onCrossing = (): void => {
    this.crossing = -1;
    this.update();
  };
}

/**
 * The highest clock in [minClock, 1] for which `ok` holds, assuming `ok` holds at minClock and
 * turns false only above some clock (monotone). Bisection to about 1e-12.
 */
export function highestClock(minClock: number, ok: (f: number) => boolean): number {
  if (ok(1)) return 1;
  if (!ok(minClock)) return minClock;
  let lo = minClock;
  let hi = 1;
  for (let k = 0; k < BISECTION_STEPS; k++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

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
  /** Accelerators drawing power at the start (`SitePower.setPowered` changes it). */
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
  /** Facility over IT power at the last update. */
  pueNow = 1;
  ambientNowC: number | undefined;
  infeasible = false;
  /** Whether facility power fell at the last update (held-back work may fit now). */
  powerFell = false;
  /** Extra supply temperature per hall (a cooling failure), degC. */
  readonly supplyOffsetC: number[] = [];

  /** Changes the site's facility power cap (a grid-cap shock) and brings power up to date. */
  setPowerCapW(capW: number | undefined): void {
    (this.input as { powerCapW?: number }).powerCapW = capW;
    this.update();
  }

  /** Raises (or restores) a hall's supply temperature and brings heat up to date. */
  setSupplyOffsetC(hall: number, offsetC: number): void {
    this.supplyOffsetC[hall] = offsetC;
    this.update();
  }
  private crossing: EventId = -1;

  /** Accelerators drawing power per pool (as `pools`): installed, plus deliveries burning in. */
  private readonly powered: Float64Array;
  /** Accelerators in service per pool (installed): what the throttled share counts. */
  private readonly inService: Float64Array;

  /**
   * Sets how many of a pool's accelerators draw power (a delivery, its burn-in, a retirement) and
   * brings power up to date: even at the same count, as the end of a burn-in keeps the count and
   * lowers the load.
   */
  setPowered(poolIndex: number, count: number, inService: number): void {
    const k = this.pools.findIndex((p) => p.input.index === poolIndex);
    if (k < 0) return;
    this.powered[k] = count;
    this.inService[k] = inService;
    this.update();
  }

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
    this.powered = Float64Array.from(input.pools, (p) => p.count);
    this.inService = Float64Array.from(input.pools, (p) => p.count);
    const n = input.pools.length;
    const h = input.halls.length;
    this.scratch = {
      busyMatmul: new Float64Array(n),
      busyMemory: new Float64Array(n),
      poolW: new Float64Array(n),
      hallKW: new Float64Array(h),
      hallW: new Float64Array(h),
      supply: new Float64Array(h),
    };
    this.minClock = Math.max(0.01, ...input.pools.map((p) => p.physics.minClock));
  }

  private readonly scratch: {
    busyMatmul: Float64Array;
    busyMemory: Float64Array;
    poolW: Float64Array;
    hallKW: Float64Array;
    hallW: Float64Array;
    supply: Float64Array;
  };
  private readonly minClock: number;

  /** Brings the site up to date at the engine's current time (see the file comment). */
  update(): void {
    // Runs after every load change in the site's pools (for inference, every request start and
    // end), so it reuses scratch arrays and allocates nothing.
    const nowS = this.hooks.sim.now;
    const site = this.input;
    const pools = this.pools;
    const n = pools.length;
    const { busyMatmul, busyMemory, hallKW, hallW, poolW, supply } = this.scratch;
    const count = this.powered;
    // 1. Temperatures to now.
    for (let i = 0; i < n; i++) {
      const p = pools[i];
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
      const b = this.hooks.busy(p.input.index);
      busyMatmul[i] = b[0];
      busyMemory[i] = b[1];
    }
    const ambient = site.physics.ambientC(nowS);
    this.ambientNowC = ambient;
    for (let k = 0; k < site.halls.length; k++) {
      supply[k] = site.halls[k].physics.supplyC(ambient) + (this.supplyOffsetC[k] ?? 0);
      hallKW[k] = 0;
    }

    // Recirculation: inlet of each group = supply + r x (accelerator power of the hall, kW), from
    // the powers at the current clocks.
    for (let i = 0; i < n; i++) {
      const p = pools[i];
      if (p.input.hall < 0) continue;
      const accW = p.input.physics.acceleratorPowerW(
        count[i],
        busyMatmul[i],
        busyMemory[i],
        p.clock,
      );
      hallKW[p.input.hall] += (accW * count[i]) / 1000;
    }

    // 2. Thermal clocks.
    for (let i = 0; i < n; i++) {
      const p = pools[i];
      const th = p.input.physics.thermal;
      p.thermalClock = 1;
      if (!th || p.input.hall < 0) continue;
      const h = p.input.hall;
      let hot = false;
      for (const g of p.groups) if (g.tempC >= th.slowdownC - HOT_MARGIN_C) hot = true;
      if (hot) {
        // The pool's own power at the candidate clock feeds its inlet through recirculation.
        const phys = p.input.physics;
        const bm = busyMatmul[i];
        const bx = busyMemory[i];
        const r = site.halls[h].recirculationCPerW;
        const n = count[i];
        const ownKW = (phys.acceleratorPowerW(n, bm, bx, p.clock) * n) / 1000;
        const othersKW = hallKW[h] - ownKW;
        // The hottest (busy) accelerator sets the temperature; the pool's mean power, the inlet.
        p.thermalClock = highestClock(phys.minClock, (f) => {
          const inlet =
            supply[h] + r * (1000 * othersKW + phys.acceleratorPowerW(n, bm, bx, f) * n);
          return inlet + phys.hottestAcceleratorPowerW(bm, bx, f) * th.rCPerW <= th.slowdownC;
        });
      }
    }

    // 3. Cap clock (powers at full cap clock first: the common case needs nothing more).
    const fits = (fCap: number) => {
      let itW = 0;
      for (let k = 0; k < hallW.length; k++) hallW[k] = 0;
      for (let i = 0; i < n; i++) {
        const p = pools[i];
        const w = p.input.physics.itPowerW(
          count[i],
          busyMatmul[i],
          busyMemory[i],
          Math.min(fCap, p.thermalClock),
        );
        poolW[i] = w;
        itW += w;
        if (p.input.hall >= 0) hallW[p.input.hall] += w;
      }
      for (let k = 0; k < hallW.length; k++)
        if (hallW[k] > site.halls[k].powerBudgetW) return false;
      return (
        site.powerCapW === undefined ||
        site.physics.facilityW(itW, this.ambientNowC) <= site.powerCapW
      );
    };
    if (fits(1)) {
      this.capClock = 1;
      this.infeasible = false;
    } else {
      const minClock = this.minClock;
      this.infeasible = !fits(minClock);
      this.capClock = this.infeasible ? minClock : highestClock(minClock, fits);
      fits(this.capClock); // leaves poolW and hallW at the chosen clock
    }

    // 4. Apply clocks; 5. record powers, and inlets from the powers at the new clocks.
    let itW = 0;
    const afterWarmup = nowS >= this.hooks.warmupS;
    for (let k = 0; k < site.halls.length; k++) hallKW[k] = 0;
    for (let i = 0; i < n; i++) {
      const p = pools[i];
      const clock = Math.min(this.capClock, p.thermalClock);
      if (clock !== p.clock) {
        p.clock = clock;
        this.hooks.setClock(p.input.index, clock);
      }
      if (p.input.hall >= 0) {
        const accW = p.input.physics.acceleratorPowerW(
          count[i],
          busyMatmul[i],
          busyMemory[i],
          clock,
        );
        hallKW[p.input.hall] += (accW * count[i]) / 1000;
      }
    }
    for (let i = 0; i < n; i++) {
      const p = pools[i];
      const clock = p.clock;
      const h = p.input.hall;
      const inlet = h >= 0 ? supply[h] + site.halls[h].recirculationCPerW * 1000 * hallKW[h] : 0;
      for (const g of p.groups) g.inletC = inlet;
      const w = poolW[i];
      p.itPowerW.set(nowS, w);
      p.throttled.set(nowS, p.thermalClock < 1 ? this.inService[i] : 0);
      if (afterWarmup && w > p.peakAfterWarmupW) p.peakAfterWarmupW = w;
      itW += w;
      const th = p.input.physics.thermal;
      if (th) {
        const hotW = p.input.physics.hottestAcceleratorPowerW(busyMatmul[i], busyMemory[i], clock);
        for (const g of p.groups) {
          g.tssC = g.inletC + hotW * th.rCPerW;
          if (afterWarmup && g.tempC > g.maxTempAfterWarmupC) g.maxTempAfterWarmupC = g.tempC;
        }
      }
    }
    for (let k = 0; k < hallW.length; k++) this.hallPowerW[k].set(nowS, hallW[k]);
    const facilityW = site.physics.facilityW(itW, ambient);
    this.pueNow = itW > 0 ? facilityW / itW : 1;
    this.powerFell = facilityW < this.facilityPowerW.current;
    this.itPowerW.set(nowS, itW);
    this.facilityPowerW.set(nowS, facilityW);
    this.capBinding.set(nowS, this.capClock < 1 ? 1 : 0);
    if (afterWarmup && facilityW > this.peakFacilityAfterWarmupW)
      this.peakFacilityAfterWarmupW = facilityW;
    this.scheduleCrossing(nowS);
    this.hooks.afterUpdate?.();
  }

  /**
   * Whether `extraMatmul` more busy accelerators in a pool would still fit every hall budget and
   * the site cap at the lowest clock (at the current thermal clocks). Work that would not is held
   * back, so the cap holds even where clocks alone could not hold it.
   */
  admits(poolIndex: number, extraMatmul: number): boolean {
    const site = this.input;
    const { hallW } = this.scratch;
    for (let k = 0; k < hallW.length; k++) hallW[k] = 0;
    let itW = 0;
    for (let k = 0; k < this.pools.length; k++) {
      const p = this.pools[k];
      const [bm, bx] = this.hooks.busy(p.input.index);
      const extra = p.input.index === poolIndex ? extraMatmul : 0;
      const w = p.input.physics.itPowerW(
        this.powered[k],
        bm + extra,
        bx,
        Math.min(this.minClock, p.thermalClock),
      );
      itW += w;
      if (p.input.hall >= 0) hallW[p.input.hall] += w;
    }
    for (let k = 0; k < hallW.length; k++) if (hallW[k] > site.halls[k].powerBudgetW) return false;
    return (
      site.powerCapW === undefined ||
      site.physics.facilityW(itW, this.ambientNowC) <= site.powerCapW
    );
  }

  /** Keys of the power budgets a pool draws on: the site's cap and its hall's budget. */
  budgetKeys(poolIndex: number): string[] {
    const p = this.pools.find((x) => x.input.index === poolIndex);
    if (p === undefined) return [];
    const keys = this.input.powerCapW === undefined ? [] : [`site/${this.input.name}`];
    if (p.input.hall >= 0)
      keys.push(`hall/${this.input.name}.${this.input.halls[p.input.hall].name}`);
    return keys;
  }

  /**
   * IT power that may still be added at full clock (thermal clocks kept) within the site cap and
   * each hall's budget, W, keyed as `budgetKeys`; what power-aware scheduling spends.
   */
  budgets(): { key: string; headroomW: number }[] {
    const site = this.input;
    const hallW = site.halls.map(() => 0);
    let itW = 0;
    this.pools.forEach((p, k) => {
      const [bm, bx] = this.hooks.busy(p.input.index);
      const w = p.input.physics.itPowerW(this.powered[k], bm, bx, Math.min(1, p.thermalClock));
      itW += w;
      if (p.input.hall >= 0) hallW[p.input.hall] += w;
    });
    const out = site.halls.map((h, k) => ({
      key: `hall/${site.name}.${h.name}`,
      headroomW: h.powerBudgetW - hallW[k],
    }));
    if (site.powerCapW !== undefined) {
      // Largest IT power whose facility power fits the cap (facility power rises with IT power).
      const cap = site.powerCapW;
      let lo = 0;
      let hi = cap;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (site.physics.facilityW(mid, this.ambientNowC) <= cap) lo = mid;
        else hi = mid;
      }
      out.unshift({ key: `site/${site.name}`, headroomW: lo - itW });
    }
    return out;
  }

  /** IT power one more matmul-busy accelerator of the pool adds at full clock, W. */
  fullLoadDeltaW(poolIndex: number): number {
    const k = this.pools.findIndex((x) => x.input.index === poolIndex);
    if (k < 0) return Number.NaN;
    const p = this.pools[k];
    const [bm, bx] = this.hooks.busy(poolIndex);
    const f = Math.min(1, p.thermalClock);
    const n = this.powered[k];
    return p.input.physics.itPowerW(n, bm + 1, bx, f) - p.input.physics.itPowerW(n, bm, bx, f);
  }

  /** Hottest rack-group temperature of a pool now, degC (NaN without a heat model). */
  tempC(poolIndex: number): number {
    const p = this.pools.find((x) => x.input.index === poolIndex);
    if (p === undefined || p.input.physics.thermal === undefined || p.input.hall < 0)
      return Number.NaN;
    return Math.max(...p.groups.map((g) => g.tempC));
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
        // Aim half a margin past the hot test, so rounding in the closed form cannot leave the
        // group just short of it (which would reschedule the crossing at the same instant forever).
        const thresholdC = th.slowdownC - HOT_MARGIN_C;
        const aimC = th.slowdownC - HOT_MARGIN_C / 2;
        if (g.tempC < thresholdC && g.tssC > aimC) {
          // T(t) = Tss + (T0 - Tss) e^(-t/tau) reaches aimC at t = tau ln((T0-Tss)/(aimC-Tss)).
          const t = th.tauS * Math.log((g.tempC - g.tssC) / (aimC - g.tssC));
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

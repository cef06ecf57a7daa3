/**
 * Power caps: choose the clock fraction f so that a set of pools fits a power budget.
 *
 * A pool's power at clock f is static + dynamic · min(f, ceiling)^alpha, where static is the idle
 * power of all its accelerators plus its node overhead and dynamic the activity-scaled range of
 * its busy accelerators (see {@link poolPowerW}). Lowering f lowers only the dynamic part.
 *
 * Rule: one common clock ceiling f for every pool under a cap. A pool already held lower (a
 * thermal throttle, given as `maxClockFraction`) keeps its lower clock, and the cap clock is the
 * highest f for which the total fits. With one exponent alpha for all pools, a common clock is the
 * same as cutting every unthrottled pool's dynamic power by the same proportion f^alpha, so the
 * "common f" and "proportional" rules coincide. f never goes below `minClockFraction`: if even
 * that is over the cap the result says `feasible: false` (the world must then shed load).
 */
import type { Accelerator } from "../catalog-schema.js";
import { paramError } from "../../random/param-errors.js";
import { checkActivity, dynamicRangeW, type AcceleratorPowerSpec } from "./accelerator-power.js";
import { overheadPerAcceleratorW } from "./node-overhead.js";
import { nodeOverheadFor, type PowerParams } from "./power-params.js";

/** One pool (or part of a pool with one activity) as the power model sees it. */
export interface PoolLoad {
  readonly accelerator: AcceleratorPowerSpec & Pick<Accelerator, "id">;
  /** Powered-on accelerators doing work at `activity`. */
  readonly busyCount: number;
  /** Powered-on accelerators with nothing to do (they draw idle power). */
  readonly idleCount: number;
  /**
   * Activity of the busy accelerators, in [0, 1]. A pool whose busy accelerators run different
   * phases is given as several PoolLoads; every term is linear in the counts, so this is exact.
   */
  readonly activity: number;
  /** Highest clock fraction the pool may run at (e.g. a thermal throttle); default 1. */
  readonly maxClockFraction?: number;
}

/** What a cap leaves: the clock fraction, the power drawn at it, and whether it fits. */
export interface CapResult {
  /** The common clock ceiling f in [minClockFraction, 1]. */
  readonly clockFraction: number;
  /** Total power at that clock, W (IT power; facility power for the facility versions). */
  readonly powerW: number;
  /** False if even minClockFraction leaves the pools over the cap (then clockFraction = fMin). */
  readonly feasible: boolean;
}

type CapParams = Pick<PowerParams, "clockExponent" | "minClockFraction" | "nodeOverhead">;

/** Static and dynamic parts of a pool's power, W, and its clock ceiling. */
interface PoolTerms {
  staticW: number;
  dynamicW: number;
  ceiling: number;
}

function poolTerms(pool: PoolLoad, params: CapParams, where: string): PoolTerms {
  const { busyCount, idleCount } = pool;
  if (!(busyCount >= 0 && Number.isFinite(busyCount))) {
    paramError(where, "busyCount", "finite and >= 0", busyCount);
  }
  if (!(idleCount >= 0 && Number.isFinite(idleCount))) {
    paramError(where, "idleCount", "finite and >= 0", idleCount);
  }
  checkActivity(where, pool.activity);
  const ceiling = pool.maxClockFraction ?? 1;
  if (!(ceiling > 0 && ceiling <= 1)) paramError(where, "maxClockFraction", "in (0, 1]", ceiling);
  const count = busyCount + idleCount;
  const overheadW =
    count === 0
      ? 0
      : overheadPerAcceleratorW(nodeOverheadFor(params, pool.accelerator.id), busyCount / count) *
        count;
  return {
    staticW: count * pool.accelerator.idlePowerW + overheadW,
    dynamicW: busyCount * dynamicRangeW(pool.accelerator) * pool.activity,
    ceiling,
  };
}

function totalW(terms: readonly PoolTerms[], clockFraction: number, alpha: number): number {
  let sum = 0;
  for (const t of terms)
    sum += t.staticW + t.dynamicW * Math.min(clockFraction, t.ceiling) ** alpha;
  return sum;
}

/**
 * Power of one pool at clock ceiling `clockFraction` (accelerators plus node overhead), W.
 * @throws RangeError for negative counts, activity outside [0, 1], clocks outside (0, 1];
 *   Error if power.yaml has no node overhead for the accelerator.
 */
export function poolPowerW(pool: PoolLoad, clockFraction: number, params: CapParams): number {
  if (!(clockFraction > 0 && clockFraction <= 1)) {
    paramError("poolPowerW", "clockFraction", "in (0, 1]", clockFraction);
  }
  return totalW([poolTerms(pool, params, "poolPowerW")], clockFraction, params.clockExponent);
}

/**
 * The highest common clock ceiling f in [minClockFraction, 1] at which `pools` draw at most
 * `capW` in total (see the rule at the top of this file). The returned power never exceeds the
 * cap when `feasible` is true.
 * @throws RangeError if capW is negative or NaN, or for a bad pool (see {@link poolPowerW}).
 */
export function clockForPowerCapW(
  pools: readonly PoolLoad[],
  capW: number,
  params: CapParams,
): CapResult {
  if (!(capW >= 0)) paramError("clockForPowerCapW", "capW", ">= 0", capW);
  const terms = pools.map((p) => poolTerms(p, params, "clockForPowerCapW"));
  return solveClock(terms, capW, params);
}

/** Solves total(f) · scale <= capW; `powerW` in the result is total(f) · scale. */
function solveClock(
  terms: readonly PoolTerms[],
  capW: number,
  params: CapParams,
  scale = 1,
): CapResult {
  const alpha = params.clockExponent;
  const fMin = params.minClockFraction;
  const fullW = totalW(terms, 1, alpha) * scale;
  if (fullW <= capW) return { clockFraction: 1, powerW: fullW, feasible: true };
  const minW = totalW(terms, fMin, alpha) * scale;
  if (minW > capW) return { clockFraction: fMin, powerW: minW, feasible: false };
  // Power is continuous and non-decreasing in f: bisect keeping P(lo) <= cap < P(hi).
  let lo = fMin;
  let hi = 1;
  let loW = minW;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = 0.5 * (lo + hi);
    const midW = totalW(terms, mid, alpha) * scale;
    if (midW <= capW) {
      lo = mid;
      loW = midW;
    } else hi = mid;
  }
  return { clockFraction: lo, powerW: loW, feasible: true };
}

/** The pools of one hall and the hall's IT power budget (omit for no hall budget). */
export interface HallLoad {
  readonly pools: readonly PoolLoad[];
  /** Hall IT power budget, W. */
  readonly capW?: number;
}

/** Result of {@link facilityClockForPowerCapsW}. */
export interface FacilityCapResult {
  /** Clock ceiling per hall (same order as the input): min(hall cap clock, site clock). */
  readonly hallClockFractions: readonly number[];
  /** IT power per hall at those clocks, W. */
  readonly hallPowerW: readonly number[];
  /** Total IT power, W. */
  readonly itPowerW: number;
  /** Facility power = IT power x PUE, W. */
  readonly facilityPowerW: number;
  /** False if some hall, or the site, is over its cap even at minClockFraction. */
  readonly feasible: boolean;
}

/**
 * Nested caps. Rule: each hall first takes the common clock ceiling that fits its own IT budget
 * ({@link clockForPowerCapW}); then, if facility power (IT x PUE) is over the site cap, one more
 * common ceiling g applies to every pool of the site, so a pool runs at min(own ceiling, hall
 * clock, g). Halls already slowed by their own budget therefore give up nothing more until g
 * falls below their clock.
 * @param siteCapW facility (grid) power cap, W, including cooling and losses; omit for none.
 * @param pue the facility's current PUE (>= 1).
 * @throws RangeError for a negative cap, PUE < 1, or a bad pool.
 */
export function facilityClockForPowerCapsW(
  halls: readonly HallLoad[],
  siteCapW: number | undefined,
  pue: number,
  params: CapParams,
): FacilityCapResult {
  if (!(pue >= 1 && pue < Infinity)) paramError("facilityClockForPowerCapsW", "pue", ">= 1", pue);
  let feasible = true;
  const hallTerms = halls.map((hall) => {
    const terms = hall.pools.map((p) => poolTerms(p, params, "facilityClockForPowerCapsW"));
    if (hall.capW === undefined) return { terms, clock: 1 };
    if (!(hall.capW >= 0)) paramError("facilityClockForPowerCapsW", "hall capW", ">= 0", hall.capW);
    const r = solveClock(terms, hall.capW, params);
    feasible &&= r.feasible;
    return { terms, clock: r.clockFraction };
  });
  const all = hallTerms.flatMap(({ terms, clock }) =>
    terms.map((t) => ({ ...t, ceiling: Math.min(t.ceiling, clock) })),
  );
  let siteClock = 1;
  if (siteCapW !== undefined) {
    if (!(siteCapW >= 0)) paramError("facilityClockForPowerCapsW", "siteCapW", ">= 0", siteCapW);
    const r = solveClock(all, siteCapW, params, pue);
    feasible &&= r.feasible;
    siteClock = r.clockFraction;
  }
  const alpha = params.clockExponent;
  const hallClockFractions = hallTerms.map((h) => Math.min(h.clock, siteClock));
  const hallPowerW = hallTerms.map((h, i) => totalW(h.terms, hallClockFractions[i]!, alpha));
  // Summed in the solver's order, so facility power <= site cap holds exactly when feasible.
  const itPowerW = totalW(all, siteClock, alpha);
  return { hallClockFractions, hallPowerW, itPowerW, facilityPowerW: itPowerW * pue, feasible };
}

/**
 * What the world needs to know of power and heat, injected by the wiring module (the models live
 * in src/models/power and src/models/thermal; this keeps the world free of their parameters).
 */

/**
 * Power and heat of one pool's accelerators. The count drawing power is given at each call, as
 * deliveries, burn-in and retirements change it over a run.
 */
export interface PoolPhysics {
  /**
   * IT power of the whole pool (accelerators, idle ones included, plus node overhead), W.
   * @param count accelerators drawing power (installed plus burning in)
   * @param busyMatmul accelerators busy with matmul-bound work (training)
   * @param busyMemory accelerators busy with memory-bound work (inference decode), fractional
   * @param clock clock fraction in (0, 1]
   */
  itPowerW(count: number, busyMatmul: number, busyMemory: number, clock: number): number;
  /** Mean power of one of the pool's `count` accelerators (no node overhead), W: heat into the hall. */
  acceleratorPowerW(count: number, busyMatmul: number, busyMemory: number, clock: number): number;
  /**
   * Power of the pool's hottest accelerator (a busy one: matmul-bound if any are, else
   * memory-bound, else idle), W: what sets the device temperature and throttling.
   */
  hottestAcceleratorPowerW(busyMatmul: number, busyMemory: number, clock: number): number;
  /** Lowest clock fraction the hardware runs at. */
  minClock: number;
  /** Device thermal model, when the pool is in a hall. */
  thermal?: {
    /** Device-to-inlet thermal resistance, degC per W. */
    rCPerW: number;
    /** Time constant R x C, s. */
    tauS: number;
    slowdownC: number;
    shutdownC: number;
  };
}

/** Ambient and cooling plant of an owned site. */
export interface SitePhysics {
  /** Outdoor temperature at a time (s from start), or undefined when not modelled. */
  ambientC(timeS: number): number | undefined;
  /**
   * Facility power (IT plus cooling and losses) at an IT power and ambient temperature, W;
   * increasing in IT power.
   */
  facilityW(itW: number, ambientC: number | undefined): number;
}

/** Cooling of a hall. */
export interface HallPhysics {
  /** Supply air or coolant temperature at an ambient temperature, degC. */
  supplyC(ambientC: number | undefined): number;
}

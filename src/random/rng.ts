/**
 * The raw uniform source every sampler in this folder draws from.
 *
 * Code that needs randomness receives an `Rng` as an argument (never a global), so tests can hand
 * in a scripted sequence and the simulation hands in a named {@link Stream}.
 */
export interface Rng {
  /** A uniform draw in [0, 1). */
  next(): number;
}

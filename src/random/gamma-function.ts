/**
 * The gamma function, for closed-form moments (Weibull mean = scale * Gamma(1 + 1/shape)) and for
 * converting a Weibull mean time between failures into a scale.
 */

// Lanczos approximation, g = 7, n = 9 (the coefficients used by Numerical Recipes 3rd ed. and
// most libraries); relative error about 1e-15 for positive arguments.
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
] as const;
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Natural log of the gamma function for x > 0.
 * @throws RangeError if x is not finite and > 0.
 */
export function lnGamma(x: number): number {
  if (!(x > 0 && x < Infinity)) {
    throw new RangeError(`lnGamma: x must be finite and > 0, got ${x}`);
  }
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x); keeps precision near 0.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) sum += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The gamma function for x > 0 (Gamma(n) = (n - 1)! for whole n). Overflows to Infinity above
 * about x = 171.6.
 * @throws RangeError if x is not finite and > 0.
 */
export function gammaFunction(x: number): number {
  return Math.exp(lnGamma(x));
}

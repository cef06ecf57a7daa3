/**
 * Parameter checks shared by the distributions. Each throws a RangeError that names the function,
 * the rule and the offending value, e.g. `exponential: rate must be > 0, got -1`.
 *
 * The checks are written as `!(x > 0)` so that NaN fails them too. The throwing half lives in a
 * separate function so the check that stays on the hot path is one comparison.
 */

/** Throws `RangeError("<where>: <what> must be <rule>, got <value>")`. */
export function paramError(where: string, what: string, rule: string, value: unknown): never {
  throw new RangeError(`${where}: ${what} must be ${rule}, got ${String(value)}`);
}

/** Throws unless `value` is a finite number. */
export function checkFinite(where: string, what: string, value: number): void {
  if (!Number.isFinite(value)) paramError(where, what, "finite", value);
}

/** Throws unless `value` is finite and > 0. */
export function checkPositive(where: string, what: string, value: number): void {
  if (!(value > 0 && value < Infinity)) paramError(where, what, "finite and > 0", value);
}

/** Throws unless `value` is finite and >= 0. */
export function checkNonNegative(where: string, what: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) paramError(where, what, "finite and >= 0", value);
}

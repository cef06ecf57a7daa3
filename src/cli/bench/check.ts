/** Option checks shared by the benchmarks; each throws a RangeError naming the option. */

/** @throws RangeError unless `value` is an integer >= `min` */
export function checkInteger(bench: string, name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`bench ${bench}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

/** @throws RangeError unless `value` is a finite number > 0 */
export function checkPositive(bench: string, name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`bench ${bench}: ${name} must be a finite number > 0, got ${value}`);
  }
}

/** @throws RangeError unless 0 < value < 1 */
export function checkLoad(bench: string, name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`bench ${bench}: ${name} must be in (0, 1), got ${value}`);
  }
}

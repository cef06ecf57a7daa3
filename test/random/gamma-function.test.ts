import { describe, expect, it } from "vitest";
import { gammaFunction, lnGamma } from "../../src/random/index.js";

function expectRelative(got: number, want: number, tolerance = 1e-13): void {
  expect(Math.abs(got - want) / Math.abs(want)).toBeLessThanOrEqual(tolerance);
}

describe("gammaFunction and lnGamma", () => {
  it("equals (n - 1)! at whole numbers", () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expectRelative(gammaFunction(n), factorial);
      factorial *= n;
    }
  });

  it("matches sqrt(pi) at 1/2 and 3/2 and the reflection branch below 1/2", () => {
    expectRelative(gammaFunction(0.5), Math.sqrt(Math.PI));
    expectRelative(gammaFunction(1.5), Math.sqrt(Math.PI) / 2);
    // Gamma(0.1) = 9.513507698668731836... (Abramowitz and Stegun table 6.1 via Gamma(1.1) / 0.1).
    expectRelative(gammaFunction(0.1), 9.513507698668732);
  });

  it("gives ln(99!) at 100 without overflow", () => {
    // ln(99!) = 359.13420536957539877...
    expectRelative(lnGamma(100), 359.1342053695754);
    expectRelative(lnGamma(1000), 5905.220423209181);
  });

  it("rejects zero, negative and non-finite arguments, naming them", () => {
    expect(() => lnGamma(0)).toThrow(new RangeError("lnGamma: x must be finite and > 0, got 0"));
    expect(() => gammaFunction(-1.5)).toThrow(/got -1.5$/);
    expect(() => lnGamma(NaN)).toThrow(/got NaN$/);
  });
});

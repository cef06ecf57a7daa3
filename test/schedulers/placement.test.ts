// The one-pass sparse placement chooses exactly the domains of the reference rule: whole chunks in
// the first fully free domains, the remainder in the tightest domain that holds it (lowest index).
import { describe, expect, it } from "vitest";
import { applyTake, placeInDomains, takeSize } from "../../src/schedulers/placement.js";
import { Streams } from "../../src/random/index.js";

/** The rule written plainly, on a copy, returning accelerators per domain (dense). */
function reference(domainFree: readonly number[], size: number, domain: number) {
  const free = [...domainFree];
  const take = new Array<number>(free.length).fill(0);
  let whole = Math.floor(size / domain);
  for (let d = 0; d < free.length && whole > 0; d++) {
    if (free[d] === domain) {
      free[d] = 0;
      take[d] = domain;
      whole--;
    }
  }
  if (whole > 0) return undefined;
  const rest = size % domain;
  if (rest > 0) {
    let best = -1;
    for (let d = 0; d < free.length; d++)
      if (free[d] >= rest && (best < 0 || free[d] < free[best])) best = d;
    if (best < 0) return undefined;
    take[best] += rest;
  }
  return take;
}

describe("placeInDomains", () => {
  it("matches the reference rule on 20,000 random pools and job sizes", () => {
    const rng = new Streams(5).get("placement");
    for (let n = 0; n < 20_000; n++) {
      const domain = [4, 8, 16, 64, 72][rng.int(5)];
      const domains = 1 + rng.int(40);
      // Free per domain: full, empty or partial; the last domain may be short.
      const free = Array.from(
        { length: domains },
        () => [domain, 0, rng.int(domain + 1)][rng.int(3)],
      );
      if (rng.int(4) === 0) free[domains - 1] = Math.min(free[domains - 1], domain - 1);
      const size = 1 + rng.int(domain * 4);
      const got = placeInDomains(free, size, domain);
      const want = reference(free, size, domain);
      if (want === undefined) {
        expect(got).toBeUndefined();
        continue;
      }
      const dense = new Array<number>(domains).fill(0);
      applyTake(dense, got!, 1);
      expect(dense).toEqual(want);
      expect(takeSize(got!)).toBe(size);
    }
  });

  it("lists only the domains it uses", () => {
    const free = new Array<number>(10_000).fill(8);
    expect(placeInDomains(free, 20, 8)).toEqual([0, 8, 1, 8, 2, 4]);
  });
});

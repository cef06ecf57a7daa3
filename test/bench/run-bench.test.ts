import { describe, expect, it } from "vitest";
import { BENCH_KINDS, isBenchKind, runBench } from "../../src/cli/bench/index.js";

describe("runBench", () => {
  it("dispatches to each bench by kind", () => {
    expect(runBench("mmc", { customers: 1_000 }).bench).toBe("mmc");
    expect(runBench("gpu", { jobs: 1_000 }).bench).toBe("gpu");
    expect(runBench("hold", { pending: 10, events: 100 }).bench).toBe("hold");
  });

  it("knows exactly the kinds mmc, gpu and hold", () => {
    expect(BENCH_KINDS).toEqual(["mmc", "gpu", "hold"]);
    expect(isBenchKind("gpu")).toBe(true);
    expect(isBenchKind("mm1")).toBe(false);
    expect(isBenchKind(3)).toBe(false);
  });

  it("throws a RangeError on an unknown kind", () => {
    expect(() => runBench("mm1" as "mmc")).toThrow(/unknown bench mm1/);
  });
});

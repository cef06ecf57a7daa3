// aidcsim compare: paired deltas with CIs and Holm; common random numbers narrow the CIs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

const FIXTURES = join(__dirname, "..", "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-compare-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const a = join(tmp, "a.yaml");
const b = join(tmp, "b.yaml");
const minimal = readFileSync(join(FIXTURES, "minimal.yaml"), "utf8");
writeFileSync(a, minimal);
writeFileSync(b, minimal.replace("count: 16", "count: 20"));

interface Row {
  metric: string;
  delta: number;
  ciLow: number;
  ciHigh: number;
  p: number;
  pHolm: number;
  significant: boolean;
}

async function compare(...extra: string[]): Promise<{ code: number; rows: Row[] }> {
  let out = "";
  const code = await main(["node", "aidcsim", "compare", a, b, "--json", ...extra], {
    stdout: (s) => (out += s),
    stderr: () => {},
  });
  return { code, rows: (JSON.parse(out) as { metrics: Row[] }).metrics };
}

describe("aidcsim compare", () => {
  it("reports B - A per metric with a 95% CI and Holm-adjusted significance", async () => {
    const { code, rows } = await compare("--replications", "10");
    expect(code).toBe(0);
    const size = rows.find((r) => r.metric === "pools.p.acceleratorsAvg")!;
    expect([size.delta, size.ciLow, size.ciHigh]).toEqual([4, 4, 4]);
    const wait = rows.find((r) => r.metric === "training.meanWaitS")!;
    expect(wait.delta).toBeLessThan(0); // more accelerators, shorter waits
    expect(wait.ciHigh).toBeLessThan(0);
    expect(wait.significant).toBe(true);
    for (const r of rows) if (Number.isFinite(r.p)) expect(r.pHolm).toBeGreaterThanOrEqual(r.p);
  });

  it("gives narrower CIs on common random numbers than on independent seeds", async () => {
    const crn = (await compare("--replications", "10")).rows.find(
      (r) => r.metric === "training.meanWaitS",
    )!;
    const ind = (await compare("--replications", "10", "--independent")).rows.find(
      (r) => r.metric === "training.meanWaitS",
    )!;
    expect(crn.ciHigh - crn.ciLow).toBeLessThan((ind.ciHigh - ind.ciLow) / 2);
  });
});

// A job trace of 1,000 rows replays with every submit time exact.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Streams } from "../../src/random/index.js";
import { simulateFile } from "../helpers/simulate.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-trace-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("job traces", () => {
  it("replays 1,000 jobs at their exact submit times, sizes and durations", () => {
    const rng = new Streams(5).get("test/trace");
    const rows: { submitS: number; accelerators: number; durationS: number }[] = [];
    for (let i = 0; i < 1000; i++) {
      rows.push({
        // Unsorted, with fractional seconds and ties, as real traces have.
        submitS: i % 97 === 0 ? 3600.125 : Math.round(rng.uniform(0, 86_400) * 1000) / 1000,
        accelerators: [1, 2, 4, 8, 16][rng.int(5)],
        durationS: Math.round(rng.uniform(60, 7200)),
      });
    }
    const csv = join(tmp, "jobs.csv");
    writeFileSync(
      csv,
      "submitS,accelerators,durationS\n" +
        rows.map((r) => `${r.submitS},${r.accelerators},${r.durationS}`).join("\n") +
        "\n",
    );
    const exp = join(tmp, "trace.yaml");
    writeFileSync(
      exp,
      `name: trace
seed: 1
horizon: 3d
sites: [{ name: cloud, cloud: {} }]
pools: [{ name: p, site: cloud, accelerator: nvidia-h100-sxm, count: 256 }]
workloads:
  training:
    - name: replay
      trace: { file: ${csv} }
`,
    );
    const { dc } = simulateFile(exp);
    expect(dc.jobs).toHaveLength(1000);
    const expected = rows
      .map((r, i) => ({ ...r, i }))
      .sort((a, b) => a.submitS - b.submitS || a.i - b.i);
    dc.jobs.forEach((j, k) => {
      expect(j.submitS).toBe(expected[k].submitS);
      expect(j.accelerators).toBe(expected[k].accelerators);
      expect(j.durationS).toBe(expected[k].durationS);
    });
    expect(dc.jobs.every((j) => j.endS === j.endS)).toBe(true);
  });

  it("reports a malformed trace row with its line, at the trace field", async () => {
    const csv = join(tmp, "bad.csv");
    writeFileSync(csv, "submitS,accelerators,durationS\n0,8,60\n10,eight,60\n");
    const exp = join(tmp, "bad.yaml");
    writeFileSync(
      exp,
      `name: bad
seed: 1
horizon: 1d
sites: [{ name: cloud, cloud: {} }]
pools: [{ name: p, site: cloud, accelerator: nvidia-h100-sxm, count: 8 }]
workloads:
  training:
    - name: replay
      trace: { file: ${csv} }
`,
    );
    expect(() => simulateFile(exp)).toThrow(
      /trace\.file: .*bad\.csv:3: column 'accelerators': not a number: "eight"/,
    );
    expect(readFileSync(csv, "utf8")).toContain("eight"); // traces are only read
  });
});

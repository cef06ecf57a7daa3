// A job the power cap holds back in its first-choice pool starts in another eligible pool.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simulateFile } from "../helpers/simulate.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-fallback-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("power hold-back", () => {
  it("does not starve the queue: a held job goes to an eligible pool with room and power", () => {
    const file = join(tmp, "fallback.yaml");
    writeFileSync(
      file,
      `name: fallback
seed: 1
horizon: 1d
sites:
  - name: campus
    owned: { powerCapMW: 0.02 }
    halls: [{ name: h, cooling: air, powerMW: 1 }]
  - name: cloud
    cloud: {}
pools:
  - { name: owned, site: campus, hall: h, accelerator: nvidia-h100-sxm, count: 32 }
  - { name: rented, site: cloud, accelerator: nvidia-h100-sxm, count: 32 }
workloads:
  training:
    - name: jobs
      accelerators: 16
      duration: 1h
      arrivals: { at: [0, 0, 0, 0] }
      pools: [owned, rented]
`,
    );
    const { dc } = simulateFile(file);
    // The 20 kW cap (about 12 kW idle) holds one slowed 16-GPU job in the owned pool but not a
    // second; FIFO prefers the owned pool, so without the fallback the other jobs would wait
    // behind it and the rented pool would stay idle.
    expect(dc.jobs.every((j) => j.endS === j.endS)).toBe(true);
    const rented = dc.jobs.filter((j) => dc.pools[j.pool].name === "rented");
    expect(rented.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...rented.map((j) => j.startS))).toBe(0);
  });
});

// The same runs in worker threads and in the main thread give byte-identical results.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "../../src/experiment/regress.js";
import { workerPoolExecutor } from "../../src/cli/worker-pool.js";
import { runExperimentFile } from "../../src/experiment/run.js";
import { InputError } from "../../src/experiment/problems.js";

const FIXTURES = join(__dirname, "..", "fixtures");
let tmp: string;
let exp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-workers-"));
  exp = join(tmp, "sweep.yaml");
  writeFileSync(
    exp,
    readFileSync(join(FIXTURES, "minimal.yaml"), "utf8") + "sweep:\n  pools.0.count: [8, 16]\n",
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const files = (dir: string) => listFiles(dir);

describe("sweep --workers", () => {
  it("writes the same bytes in worker threads as in the main thread", async () => {
    const main = join(tmp, "main");
    const threads = join(tmp, "threads");
    const common = { force: false, plots: true, replications: 2 };
    await runExperimentFile(exp, { ...common, outDir: main });
    const started: number[] = [];
    await runExperimentFile(exp, {
      ...common,
      outDir: threads,
      executePlans: workerPoolExecutor({
        workers: 2,
        file: exp,
        sets: [],
        replications: 2,
        plots: true,
        onRunStart: (i) => started.push(i),
      }),
    });
    expect(started.sort()).toEqual([0, 1, 2, 3]);
    const a = files(main).filter((f) => !f.endsWith("run-info.json"));
    expect(files(threads).filter((f) => !f.endsWith("run-info.json"))).toEqual(a);
    expect(a.filter((f) => f.endsWith("summary.json"))).toHaveLength(4);
    for (const f of a) {
      expect(readFileSync(join(threads, f)).equals(readFileSync(join(main, f))), f).toBe(true);
    }
  }, 60_000);

  it("reports a run's input error from a worker as the same problem, leaving no folder", async () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, readFileSync(exp, "utf8"));
    const out = join(tmp, "bad-out");
    // The file changes under the sweep after the main thread expanded it: workers see a
    // different plan and must fail cleanly rather than write a mismatched run.
    const run = runExperimentFile(bad, {
      force: false,
      plots: false,
      outDir: out,
      executePlans: async (jobs, folder) => {
        writeFileSync(bad, "name: [broken\n");
        return workerPoolExecutor({ workers: 2, file: bad, sets: [], plots: false })(jobs, folder);
      },
    });
    await expect(run).rejects.toBeInstanceOf(InputError);
    expect(() => readdirSync(out)).toThrow();
  }, 60_000);
});

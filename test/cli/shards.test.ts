// Sweeps beyond one process: --shard I/N runs a deterministic subset, --merge gathers shard folders
// into exactly what the unsharded sweep writes, and an interrupted sweep resumes without redoing
// the runs it finished. Also sweep.parquet holds the rows of sweep.csv.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "../../src/experiment/regress.js";
import { parquetReadObjects } from "hyparquet";
import { runExperimentFile } from "../../src/experiment/run.js";
import { RunFailedError } from "../../src/experiment/problems.js";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");
let tmp: string;
let sweep16: string;
let byHorizon: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-shards-"));
  const minimal = readFileSync(join(FIXTURES, "minimal.yaml"), "utf8");
  sweep16 = join(tmp, "sweep16.yaml");
  writeFileSync(sweep16, minimal + "replications: 4\nsweep:\n  pools.0.count: [8, 16, 24, 32]\n");
  byHorizon = join(tmp, "horizons.yaml");
  writeFileSync(byHorizon, minimal + "sweep:\n  horizon: [2h, 4h, 6h, 12h]\n");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const files = (dir: string) => listFiles(dir);

/** Every file but run-info.json (wall time) must be byte-identical. */
function expectSameBytes(a: string, b: string): void {
  const fa = files(a).filter((f) => !f.endsWith("run-info.json"));
  expect(files(b).filter((f) => !f.endsWith("run-info.json"))).toEqual(fa);
  for (const f of fa) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true);
}

/** The CLI from source in its own process; resolves to its exit code. */
function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(FIXTURES, "cli-entry.ts"), ...args],
      { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

describe("sharded sweeps", () => {
  it("4 shards run as separate processes and merged equal the unsharded 16-run sweep", async () => {
    const full = join(tmp, "full");
    await runExperimentFile(sweep16, { outDir: full, force: false, plots: false });
    const shards = [0, 1, 2, 3].map((i) => join(tmp, `shard-${i}`));
    const results = await Promise.all(
      shards.map((dir, i) =>
        cli(["sweep", sweep16, "--shard", `${i}/4`, "--out", dir, "--no-plots", "--quiet"]),
      ),
    );
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    // Run k goes to shard k mod 4: four runs each, and no shard writes the sweep tables.
    for (const dir of shards) {
      expect(files(dir).filter((f) => f.endsWith("summary.json"))).toHaveLength(4);
      expect(files(dir)).not.toContain("sweep.csv");
    }
    const merged = join(tmp, "merged");
    const m = await cli(["sweep", sweep16, "--merge", ...shards, "--out", merged, "--no-plots"]);
    expect(m.code).toBe(0);
    expect(m.stderr).toMatch(/merged 16 runs from 4 shard folders/);
    expectSameBytes(full, merged);
  }, 60_000);

  it("refuses a merge that misses a shard, and --shard out of range", async () => {
    const partialMerge = await cli([
      "sweep",
      sweep16,
      "--merge",
      join(tmp, "shard-0"),
      "--out",
      join(tmp, "bad"),
      "--quiet",
    ]);
    expect(partialMerge.code).toBe(2);
    expect(partialMerge.stderr).toMatch(/no shard folder holds this run/);
    const bad = await cli(["sweep", sweep16, "--shard", "4/4", "--out", join(tmp, "x")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected I\/N with 0 <= I < N/);
  }, 60_000);

  it("writes sweep.parquet with the rows and values of sweep.csv", async () => {
    const dir = join(tmp, "full");
    const csv = readFileSync(join(dir, "sweep.csv"), "utf8").trim().split("\n");
    const head = csv[0]!.split(",");
    const buf = readFileSync(join(dir, "sweep.parquet"));
    const rows = (await parquetReadObjects({
      file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    })) as Record<string, unknown>[];
    expect(rows).toHaveLength(16);
    csv.slice(1).forEach((line, i) => {
      const cells = line.split(",");
      head.forEach((col, k) => {
        const v = rows[i]![col];
        const cell = cells[k]!;
        if (col === "scenario" || col === "pools.0.count") expect(String(v)).toBe(cell);
        else if (cell === "") expect(v).toBeNull();
        else expect(v).toBe(Number(cell));
      });
    });
  });
});

describe("resuming an interrupted sweep", () => {
  it("redoes only the runs not finished, and writes what an uninterrupted sweep writes", async () => {
    const out = join(tmp, "resumed");
    // The 12 h run (321 events) fails under the event limit; the three shorter ones finish.
    await expect(
      runExperimentFile(byHorizon, { outDir: out, force: false, plots: false, maxEvents: 200 }),
    ).rejects.toThrow(RunFailedError);
    const partial = join(tmp, ".resumed.partial");
    const finished = files(partial).filter((f) => f.endsWith("run-info.json"));
    expect(finished).toHaveLength(3);
    const before = finished.map((f) => readFileSync(join(partial, f), "utf8"));
    let reused = -1;
    await runExperimentFile(byHorizon, {
      outDir: out,
      force: false,
      plots: false,
      onReused: (n) => (reused = n),
    });
    expect(reused).toBe(3);
    // Not redone: the finished runs' run-info.json (with their wall times) are the same files.
    expect(finished.map((f) => readFileSync(join(out, f), "utf8"))).toEqual(before);
    expect(readdirSync(tmp)).not.toContain(".resumed.partial");
    const fresh = join(tmp, "fresh");
    await runExperimentFile(byHorizon, { outDir: fresh, force: false, plots: false });
    expectSameBytes(fresh, out);
  });

  it("starts afresh when the experiment changed since the interruption", async () => {
    const out = join(tmp, "changed");
    await expect(
      runExperimentFile(byHorizon, { outDir: out, force: false, plots: false, maxEvents: 200 }),
    ).rejects.toThrow(RunFailedError);
    let reused = 0;
    await runExperimentFile(byHorizon, {
      outDir: out,
      force: false,
      plots: false,
      sets: ["seed=4"],
      onReused: (n) => (reused = n),
    });
    expect(reused).toBe(0);
  });
});

import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { WARNINGS } from "../../src/datacenter/warnings.js";

const FIXTURES = join(__dirname, "..", "fixtures");
const MINIMAL = join(FIXTURES, "minimal.yaml");
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-cli-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = runCli;

const read = (dir: string, f: string) => readFileSync(join(dir, f), "utf8");
const CONTRACT = [
  "summary.json",
  "timeseries.csv",
  "jobs.csv",
  "experiment.resolved.json",
  "run-info.json",
];

describe("aidcsim run", () => {
  it("writes every file of the results contract", async () => {
    const out = join(tmp, "contract");
    const r = await cli("run", MINIMAL, "--out", out, "--quiet");
    expect(r).toEqual({ code: 0, out: "", err: "" });
    for (const f of CONTRACT) expect(existsSync(join(out, f)), f).toBe(true);
    for (const f of ["utilization.vl.json", "utilization.svg", "utilization.png"]) {
      expect(existsSync(join(out, "plots", f)), f).toBe(true);
    }
    const summary = JSON.parse(read(out, "summary.json"));
    expect(summary.schemaVersion).toBe(1);
    expect(summary.training.jobsSubmitted).toBeGreaterThan(50);
    expect(summary.pools.p.utilization).toBeGreaterThan(0);
    expect(summary.facility.itEnergyKWh).toBeNull();
    expect(read(out, "timeseries.csv").split("\n")[0]).toBe("timeS,entity,metric,value");
  });

  it("gives byte-identical results for the same seed and different metrics for another", async () => {
    const a = join(tmp, "seed7a");
    const b = join(tmp, "seed7b");
    const c = join(tmp, "seed8");
    expect((await cli("run", MINIMAL, "--seed", "7", "--out", a, "--quiet")).code).toBe(0);
    expect((await cli("run", MINIMAL, "--seed", "7", "--out", b, "--quiet")).code).toBe(0);
    expect((await cli("run", MINIMAL, "--seed", "8", "--out", c, "--quiet")).code).toBe(0);
    for (const f of ["summary.json", "timeseries.csv", "jobs.csv", "plots/utilization.vl.json"]) {
      expect(read(a, f), f).toBe(read(b, f));
    }
    const strip = (dir: string) => {
      const s = JSON.parse(read(dir, "summary.json"));
      delete s.seed;
      return JSON.stringify(s);
    };
    expect(strip(c)).not.toBe(strip(a));
    expect(read(c, "jobs.csv")).not.toBe(read(a, "jobs.csv"));
  });

  it("refuses to overwrite a results folder without --force", async () => {
    const out = join(tmp, "exists");
    expect((await cli("run", MINIMAL, "--out", out, "--quiet")).code).toBe(0);
    const before = read(out, "summary.json");
    const r = await cli("run", MINIMAL, "--out", out, "--seed", "99", "--quiet");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists; pass --force/);
    expect(read(out, "summary.json")).toBe(before);
    expect(
      (await cli("run", MINIMAL, "--out", out, "--seed", "99", "--quiet", "--force")).code,
    ).toBe(0);
    expect(read(out, "summary.json")).not.toBe(before);
  });

  it("refuses --force on a folder that is not a results folder", async () => {
    const dir = join(tmp, "precious");
    mkdirSync(dir);
    writeFileSync(join(dir, "thesis.txt"), "years of work");
    const r = await cli("run", MINIMAL, "--out", dir, "--force", "--quiet");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to replace this folder/);
    expect(readdirSync(dir)).toEqual(["thesis.txt"]);
  });

  it("reports an output path that cannot be written as bad input, without a stack trace", async () => {
    const r = await cli("schema", "--out", join(tmp, "no", "such", "dir", "s.json"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^aidcsim: cannot open .*s\.json: ENOENT\n$/);
  });

  it("rejects jobs no pool can hold, warns, and keeps the queue moving", async () => {
    const exp = join(tmp, "toolarge.yaml");
    writeFileSync(
      exp,
      read(FIXTURES, "minimal.yaml").replace(
        "accelerators: { choice: [1, 2, 4, 8] }",
        "accelerators: { exponential: { mean: 6 } }",
      ),
    );
    const out = join(tmp, "toolarge-out");
    const r = await cli("run", exp, "--out", out, "--quiet", "--no-plots");
    expect(r.code).toBe(0);
    const s = JSON.parse(read(out, "summary.json"));
    expect(s.training.jobsRejected).toBeGreaterThan(0);
    expect(s.training.jobsCompleted).toBeGreaterThan(10);
    expect(s.warnings).toEqual([WARNINGS.jobTooLarge("jobs", s.training.jobsRejected, 16)]);
    expect(r.err).toBe(`warning: ${s.warnings[0]}\n`);
    expect(read(out, "jobs.csv")).toMatch(/,rejected,(1[7-9]|[2-9]\d),,/);
  });

  it("rejects negative values in a duration trace", async () => {
    writeFileSync(join(tmp, "neg.csv"), "runtime\n100\n-5\n300\n");
    const exp = join(tmp, "neg.yaml");
    writeFileSync(
      exp,
      read(FIXTURES, "minimal.yaml").replace(
        "duration: { exponential: { mean: 30m } }",
        "duration: { empirical: { file: neg.csv, column: runtime } }",
      ),
    );
    const r = await cli("validate", exp);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /neg\.yaml:\d+:\d+ workloads\.training\.0\.duration: holds negative values \(smallest -5\); add 'min: 0'/,
    );
  });

  it("fails a run that hits --max-events and leaves nothing behind", async () => {
    const dir = join(tmp, "maxev");
    mkdirSync(dir);
    const r = await cli("run", MINIMAL, "--out", join(dir, "out"), "--max-events", "10", "--quiet");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--max-events 10/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("expands replications and sweep axes into run folders with a manifest and sweep.csv", async () => {
    const exp = join(tmp, "sweep.yaml");
    writeFileSync(exp, read(FIXTURES, "minimal.yaml") + "sweep:\n  pools.0.count: [8, 16]\n");
    const out = join(tmp, "sweep-out");
    expect(
      (await cli("run", exp, "--out", out, "--replications", "2", "--quiet", "--no-plots")).code,
    ).toBe(0);
    const manifest = JSON.parse(read(out, "manifest.json"));
    expect(manifest.runs.map((r: { folder: string }) => r.folder)).toEqual([
      "runs/count=8/seed-3",
      "runs/count=8/seed-4",
      "runs/count=16/seed-3",
      "runs/count=16/seed-4",
    ]);
    const rows = read(out, "sweep.csv").trim().split("\n");
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^scenario,pools\.0\.count,seed,horizonS,/);
    const s8 = JSON.parse(read(join(out, "runs/count=8/seed-3"), "summary.json"));
    const s16 = JSON.parse(read(join(out, "runs/count=16/seed-3"), "summary.json"));
    expect(s8.pools.p.acceleratorsAvg).toBe(8);
    expect(s16.pools.p.acceleratorsAvg).toBe(16);
    // Common random numbers: the same seed submits the same jobs in both scenarios.
    expect(s8.training.jobsSubmitted).toBe(s16.training.jobsSubmitted);
  });

  it("writes a sweep page with a plot per swept axis and metric, which plot rebuilds", async () => {
    const exp = join(tmp, "sweep-page.yaml");
    writeFileSync(exp, read(FIXTURES, "minimal.yaml") + "sweep:\n  pools.0.count: [8, 16]\n");
    const out = join(tmp, "sweep-page-out");
    expect((await cli("run", exp, "--out", out, "--quiet")).code).toBe(0);
    const page = read(out, "report.html");
    expect(page).toContain('href="runs/count=8/seed-3/report.html"');
    expect(page).toContain('href="runs/count=16/seed-3/report.html"');
    const spec = "plots/sweep-training.meanWaitS-by-pools.0.count.vl.json";
    expect(existsSync(join(out, spec))).toBe(true);
    const before = read(out, spec);
    expect((await cli("plot", out)).code).toBe(0);
    expect(read(out, spec)).toBe(before);
  });

  it("reports a bad sweep value against the file", async () => {
    const exp = join(tmp, "badsweep.yaml");
    writeFileSync(exp, read(FIXTURES, "minimal.yaml") + "sweep:\n  pools.0.count: [8, -1]\n");
    const r = await cli("validate", exp);
    expect(r.code).toBe(2);
    // Pointed at the sweep entry (the line after "sweep:"), and says which value.
    const sweepLine = read(FIXTURES, "minimal.yaml").split("\n").length + 1;
    expect(r.err.trim()).toBe(
      `${exp}:${sweepLine}:3 pools.0.count: must be > 0, got -1 (with sweep pools.0.count=-1)`,
    );
  });
});

describe("aidcsim plot", () => {
  it("rebuilds the same plot specs and report from a results folder without rerunning", async () => {
    const withPlots = join(tmp, "plots-a");
    const without = join(tmp, "plots-b");
    expect((await cli("run", MINIMAL, "--out", withPlots, "--quiet")).code).toBe(0);
    expect((await cli("run", MINIMAL, "--out", without, "--quiet", "--no-plots")).code).toBe(0);
    expect(existsSync(join(without, "plots"))).toBe(false);
    const r = await cli("plot", without);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: 4 plots and report\.html/); // utilization, cost, queue, wait ECDF (a cloud pool: no power)
    expect(read(without, "plots/utilization.vl.json")).toBe(
      read(withPlots, "plots/utilization.vl.json"),
    );
    expect(read(without, "report.html")).toBe(read(withPlots, "report.html"));
  });

  it("rejects a folder that is not a complete run", async () => {
    const r = await cli("plot", join(tmp, "nothing-here"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a complete run folder: summary\.json is missing/);
  });
});

describe("aidcsim validate and flags", () => {
  it("prints one FILE:LINE:COL line per problem, exit 2, no stack trace", async () => {
    const r = await cli("validate", join(FIXTURES, "three-problems.yaml"));
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/three-problems\.yaml:\d+:\d+ \S+: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("exits 2 for a missing file, an unknown flag, a bad flag value and an unknown command", async () => {
    expect((await cli("validate", join(tmp, "missing.yaml"))).code).toBe(2);
    expect((await cli("run", MINIMAL, "--frobnicate")).code).toBe(2);
    expect((await cli("run", MINIMAL, "--seed", "x")).code).toBe(2);
    expect((await cli("frob")).code).toBe(2);
    expect((await cli("bench", "nope")).code).toBe(2);
  });

  it("exits 0 for --version and --help", async () => {
    const v = await cli("--version");
    expect(v.code).toBe(0);
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await cli("--help")).code).toBe(0);
  });

  it("lists the catalog with estimates marked", async () => {
    const r = await cli("catalog");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/nvidia-h100-sxm/);
    expect(r.out).toMatch(/aws-trainium2 .*\d+\*/);
    const j = JSON.parse((await cli("catalog", "--json")).out);
    expect(j.accelerators).toHaveLength(9);
    const h100 = j.accelerators.find((a: { id: string }) => a.id === "nvidia-h100-sxm");
    expect([h100.bf16DenseTFlops, h100.hbmGB, h100.hbmTBps, h100.maxPowerW]).toEqual([
      989, 80, 3.35, 700,
    ]);
    for (const a of j.accelerators) {
      for (const [k, v] of Object.entries(a)) {
        if (typeof v === "number") expect(a.sources[k], `${a.id}.${k}`).toBeTruthy();
      }
    }
  });

  it("runs a small bench and prints JSON", async () => {
    const r = await cli(
      "bench",
      "mmc",
      "--servers",
      "4",
      "--rho",
      "0.5",
      "--customers",
      "2000",
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    for (const k of [
      "meanWaitS",
      "ciHalfWidthS",
      "erlangCWaitS",
      "customers",
      "events",
      "eventsPerS",
    ]) {
      expect(j).toHaveProperty(k);
    }
  });
});

describe("aidcsim regress", () => {
  it("passes against fresh baselines and exits 3 naming the file and field when one changes", async () => {
    const root = join(tmp, "repo");
    mkdirSync(join(root, "experiments", "regression"), { recursive: true });
    cpSync(MINIMAL, join(root, "experiments", "regression", "minimal.yaml"));
    const first = await cli("regress", "--root", root, "--update");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/updated\s+minimal/);
    const ok = await cli("regress", "--root", root);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/regress: 1 passed, 0 failed/);

    const file = join(root, "results", "baselines", "minimal", "summary.json");
    const s = JSON.parse(readFileSync(file, "utf8"));
    s.training.jobsSubmitted += 1;
    writeFileSync(file, JSON.stringify(s, null, 2) + "\n");
    const bad = await cli("regress", "--root", root);
    expect(bad.code).toBe(3);
    expect(bad.out).toMatch(
      /CHANGED\s+minimal\n\s+summary\.json\n\s+training\.jobsSubmitted: \d+ -> \d+/,
    );

    const ts = join(root, "results", "baselines", "minimal", "timeseries.csv");
    const lines = readFileSync(ts, "utf8").split("\n");
    lines[2] = lines[2].replace(/,[^,]*$/, ",0.123");
    writeFileSync(ts, lines.join("\n"));
    const bad2 = await cli("regress", "--root", root);
    expect(bad2.out).toMatch(/timeseries\.csv\n\s+line 3 \(.*\): value: 0\.123 -> /);
  });
});

// The library of ready shocks (experiments/shocks/) and `--shocks FILE` overlays (issue 7).
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { isShockFile, shocksSet } from "../../src/experiment/load.js";
import { loadWithCatalog, simulateSummary } from "../../src/experiment/run.js";

const ROOT = join(__dirname, "..", "..");
const SHOCKS = join(ROOT, "experiments", "shocks");
const PLAN = join(ROOT, "experiments", "blackwell-plan.yaml");
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-shockfiles-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(...args);

describe("experiments/shocks/", () => {
  const files = readdirSync(SHOCKS).filter((f) => f.endsWith(".yaml"));

  it("holds at least six ready shocks, each a valid shock file that overlays blackwell-plan", () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const file = join(SHOCKS, f);
      expect(isShockFile(file), f).toBe(true);
      const spec = loadWithCatalog(PLAN, [shocksSet(file)]).spec;
      expect(spec.shocks.length, f).toBeGreaterThan(0);
    }
    expect(isShockFile(PLAN)).toBe(false);
  });

  it("an overlay gives what the same shock written in the file gives (blackwell-slip)", () => {
    const overlaid = simulateSummary(PLAN, [shocksSet(join(SHOCKS, "b200-slip-2q.yaml"))]);
    const inline = simulateSummary(join(ROOT, "experiments", "blackwell-slip.yaml"));
    const plain = simulateSummary(PLAN);
    const strip = (s: Record<string, unknown>) => JSON.stringify({ ...s, experiment: "" });
    expect(strip(overlaid)).toBe(strip(inline));
    expect(strip(overlaid)).not.toBe(strip(plain));
  });

  it("compare A SHOCKFILE compares A with and without the shocks", async () => {
    const r = await cli([
      "compare",
      PLAN,
      join(SHOCKS, "b200-slip-2q.yaml"),
      "--replications",
      "3",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.out) as { metrics: { metric: string; delta: number }[] }).metrics;
    const late = rows.find((x) => x.metric === "supply.deliveriesLate");
    expect(late?.delta).toBeGreaterThan(0);
    const wait = rows.find((x) => x.metric === "training.meanWaitS");
    expect(wait?.delta).toBeGreaterThan(0);
  });
});

describe("--shocks FILE errors", () => {
  it("a bad field in a shock file names that file, its line and the accepted values (exit 2)", async () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, "description: x\nshocks:\n  - { type: delivery-delay, delay: soon }\n");
    const r = await cli(["run", PLAN, "--shocks", bad, "--out", join(tmp, "o1"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:3`);
    expect(r.err).toMatch(/delay/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a shock naming an unknown pool points at the shock file, not the experiment", async () => {
    const bad = join(tmp, "nopool.yaml");
    writeFileSync(bad, "shocks:\n  - { type: delivery-cut, pool: nope, fraction: 0.5 }\n");
    const r = await cli(["run", PLAN, "--shocks", bad, "--out", join(tmp, "o2"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:2`);
    expect(r.err).toContain("from --shocks");
    // Named as the shock file numbers it, after the experiment's own shocks.
    const slip = await cli([
      "run",
      join(ROOT, "experiments", "blackwell-slip.yaml"),
      "--shocks",
      bad,
      "--out",
      join(tmp, "o4"),
      "--quiet",
    ]);
    expect(slip.err).toContain(`${bad}:2:5 shocks.0.pool`);
    expect(r.err).toMatch(/nope/);
  });

  it("a shock naming an unknown accelerator or vendor is refused, with the accepted values", async () => {
    const bad = join(tmp, "noacc.yaml");
    writeFileSync(
      bad,
      "shocks:\n  - { type: delivery-delay, accelerator: nvidia-b300, delay: 2w }\n  - { type: delivery-cut, vendor: nvida, fraction: 0.5 }\n",
    );
    const r = await cli(["run", PLAN, "--shocks", bad, "--out", join(tmp, "o5"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:2`);
    expect(r.err).toMatch(/unknown accelerator 'nvidia-b300'; did you mean 'nvidia-b200'/);
    expect(r.err).toContain(`${bad}:3`);
    expect(r.err).toMatch(/unknown vendor 'nvida'; accepted values: aws, nvidia/);
  });

  it("a file with other top-level fields is refused as a shock file", async () => {
    const bad = join(tmp, "extra.yaml");
    writeFileSync(bad, "name: x\nshocks:\n  - { type: delivery-cut, fraction: 0.5 }\n");
    const r = await cli(["run", PLAN, "--shocks", bad, "--out", join(tmp, "o3"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(bad);
    expect(r.err).toMatch(/name/);
  });
});

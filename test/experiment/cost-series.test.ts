// Cost over time in timeseries.csv adds up to summary.json's cost (issue 7).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

const ROOT = join(__dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-costseries-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function runFolder(file: string, sets: string[] = []): Promise<string> {
  const out = join(tmp, `r${Math.random().toString(36).slice(2)}`);
  const args = ["node", "aidcsim", "run", join(ROOT, file), "--out", out, "--no-plots", "--quiet"];
  for (const s of sets) args.push("--set", s);
  const code = await main(args, { stdout: () => {}, stderr: () => {} });
  expect(code).toBe(0);
  return out;
}

function read(out: string) {
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as {
    warmupS: number;
    cost: Record<string, number>;
    pools: Record<string, { costUsd: number }>;
  };
  const rows = readFileSync(join(out, "timeseries.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [t, entity, metric, value] = l.split(",");
      return { t: Number(t), entity, metric, value: Number(value) };
    });
  const sum = (entity: string, metric: string) =>
    rows
      .filter((r) => r.entity === entity && r.metric === metric && r.t >= summary.warmupS)
      .reduce((a, r) => a + r.value, 0);
  return { summary, rows, sum };
}

describe("cost over time", () => {
  it("owned site (quickstart): capex, energy, carbon and each pool add up to the summary", async () => {
    const { summary, sum } = read(await runFolder("experiments/quickstart.yaml"));
    for (const m of ["capexUsd", "energyUsd", "totalUsd"]) {
      expect(sum("cost", m) / summary.cost[m], m).toBeCloseTo(1, 9);
    }
    expect(sum("cost", "carbonKg") / (summary.cost.carbonT * 1000)).toBeCloseTo(1, 9);
    for (const [name, p] of Object.entries(summary.pools)) {
      expect(sum(`pool/${name}`, "costUsd") / p.costUsd, name).toBeCloseTo(1, 9);
    }
  });

  it("cloud deliveries (blackwell-plan): on-demand hours add up to the summary's cloud cost", async () => {
    const { summary, sum } = read(await runFolder("experiments/blackwell-plan.yaml"));
    expect(summary.cost.cloudUsd).toBeGreaterThan(0);
    expect(sum("cost", "cloudUsd") / summary.cost.cloudUsd).toBeCloseTo(1, 9);
  });

  it("an electricity spike aligned to the output interval is charged in its intervals only", async () => {
    const { summary, rows, sum } = read(await runFolder("experiments/electricity-spike.yaml"));
    expect(sum("cost", "energyUsd") / summary.cost.energyUsd).toBeCloseTo(1, 9);
    // Energy price per kWh in each interval: five times the tariff on days 1-3, else the tariff.
    const kWh = new Map<number, number>();
    for (const r of rows)
      if (r.entity.startsWith("site/") && r.metric === "facilityPowerKW") kWh.set(r.t, r.value);
    const perKWh = rows
      .filter((r) => r.entity === "cost" && r.metric === "energyUsd" && kWh.get(r.t)! > 0)
      .map((r) => ({ t: r.t, usd: r.value / ((kWh.get(r.t)! * 3600) / 3600) }));
    const inSpike = perKWh.filter((x) => x.t >= 86_400 && x.t < 3 * 86_400);
    const outside = perKWh.filter((x) => x.t < 86_400 || x.t >= 3 * 86_400);
    expect(inSpike.length).toBeGreaterThan(0);
    expect(inSpike[0].usd / outside[0].usd).toBeCloseTo(5, 9);
  });
});

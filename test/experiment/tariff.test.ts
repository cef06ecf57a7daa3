// Time-of-use tariffs and hourly grid carbon at owned sites (issue 7).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { simulateSummary } from "../../src/experiment/run.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-tariff-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Monday 2027-01-04, one week, 16 H100 fully busy all week: constant facility power.
const experiment = (owned: string) => `name: tou
seed: 1
start: 2027-01-04T00:00Z
horizon: 7d
output: { interval: 1h }
sites:
  - name: campus
    owned: { pue: 1.2, ${owned} }
    halls: [{ name: h, cooling: liquid, powerMW: 0.1 }]
pools: [{ name: p, site: campus, hall: h, accelerator: nvidia-h100-sxm, count: 16 }]
workloads:
  training:
    - { name: j, accelerators: 16, duration: 30d, arrivals: { at: [0] } }
`;

function write(owned: string): string {
  const file = join(tmp, `t${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, experiment(owned));
  return file;
}
type S = { cost: Record<string, number>; facility: Record<string, number> };
const run = (owned: string) => simulateSummary(write(owned)) as unknown as S;

const TOU = "tariff: { peakUsdPerKWh: 0.2, offPeakUsdPerKWh: 0.05, peakHours: [8, 20] }";

describe("time-of-use tariff", () => {
  const flat = run("usdPerKWh: 0.1");
  const tou = run(TOU);
  const kWhPerHour = tou.facility.facilityEnergyKWh / 168;

  it("prices each hour at its rate: 5 weekdays x 12 peak hours, the rest off-peak", () => {
    expect(tou.facility.facilityEnergyKWh).toBeCloseTo(flat.facility.facilityEnergyKWh, 9);
    expect(tou.cost.energyUsd).toBeCloseTo(kWhPerHour * (60 * 0.2 + 108 * 0.05), 6);
  });

  it("weekends at the peak price when asked, and peak hours that wrap midnight", () => {
    const allWeek = run(
      TOU.replace("peakHours: [8, 20]", "peakHours: [8, 20], weekendsOffPeak: false"),
    );
    expect(allWeek.cost.energyUsd).toBeCloseTo(kWhPerHour * (84 * 0.2 + 84 * 0.05), 6);
    const night = run(
      TOU.replace("peakHours: [8, 20]", "peakHours: [22, 6], weekendsOffPeak: false"),
    );
    expect(night.cost.energyUsd).toBeCloseTo(kWhPerHour * (56 * 0.2 + 112 * 0.05), 6);
  });

  it("equal peak and off-peak prices give the flat price's cost", () => {
    const same = run("tariff: { peakUsdPerKWh: 0.1, offPeakUsdPerKWh: 0.1, peakHours: [8, 20] }");
    expect(same.cost.energyUsd / flat.cost.energyUsd).toBeCloseTo(1, 12);
  });

  it("carbon by hour of day: only the 12 hours with intensity 1 count", () => {
    const byHour = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 1 : 0));
    const s = run(`usdPerKWh: 0.1, carbonKgPerKWhByHour: [${byHour.join(", ")}]`);
    expect(s.cost.carbonT * 1000).toBeCloseTo(kWhPerHour * 7 * 12, 6);
  });

  it("timeseries.csv's hourly energy cost adds up to the summary's", async () => {
    const out = join(tmp, "ts");
    const { code } = await runCli("run", write(TOU), "--out", out, "--no-plots", "--quiet");
    expect(code).toBe(0);
    const rows = readFileSync(join(out, "timeseries.csv"), "utf8").split("\n");
    const energy = rows
      .filter((l) => l.includes(",cost,energyUsd,"))
      .reduce((a, l) => a + Number(l.split(",")[3]), 0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as S;
    expect(energy / summary.cost.energyUsd).toBeCloseTo(1, 9);
    // Monday 09:00 is peak, Monday 03:00 off-peak: 4x the price for the same energy.
    const at = (t: number) =>
      Number(rows.find((l) => l.startsWith(`${t},cost,energyUsd,`))!.split(",")[3]);
    expect(at(9 * 3600) / at(3 * 3600)).toBeCloseTo(4, 9);
  });

  it("refuses empty peak hours", () => {
    expect(() => run(TOU.replace("peakHours: [8, 20]", "peakHours: [8, 8]"))).toThrow(
      /peakHours: peak hours \[8, 8\) are empty/,
    );
  });

  it("refuses a flat price and a tariff together (exit 2, naming the field)", async () => {
    const { code, err } = await runCli("validate", write(`usdPerKWh: 0.1, ${TOU}`));
    expect(code).toBe(2);
    expect(err).toMatch(/sites\.0\.owned\.tariff: give usdPerKWh .* or tariff/);
  });
});

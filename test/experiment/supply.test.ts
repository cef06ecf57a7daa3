// Procurement and the supply shocks acting on it (issue 7, line 2, part).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateSummary } from "../../src/experiment/run.js";

const ROOT = join(__dirname, "..", "..");
type S = {
  pools: Record<string, Record<string, number>>;
  training: Record<string, number>;
  supply: Record<string, number | null>;
};
const run = (file: string, sets: string[] = []) =>
  simulateSummary(join(ROOT, "experiments", file), sets) as unknown as S;

describe("procurement and supply shocks", () => {
  const plan = run("blackwell-plan.yaml");

  it("brings delivered capacity into service after burn-in", () => {
    expect(plan.supply.acceleratorsDelivered).toBe(384);
    expect(plan.supply.acceleratorsShort).toBe(0);
    // 8 installed from day 0, +128 at 37, 67 and 97 days (7 days of burn-in) of 180.
    const expected = (8 * 180 + 128 * (180 - 37) + 128 * (180 - 67) + 128 * (180 - 97)) / 180;
    expect(plan.pools.b200.acceleratorsAvg).toBeCloseTo(expected, 6);
  });

  it("a delivery delay holds capacity back and raises waits", () => {
    const slip = run("blackwell-slip.yaml");
    expect(slip.supply.deliveriesLate).toBe(3);
    expect(slip.pools.b200.acceleratorsAvg).toBeLessThan(plan.pools.b200.acceleratorsAvg);
    expect(slip.training.meanWaitS).toBeGreaterThan(plan.training.meanWaitS);
  });

  it("a delivery cut leaves accelerators short", () => {
    const cut = run("blackwell-plan.yaml", [
      "shocks=[{ type: delivery-cut, accelerator: nvidia-b200, fraction: 0.5 }]",
    ]);
    expect(cut.supply.acceleratorsShort).toBe(192);
    expect(cut.supply.acceleratorsDelivered).toBe(192);
    expect(cut.pools.b200.acceleratorsAvg).toBeLessThan(plan.pools.b200.acceleratorsAvg);
  });

  it("an export restriction bars deliveries due from its date", () => {
    const barred = run("blackwell-plan.yaml", [
      "shocks=[{ type: export-restriction, vendor: nvidia, from: 50d }]",
    ]);
    // The deliveries at 60 and 90 days are barred; the one at 30 days arrives.
    expect(barred.supply.acceleratorsShort).toBe(256);
    expect(barred.supply.acceleratorsDelivered).toBe(128);
    expect(barred.training.meanWaitS).toBeGreaterThan(plan.training.meanWaitS);
  });

  it("a packaging or HBM shortage cuts the deliveries of products using it, in its window", () => {
    for (const which of ["packaging: CoWoS", "hbm: HBM3e"]) {
      const short = run("blackwell-plan.yaml", [
        `shocks=[{ type: component-shortage, ${which}, fraction: 0.5, from: 0d, until: 70d }]`,
      ]);
      // Deliveries at 30 and 60 days lose half; the one at 90 days is after the window.
      expect(short.supply.acceleratorsShort).toBe(128);
      expect(short.pools.b200.acceleratorsAvg).toBeLessThan(plan.pools.b200.acceleratorsAvg);
    }
    // HBM3 is not what the B200 uses: nothing is cut.
    const other = run("blackwell-plan.yaml", [
      "shocks=[{ type: component-shortage, hbm: HBM3, fraction: 0.5, from: 0d }]",
    ]);
    expect(other.supply.acceleratorsShort).toBe(0);
  });

  it("refuses a shortage that names no component and a restriction that names no product", () => {
    expect(() =>
      run("blackwell-plan.yaml", ["shocks=[{ type: component-shortage, fraction: 0.5, from: 0 }]"]),
    ).toThrow(/shocks\.0: a component shortage names packaging/);
    expect(() =>
      run("blackwell-plan.yaml", ["shocks=[{ type: export-restriction, from: 0 }]"]),
    ).toThrow(/shocks\.0: an export restriction names the pool, accelerator or vendor/);
  });

  describe("orders with lead times", () => {
    const strip = (s: S) => JSON.stringify({ ...s, experiment: "" });
    const asDeliveries = run("blackwell-plan.yaml");

    it("an order with a lead time arrives as a delivery at order + lead time", () => {
      const ordered = run("blackwell-plan.yaml", [
        "pools.1.deliveries=[]",
        "pools.1.orders=[{ at: 0d, count: 128, leadTime: 30d }, { at: 20d, count: 128, leadTime: 40d }, { at: 30d, count: 128, leadTime: 60d }]",
      ]);
      expect(strip(ordered)).toBe(strip(asDeliveries));
    });

    it("without a lead time, the price book's in force on the order date (H100: 12 weeks from 2024-04)", () => {
      const byBook = run("blackwell-plan.yaml", ["pools.0.orders=[{ at: 10d, count: 64 }]"]);
      const byHand = run("blackwell-plan.yaml", ["pools.0.deliveries=[{ at: 94d, count: 64 }]"]);
      expect(byBook.supply.acceleratorsDelivered).toBe(384 + 64);
      expect(strip(byBook)).toBe(strip(byHand));
    });

    it("a delivery delay moves ordered capacity too", () => {
      const late = run("blackwell-plan.yaml", [
        "pools.0.orders=[{ at: 10d, count: 64 }]",
        "shocks=[{ type: delivery-delay, accelerator: nvidia-h100-sxm, delay: 4w }]",
      ]);
      expect(late.supply.deliveriesLate).toBe(1);
    });

    it("an order of a product with no sourced lead time must give one", () => {
      expect(() => run("blackwell-plan.yaml", ["pools.1.orders=[{ at: 0d, count: 8 }]"])).toThrow(
        /pools\.1\.orders\.0\.leadTime: no sourced lead time for nvidia-b200.*nvidia-h100-sxm/,
      );
    });
  });
});

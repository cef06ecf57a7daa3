/**
 * The price book (models/prices/prices.yaml) and the cost rules: straight-line depreciation of
 * owned accelerators and facilities, cloud accelerator-hours on demand (allocated hours) or
 * reserved (provisioned hours) at the price in force on a date, energy at a tariff, carbon from
 * grid intensity.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import * as z from "zod";
import { figure } from "./data-file.js";
import { figureFileSchema, loadFigureFile, type FigureFile } from "./power/figure-file.js";

const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9.]+)*$/);
/** A date a figure applies from (YAML reads bare dates as Date objects): as YYYY-MM-DD. */
const DateFrom = z
  .union([z.string(), z.date()])
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));

const DatedPrice = z
  .strictObject({
    from: DateFrom,
    usd: z.number().positive(),
    /** A low-confidence price carries a range and its basis (see estimates.ts). */
    low: z.number().positive().optional(),
    high: z.number().positive().optional(),
    basis: z.string().trim().min(1).optional(),
  })
  .refine(
    (d) =>
      (d.low === undefined) === (d.high === undefined) &&
      (d.low === undefined) === (d.basis === undefined) &&
      (d.low === undefined || (d.low <= d.usd && d.usd <= d.high!)),
    { message: "a ranged price needs low <= usd <= high and a basis" },
  );

/** A supplier lead time in force from a date: weeks from order to delivery. */
const DatedLeadTime = z.strictObject({
  from: DateFrom,
  weeks: z.number().positive(),
  /** The range the source gives (weeks), for the record. */
  low: z.number().positive().optional(),
  high: z.number().positive().optional(),
});

export const PricesFileSchema = figureFileSchema({
  owned: z.record(id, figure(z.number().positive())),
  lifeYears: figure(z.number().positive()),
  facilityUsdPerMW: figure(z.number().nonnegative()),
  facilityLifeYears: figure(z.number().positive()),
  onDemand: z.record(id, z.array(DatedPrice).min(1)),
  spot: z.record(id, z.array(DatedPrice).min(1)),
  reserved: z.record(id, figure(z.number().positive())),
  usdPerKWh: figure(z.number().nonnegative()),
  carbonKgPerKWh: figure(z.number().nonnegative()),
  /** Order-to-delivery lead times by date, where a source gives them. */
  leadTimeWeeks: z.record(id, z.array(DatedLeadTime).min(1)),
});
export type PricesFile = z.infer<typeof PricesFileSchema>;
export type Prices = FigureFile<PricesFile>;

export function defaultPricesDir(): string {
  return fileURLToPath(new URL("../../models/prices/", import.meta.url));
}

/** Loads prices.yaml. @throws FigureFileError listing every problem. */
export function loadPrices(dir: string = defaultPricesDir()): Prices {
  return loadFigureFile(join(dir, "prices.yaml"), PricesFileSchema);
}

/** Seconds in a year of depreciation (365 days). */
export const YEAR_S = 365 * 86_400;

/** Straight-line depreciation of `count` items at `unitUsd` over `lifeYears`, for `seconds`. */
export function depreciationUsd(
  count: number,
  unitUsd: number,
  lifeYears: number,
  seconds: number,
): number {
  return (count * unitUsd * seconds) / (lifeYears * YEAR_S);
}

/** The entry of a dated list in force on a date (ISO): the last one from on or before it. */
function inForceAt<T extends { from: string }>(
  entries: readonly T[] | undefined,
  dateIso: string,
): T | undefined {
  let found: T | undefined;
  for (const e of entries ?? []) if (e.from <= dateIso.slice(0, 10)) found = e;
  return found;
}

/** The lead time in force on a date (ISO), in weeks, or undefined (none given, or before it). */
export function leadTimeWeeksAt(
  leadTimes: readonly { from: string; weeks: number }[] | undefined,
  dateIso: string,
): number | undefined {
  return inForceAt(leadTimes, dateIso)?.weeks;
}

/** The on-demand (or spot) price in force on a date (ISO), or undefined before the first one. */
export function onDemandUsdAt(
  prices: readonly { from: string; usd: number }[] | undefined,
  dateIso: string,
): number | undefined {
  return inForceAt(prices, dateIso)?.usd;
}

/** A time-of-use tariff: peak hours (local, [from, to), wrapping past midnight if from > to). */
export interface TimeOfUse {
  peakUsdPerKWh: number;
  offPeakUsdPerKWh: number;
  peakFromH: number;
  peakToH: number;
  weekendsOffPeak: boolean;
}

/** The price per kWh at a local time (ms since the epoch, shifted to local time). */
export function timeOfUseUsdPerKWh(t: TimeOfUse, localMs: number): number {
  const d = new Date(localMs);
  const h = d.getUTCHours();
  const day = d.getUTCDay();
  if (t.weekendsOffPeak && (day === 0 || day === 6)) return t.offPeakUsdPerKWh;
  const peak =
    t.peakFromH <= t.peakToH
      ? h >= t.peakFromH && h < t.peakToH
      : h >= t.peakFromH || h < t.peakToH;
  return peak ? t.peakUsdPerKWh : t.offPeakUsdPerKWh;
}

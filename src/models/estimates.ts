/**
 * Uncertain inputs: an experiment's `estimates:` section takes chosen estimated figures at the
 * low or high end of their range (or at a number inside it) instead of their central value, so
 * that `aidcsim sweep` can sweep them.
 *
 * Keys name a figure as `<accelerator id>/<field path>` (`aws-trainium2/maxPowerW`,
 * `aws-trainium2/thermal/slowdownC`) or `prices/<field path>` (`prices/owned/nvidia-gb200`,
 * `prices/onDemand/aws-trainium2` for the on-demand price in force at the run's start). Slashes,
 * not dots, separate the parts so that a key is one step of a `sweep:` path.
 */
import type { Catalog } from "./catalog.js";
import { makeCatalog } from "./catalog.js";
import type { Accelerator } from "./catalog-schema.js";
import type { Estimate } from "./data-file.js";
import type { Prices } from "./cost.js";
import { suggest } from "./suggest.js";

/** Where in its range an estimated figure is taken. */
export type EstimatePick = "low" | "value" | "high" | number;

/** The figure an estimate gives under a pick. */
export function pickEstimate(e: Pick<Estimate, "value" | "low" | "high">, pick: EstimatePick) {
  return typeof pick === "number" ? pick : e[pick];
}

/** Price books of dated prices whose ranged entries are estimates. */
const DATED_BOOKS = ["onDemand", "spot"] as const;

/** Every estimate key an experiment may name, with its estimate, sorted by key. */
export function estimateKeys(
  catalog: Catalog,
  prices: Prices,
): Map<string, Pick<Estimate, "value" | "low" | "high" | "basis">> {
  const keys = new Map<string, Pick<Estimate, "value" | "low" | "high" | "basis">>();
  for (const id of catalog.ids()) {
    for (const [path, e] of Object.entries(catalog.get(id).estimates))
      keys.set(`${id}/${path.replaceAll(".", "/")}`, e);
  }
  for (const [path, e] of Object.entries(prices.estimates))
    keys.set(`prices/${path.replaceAll(".", "/")}`, e);
  for (const book of DATED_BOOKS) {
    for (const [id, dated] of Object.entries(prices[book])) {
      const last = dated[dated.length - 1];
      if (last?.low !== undefined && last.high !== undefined && last.basis !== undefined)
        keys.set(`prices/${book}/${id}`, {
          value: last.usd,
          low: last.low,
          high: last.high,
          basis: last.basis,
        });
    }
  }
  return new Map([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Figures that are counts: a number picked for them must be whole. */
const COUNTS = new Set(["acceleratorsPerNode", "scaleUpDomain"]);

/** Problems with an `estimates:` section: unknown keys, numbers outside the range. */
export function estimateProblems(
  picks: Readonly<Record<string, EstimatePick>>,
  catalog: Catalog,
  prices: Prices,
): { key: string; message: string }[] {
  const known = estimateKeys(catalog, prices);
  const out: { key: string; message: string }[] = [];
  for (const [key, pick] of Object.entries(picks)) {
    const e = known.get(key);
    if (e === undefined) {
      const near = suggest(key, [...known.keys()]);
      out.push({
        key,
        message: `'${key}' is not an estimated figure${near ? `; did you mean '${near}'?` : ""}; estimated figures: ${[...known.keys()].join(", ")}`,
      });
    } else if (
      typeof pick === "number" &&
      COUNTS.has(key.split("/").pop()!) &&
      !Number.isInteger(pick)
    ) {
      out.push({ key, message: `${pick} is not a whole number (this figure is a count)` });
    } else if (typeof pick === "number" && (pick < e.low || pick > e.high)) {
      out.push({
        key,
        message: `${pick} is outside the estimate's range [${e.low}, ${e.high}]`,
      });
    }
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string[], value: number): void {
  let node = obj;
  for (const step of path.slice(0, -1)) {
    const next = { ...(node[step] as Record<string, unknown>) };
    node[step] = next;
    node = next;
  }
  node[path[path.length - 1]!] = value;
}

/** The catalog with the picked accelerator figures moved within their ranges (others shared). */
export function catalogWithEstimates(
  base: Catalog,
  picks: Readonly<Record<string, EstimatePick>>,
): Catalog {
  const byId = new Map<string, Accelerator>();
  for (const [key, pick] of Object.entries(picks)) {
    const [id, ...path] = key.split("/");
    if (id === "prices" || id === undefined || !base.accelerators.has(id)) continue;
    const e = base.get(id).estimates[path.join(".")];
    if (e === undefined) continue;
    const acc = { ...(byId.get(id) ?? base.get(id)) } as Record<string, unknown>;
    setPath(acc, path, pickEstimate(e, pick));
    byId.set(id, acc as unknown as Accelerator);
  }
  if (byId.size === 0) return base;
  return makeCatalog(base.ids().map((id) => byId.get(id) ?? base.get(id)));
}

/** The price book with the picked figures moved within their ranges. */
export function pricesWithEstimates(
  base: Prices,
  picks: Readonly<Record<string, EstimatePick>>,
): Prices {
  let out: Record<string, unknown> | undefined;
  for (const [key, pick] of Object.entries(picks)) {
    const [head, ...path] = key.split("/");
    if (head !== "prices") continue;
    out ??= { ...base, onDemand: { ...base.onDemand }, spot: { ...base.spot } };
    const book = DATED_BOOKS.find((b) => b === path[0]);
    if (book !== undefined && path.length === 2) {
      const id = path[1]!;
      const dated = base[book][id];
      if (dated === undefined) continue;
      // Every dated price with a range moves to the same place in its own range.
      (out[book] as Record<string, unknown>)[id] = dated.map((d) =>
        d.low !== undefined && d.high !== undefined
          ? { ...d, usd: pickEstimate({ value: d.usd, low: d.low, high: d.high }, pick) }
          : d,
      );
      continue;
    }
    const e = base.estimates[path.join(".")];
    if (e !== undefined) setPath(out, path, pickEstimate(e, pick));
  }
  return (out ?? base) as Prices;
}

/**
 * Checks the schema cannot express: references between sections, sizes, limits, files.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CountDistSpec, ExperimentSpec } from "./schema.js";
import { suggestion } from "./problems.js";
import { durationToS, parseDateMs, timeToS } from "./units.js";

export interface SemanticProblem {
  path: (string | number)[];
  message: string;
}

/** Limits that keep a typo from exhausting memory; each names itself in the message. */
export const LIMITS = {
  pools: 10_000,
  horizonS: 50 * 31_536_000,
  outputIntervals: 5_000_000,
  acceleratorsPerPool: 10_000_000,
} as const;

/** Largest value a count distribution can produce, if bounded. */
function countMax(d: CountDistSpec): number | undefined {
  if (typeof d === "number") return d;
  if (d.constant !== undefined) return d.constant;
  if (d.choice !== undefined) {
    const values = Array.isArray(d.choice) ? d.choice : d.choice.values;
    return Math.max(...values);
  }
  if (d.uniform !== undefined) return d.uniform.max;
  return undefined;
}

export function checkSemantics(
  spec: ExperimentSpec,
  ctx: { acceleratorIds: readonly string[]; baseDir: string },
): SemanticProblem[] {
  const out: SemanticProblem[] = [];
  const add = (path: (string | number)[], message: string) => out.push({ path, message });

  const startMs = startMsOf(spec);
  const horizonS = timeToS(spec.horizon, startMs);
  if (!(horizonS > 0)) add(["horizon"], `must be after start, got ${horizonS} s`);
  if (horizonS > LIMITS.horizonS)
    add(["horizon"], `at most 50 years (${LIMITS.horizonS} s), got ${horizonS} s`);
  const warmupS = durationToS(spec.warmup);
  if (warmupS >= horizonS)
    add(["warmup"], `must be shorter than the horizon (${horizonS} s), got ${warmupS} s`);
  const intervalS = durationToS(spec.output.interval);
  if (!(intervalS > 0)) add(["output", "interval"], "must be > 0");
  else if (horizonS / intervalS > LIMITS.outputIntervals) {
    add(
      ["output", "interval"],
      `gives ${Math.ceil(horizonS / intervalS)} output intervals; at most ${LIMITS.outputIntervals}: use a longer interval`,
    );
  }
  if (spec.pools.length > LIMITS.pools) add(["pools"], `at most ${LIMITS.pools} pools`);

  const unique = (section: string, names: string[]) => {
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n)) add([section, i, "name"], `duplicate name '${n}'`);
      seen.add(n);
    });
  };
  unique(
    "sites",
    spec.sites.map((s) => s.name),
  );
  unique(
    "pools",
    spec.pools.map((p) => p.name),
  );

  const sites = new Map(spec.sites.map((s) => [s.name, s]));
  spec.pools.forEach((p, i) => {
    if (p.ageAtStart !== undefined && p.life === undefined)
      add(
        ["pools", i, "ageAtStart"],
        "ageAtStart goes with life (the service life it counts toward)",
      );
  });
  spec.sites.forEach((s, i) => {
    const peak = s.owned?.tariff?.peakHours;
    if (peak !== undefined && peak[0] === peak[1])
      add(
        ["sites", i, "owned", "tariff", "peakHours"],
        `peak hours [${peak[0]}, ${peak[1]}) are empty; give [from, to) with from != to (from > to wraps past midnight)`,
      );
    const pue = s.owned?.pue;
    if (typeof pue === "object" && pue.model === "ambient" && s.owned?.ambient === undefined) {
      add(
        ["sites", i, "owned", "pue"],
        "the ambient PUE model needs an ambient temperature profile: add owned.ambient { meanC, dailySwingC }",
      );
    }
    if (s.cloud && s.halls.length > 0)
      add(["sites", i, "halls"], "a cloud site has no halls (halls belong to owned sites)");
    const hallNames = new Set<string>();
    s.halls.forEach((h, j) => {
      if (hallNames.has(h.name))
        add(["sites", i, "halls", j, "name"], `duplicate hall '${h.name}'`);
      hallNames.add(h.name);
    });
  });

  const known = new Set(ctx.acceleratorIds);
  const pools = new Map(spec.pools.map((p) => [p.name, p]));
  spec.pools.forEach((p, i) => {
    const site = sites.get(p.site);
    if (!site) {
      add(
        ["pools", i, "site"],
        `unknown site '${p.site}'${suggestion(p.site, sites.keys())}; sites: ${[...sites.keys()].join(", ")}`,
      );
    } else if (p.hall !== undefined) {
      const halls = site.halls.map((h) => h.name);
      if (!halls.includes(p.hall)) {
        add(
          ["pools", i, "hall"],
          `site '${site.name}' has no hall '${p.hall}'${suggestion(p.hall, halls)}; halls: ${halls.join(", ") || "(none)"}`,
        );
      }
    }
    if (!known.has(p.accelerator)) {
      add(
        ["pools", i, "accelerator"],
        `unknown accelerator '${p.accelerator}'${suggestion(p.accelerator, known)}; accepted values: ${[...known].sort().join(", ")}`,
      );
    }
    if (p.count > LIMITS.acceleratorsPerPool)
      add(["pools", i, "count"], `at most ${LIMITS.acceleratorsPerPool} accelerators per pool`);
  });

  const workloadNames = [
    ...spec.workloads.training.map((w) => w.name),
    ...spec.workloads.inference.map((w) => w.name),
  ];
  const seenW = new Set<string>();
  workloadNames.forEach((n, k) => {
    if (seenW.has(n)) {
      const t = spec.workloads.training.length;
      add(
        k < t ? ["workloads", "training", k, "name"] : ["workloads", "inference", k - t, "name"],
        `duplicate workload name '${n}'`,
      );
    }
    seenW.add(n);
  });

  const reserved = new Map<string, number>();
  spec.workloads.inference.forEach((w, i) => {
    const base = ["workloads", "inference", i];
    const pool = pools.get(w.pool);
    if (!pool) {
      add(
        [...base, "pool"],
        `unknown pool '${w.pool}'${suggestion(w.pool, pools.keys())}; pools: ${[...pools.keys()].join(", ")}`,
      );
      return;
    }
    const need = w.replicas * w.acceleratorsPerReplica;
    const total = (reserved.get(w.pool) ?? 0) + need;
    reserved.set(w.pool, total);
    if (total > pool.count) {
      add(
        [...base, "replicas"],
        `${w.replicas} replicas x ${w.acceleratorsPerReplica} accelerators = ${need}; pool '${w.pool}' has ${pool.count} accelerators (${total} reserved by inference in all)`,
      );
    }
    if (w.arrivals) checkArrivals(w.arrivals, [...base, "arrivals"]);
  });

  spec.workloads.training.forEach((w, i) => {
    const base = ["workloads", "training", i];
    const eligible = w.pools ?? spec.pools.map((p) => p.name);
    w.pools?.forEach((name, j) => {
      if (!pools.has(name))
        add(
          [...base, "pools", j],
          `unknown pool '${name}'${suggestion(name, pools.keys())}; pools: ${[...pools.keys()].join(", ")}`,
        );
    });
    const max = w.accelerators === undefined ? undefined : countMax(w.accelerators);
    const capacities = eligible
      .filter((n) => pools.has(n))
      .map((n) => (pools.get(n)?.count ?? 0) - (reserved.get(n) ?? 0));
    if (max !== undefined && capacities.length > 0 && max > Math.max(...capacities)) {
      add(
        [...base, "accelerators"],
        `asks for up to ${max} accelerators, but the largest eligible pool has ${Math.max(...capacities)} free of inference reservations: the job could never start`,
      );
    }
    if (w.arrivals) checkArrivals(w.arrivals, [...base, "arrivals"]);
    checkFile(w.duration, [...base, "duration"]);
  });
  spec.sites.forEach((s, i) => {
    if (s.owned?.tariff !== undefined && s.owned.usdPerKWh !== undefined)
      add(
        ["sites", i, "owned", "tariff"],
        "give usdPerKWh (a flat price) or tariff (time of use), not both",
      );
    if (s.owned?.carbonKgPerKWhByHour !== undefined && s.owned.carbonKgPerKWh !== undefined)
      add(
        ["sites", i, "owned", "carbonKgPerKWhByHour"],
        "give carbonKgPerKWh (constant) or carbonKgPerKWhByHour (24 values), not both",
      );
  });
  spec.pools.forEach((p, i) => {
    const cloud = spec.sites.find((x) => x.name === p.site)?.cloud !== undefined;
    if (p.purchase === "spot" && !cloud)
      add(
        ["pools", i, "purchase"],
        "spot capacity is bought in the cloud: put the pool at a cloud site",
      );
    if (p.purchase === "spot" && p.spot === undefined)
      add(
        ["pools", i, "spot"],
        "a spot pool needs spot: { reclaimsPerNodeDay } (no reclaim rate is published; see docs/cost.md)",
      );
    if (p.spot !== undefined && p.purchase !== "spot")
      add(["pools", i, "spot"], "spot: goes with purchase: spot");
  });
  spec.shocks.forEach((k, i) => {
    const base = ["shocks", i];
    if (k.type === "component-shortage") {
      if (k.packaging === undefined && k.hbm === undefined)
        add(base, "a component shortage names packaging (e.g. CoWoS) or hbm (e.g. HBM3e)");
      return;
    }
    if (
      k.type === "export-restriction" &&
      k.pool === undefined &&
      k.accelerator === undefined &&
      k.vendor === undefined
    ) {
      add(base, "an export restriction names the pool, accelerator or vendor it bars");
    }
    if (
      k.type === "delivery-delay" ||
      k.type === "delivery-cut" ||
      k.type === "export-restriction"
    ) {
      if (k.pool !== undefined && !spec.pools.some((p) => p.name === k.pool))
        add(
          [...base, "pool"],
          `unknown pool '${k.pool}'; pools: ${spec.pools.map((p) => p.name).join(", ")}`,
        );
      if (k.accelerator !== undefined && !known.has(k.accelerator))
        add(
          [...base, "accelerator"],
          `unknown accelerator '${k.accelerator}'${suggestion(k.accelerator, known)}; accepted values: ${[...known].sort().join(", ")}`,
        );
      // A vendor is the prefix of catalog ids (nvidia-h100-sxm: nvidia), matched ignoring case.
      const vendors = new Set([...known].map((id) => id.split("-")[0]));
      if (k.vendor !== undefined && !vendors.has(k.vendor.toLowerCase()))
        add(
          [...base, "vendor"],
          `unknown vendor '${k.vendor}'; accepted values: ${[...vendors].sort().join(", ")} (any case)`,
        );
      return;
    }
    if (k.site === undefined) return;
    const site = spec.sites.find((x) => x.name === k.site);
    if (!site?.owned) {
      const owned = spec.sites.filter((x) => x.owned).map((x) => x.name);
      add(
        [...base, "site"],
        `'${k.site}' is not an owned site; ${k.type} shocks act on owned sites: ${owned.join(", ") || "none"}`,
      );
      return;
    }
    if (k.type === "cooling-failure" && !site.halls.some((h) => h.name === k.hall)) {
      add(
        [...base, "hall"],
        `site '${k.site}' has no hall '${k.hall}'; halls: ${site.halls.map((h) => h.name).join(", ")}`,
      );
    }
  });
  spec.workloads.inference.forEach((w, i) => {
    if (w.serviceTime !== undefined)
      checkFile(w.serviceTime, ["workloads", "inference", i, "serviceTime"]);
  });

  function checkArrivals(
    a: NonNullable<ExperimentSpec["workloads"]["inference"][number]["arrivals"]>,
    path: (string | number)[],
  ) {
    const from = a.from === undefined ? 0 : timeToS(a.from, startMs);
    const until = a.until === undefined ? horizonS : timeToS(a.until, startMs);
    if (a.from !== undefined && from < 0) add([...path, "from"], `is before start (${from} s)`);
    if (a.until !== undefined && until <= from)
      add([...path, "until"], `must be after from (${from} s), got ${until} s`);
    a.at?.forEach((t, k) => {
      if (timeToS(t, startMs) < 0) add([...path, "at", k], "is before start");
    });
  }

  function checkFile(d: unknown, path: (string | number)[]) {
    if (d && typeof d === "object" && "empirical" in d) {
      const e = (d as { empirical?: { file?: string } }).empirical;
      if (e?.file !== undefined && !existsSync(resolve(ctx.baseDir, e.file))) {
        add(
          [...path, "empirical", "file"],
          `file not found: ${resolve(ctx.baseDir, e.file)} (paths are relative to the experiment file)`,
        );
      }
    }
  }
  return out;
}

/** Epoch milliseconds of an experiment's `start` (validated by the schema). */
export function startMsOf(spec: ExperimentSpec): number {
  const ms = parseDateMs(spec.start);
  if (ms === undefined) throw new RangeError(`start is not a date: ${spec.start}`);
  return ms;
}

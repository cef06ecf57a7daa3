/**
 * The experiment file format: the single source of truth. Types come from it (`z.input` /
 * `z.output`), and `experiments/schema.json` is generated from it (`npm run schema`).
 */
import { z } from "zod";
import { DATE_PATTERN, DURATION_HELP, DURATION_PATTERN, TIME_HELP, isTimeText } from "./units.js";

/** Names become folder names and CSV entities: no separators, no spaces. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const Name = z
  .string()
  .regex(
    NAME_PATTERN,
    "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  );

const Duration = z.union(
  [z.number().nonnegative(), z.string().regex(DURATION_PATTERN, `expected ${DURATION_HELP}`)],
  {
    error: `expected ${DURATION_HELP}`,
  },
);
const Time = z.union(
  [z.number().nonnegative(), z.string().refine(isTimeText, { message: `expected ${TIME_HELP}` })],
  { error: `expected ${TIME_HELP}` },
);
const StartDate = z
  .string()
  .regex(DATE_PATTERN, "expected a date-time like 2027-01-01T00:00Z")
  .refine((s) => isTimeText(s), "not a valid calendar date");

const PositiveFinite = z.number().positive().finite();

/** Exactly one of the given keys present (for "one of several forms" objects). */
function exactlyOne<T extends Record<string, unknown>>(keys: readonly (keyof T & string)[]) {
  return (value: T, ctx: z.RefinementCtx) => {
    const present = keys.filter((k) => value[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          present.length === 0
            ? `needs one of: ${keys.join(", ")}`
            : `give only one of: ${present.join(", ")}`,
      });
    }
  };
}

/**
 * A random quantity: a fixed value, or one of the distributions. `scalar` is the type of a fixed
 * value and of location parameters (seconds for durations, plain numbers for counts).
 */
function distribution<S extends z.ZodType>(scalar: S, what: string) {
  const forms = z
    .strictObject({
      constant: scalar.optional(),
      exponential: z.strictObject({ mean: scalar }).optional(),
      uniform: z.strictObject({ min: scalar, max: scalar }).optional(),
      normal: z.strictObject({ mean: scalar, sd: scalar }).optional(),
      lognormal: z
        .strictObject({ median: scalar, sigma: z.number().nonnegative().finite() })
        .optional(),
      gamma: z.strictObject({ shape: PositiveFinite, scale: scalar }).optional(),
      weibull: z.strictObject({ shape: PositiveFinite, scale: scalar }).optional(),
      pareto: z.strictObject({ shape: PositiveFinite, scale: scalar }).optional(),
      choice: z
        .union([
          z.array(scalar).min(1),
          z.strictObject({
            values: z.array(scalar).min(1),
            weights: z.array(z.number().nonnegative()),
          }),
        ])
        .optional(),
      empirical: z
        .strictObject({
          file: z.string().min(1).optional(),
          column: z.string().optional(),
          values: z.array(z.number()).min(1).optional(),
          scale: PositiveFinite.default(1),
          min: z.number().optional(),
          max: z.number().optional(),
        })
        .superRefine(exactlyOne(["file", "values"]))
        .optional(),
    })
    .superRefine(
      exactlyOne([
        "constant",
        "exponential",
        "uniform",
        "normal",
        "lognormal",
        "gamma",
        "weibull",
        "pareto",
        "choice",
        "empirical",
      ]),
    );
  return z.union([scalar, forms], {
    error: `expected ${what} or a distribution such as { lognormal: { median, sigma } }`,
  });
}

const DurationDist = distribution(Duration, DURATION_HELP);
const CountDist = distribution(z.number().int().positive(), "a positive whole number");

const Arrivals = z
  .strictObject({
    at: z.array(Time).min(1).optional(),
    poisson: z
      .strictObject({
        perS: PositiveFinite.optional(),
        perMin: PositiveFinite.optional(),
        perHour: PositiveFinite.optional(),
        perDay: PositiveFinite.optional(),
      })
      .superRefine(exactlyOne(["perS", "perMin", "perHour", "perDay"]))
      .optional(),
    from: Time.optional(),
    until: Time.optional(),
    maxCount: z.number().int().positive().optional(),
    /** A daily cycle on the Poisson rate: peak at `peakHour` (hours from start, mod 24). */
    diurnal: z
      .strictObject({
        amplitude: z.number().min(0).max(1),
        peakHour: z.number().min(0).max(24).default(14),
      })
      .optional(),
    /** Compound growth of the Poisson rate per month (0.1 = +10% a month). */
    growthPerMonth: z.number().min(-0.99).max(10).optional(),
    /** Markov-modulated bursts: the rate times `factor` for bursts of mean `burst` length. */
    bursty: z
      .strictObject({
        factor: z.number().positive().max(1000),
        burst: Duration,
        calm: Duration,
      })
      .optional(),
  })
  .superRefine(exactlyOne(["at", "poisson"]));

const TokenDist = distribution(z.number().positive().finite(), "a number of tokens");

/** A job trace: one job per CSV row (submit time in seconds from start, size, work). */
const TrainingTrace = z.strictObject({
  file: z.string().min(1),
  /** Column names (defaults shown). */
  submit: z.string().min(1).default("submitS"),
  accelerators: z.string().min(1).default("accelerators"),
  duration: z.string().min(1).default("durationS"),
  tokens: z.string().min(1).default("tokens"),
});

export const TrainingWorkload = z
  .strictObject({
    name: Name,
    accelerators: CountDist.optional(),
    /** A given run time at full clock... */
    duration: DurationDist.optional(),
    /** ...of which this share slows as 1/clock under power caps and throttling. */
    clockSensitiveFraction: z.number().min(0).max(1).default(1),
    /** ...or a model (models/llms/<id>.yaml) trained on a number of tokens. */
    model: z.string().min(1).optional(),
    tokens: TokenDist.optional(),
    precision: z.enum(["bf16", "fp8"]).default("bf16"),
    seqLen: z.number().int().positive().optional(),
    globalBatchTokens: z.number().positive().optional(),
    arrivals: Arrivals.optional(),
    /** Jobs from a CSV trace instead of arrivals and distributions. */
    trace: TrainingTrace.optional(),
    pools: z.array(Name).min(1).optional(),
    /** Higher runs first under the `priority` policy. */
    priority: z.number().int().min(-1000).max(1000).default(0),
  })
  .superRefine((w, ctx) => {
    if (w.trace !== undefined) {
      for (const key of ["accelerators", "duration", "tokens", "arrivals"] as const) {
        if (w[key] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `comes from the trace's columns; remove it or remove trace`,
          });
        }
      }
      return;
    }
    if (w.accelerators === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["accelerators"],
        message: "missing required field: accelerators (or a trace)",
      });
    }
    if ((w.duration === undefined) === (w.model === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "needs either duration or model (with tokens), not both",
      });
    }
    if (w.model !== undefined && w.tokens === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tokens"],
        message: "missing required field: a model job needs tokens",
      });
    }
    if (w.model === undefined && w.tokens !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["tokens"],
        message: "tokens go with model, not with duration",
      });
    }
  });

const LlmTrace = z.strictObject({
  file: z.string().min(1),
  /** azure: the Azure LLM inference 2023 CSV; mooncake: the Mooncake FAST'25 JSONL. */
  format: z.enum(["azure", "mooncake"]),
  /** Multiplies the gaps between requests (0.5 = twice the rate). */
  timeScale: z.number().positive().finite().default(1),
  /** Time of the trace's first request. */
  offset: Duration.default(0),
  /** Repeat the trace until the horizon. */
  loop: z.boolean().default(false),
});

export const InferenceWorkload = z
  .strictObject({
    name: Name,
    pool: Name,
    replicas: z.number().int().positive(),
    acceleratorsPerReplica: z.number().int().positive().default(1),
    concurrencyPerReplica: z.number().int().positive().default(1),
    arrivals: Arrivals.optional(),
    /** A given service time per request... */
    serviceTime: DurationDist.optional(),
    /** ...or an LLM (models/llms/<id>.yaml) served by the performance model. */
    model: z.string().min(1).optional(),
    weightPrecision: z.enum(["bf16", "fp8"]).default("bf16"),
    tensorParallel: z.number().int().positive().optional(),
    trace: LlmTrace.optional(),
    promptTokens: CountDist.default(1024),
    outputTokens: CountDist.default(256),
    maxBatchTokens: z.number().int().positive().default(8192),
    /** Prefix-cache blocks (512 tokens) per replica, or "unbounded"; default none. */
    prefixCache: z
      .strictObject({ blocks: z.union([z.number().int().nonnegative(), z.literal("unbounded")]) })
      .optional(),
    routing: z.enum(["round-robin", "least-outstanding", "prefix-affinity"]).default("round-robin"),
    /** Replicas follow load between min and max (request fidelity; `replicas` is the start). */
    autoscale: z
      .strictObject({
        min: z.number().int().positive(),
        max: z.number().int().positive(),
        /** Requests in flight per replica the scaler aims at. */
        targetOutstanding: z.number().positive().default(32),
        /** Time from the decision to a replica serving. */
        startup: Duration.default("2m"),
        /** How often the scaler looks. */
        interval: Duration.default("1m"),
        /** May stop training jobs in the pool (they restart from a checkpoint) to scale up. */
        preemptTraining: z.boolean().default(false),
      })
      .optional(),
    /** request: every request simulated; fluid: a backlog per step, for months-long horizons. */
    fidelity: z.enum(["request", "fluid"]).default("request"),
    fluid: z
      .strictObject({
        stepS: Duration.default("60s"),
        /** Latency points recorded per step (spread over the request mix): fewer for year-long runs. */
        points: z.number().int().min(1).max(256).default(32),
      })
      .default({ stepS: "60s", points: 32 }),
    queueLimit: z.number().int().nonnegative().default(10_000),
    /**
     * What users pay for the work done: per million prompt (input) tokens prefilled, per million
     * output tokens generated, per request completed. Gives revenueUsd and marginUsd.
     */
    price: z
      .strictObject({
        usdPerMInputTokens: z.number().nonnegative().finite().default(0),
        usdPerMOutputTokens: z.number().nonnegative().finite().default(0),
        usdPerRequest: z.number().nonnegative().finite().default(0),
      })
      .optional(),
    slo: z
      .strictObject({
        latencyS: Duration.optional(),
        ttftS: Duration.optional(),
        tpotS: Duration.optional(),
      })
      .optional(),
  })
  .superRefine((w, ctx) => {
    if ((w.serviceTime === undefined) === (w.model === undefined)) {
      ctx.addIssue({ code: "custom", message: "needs either serviceTime or model, not both" });
    }
    if ((w.arrivals === undefined) === (w.trace === undefined)) {
      ctx.addIssue({ code: "custom", message: "needs either arrivals or trace, not both" });
    }
    if (w.trace !== undefined && w.model === undefined) {
      ctx.addIssue({ code: "custom", path: ["trace"], message: "a request trace needs a model" });
    }
    if (w.fidelity === "fluid" && w.trace !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["fidelity"],
        message: "fluid fidelity takes arrivals, not a trace (use request fidelity for traces)",
      });
    }
    if (w.fidelity === "fluid" && w.model === undefined) {
      ctx.addIssue({ code: "custom", path: ["fidelity"], message: "fluid fidelity needs a model" });
    }
  });

export const Hall = z.strictObject({
  name: Name,
  cooling: z.enum(["air", "liquid"]),
  /** IT power budget of the hall, enforced at every instant by lowering clocks. */
  powerMW: PositiveFinite,
  rackKW: PositiveFinite.optional(),
  /** Supply air or coolant temperature the plant holds (default per cooling type). */
  supplyC: z.number().min(-20).max(80).optional(),
  /** Ambient temperature up to which the plant holds supplyC; above it supply rises with ambient. */
  plantDesignAmbientC: z.number().min(-20).max(80).optional(),
  /** Inlet temperature rise of every rack group per kW drawn by the hall's rack groups. */
  recirculationCPerKW: z.number().min(0).max(1).default(0),
});

const Pue = z.union(
  [
    z.number().min(1).max(5),
    z.strictObject({
      model: z.enum(["fixed", "ambient"]),
      design: z.number().min(1).max(5),
      freeCoolingC: z.number().min(-20).max(60).optional(),
      perC: z.number().min(0).max(0.5).optional(),
    }),
  ],
  { error: "expected a number >= 1 or { model: fixed | ambient, design, freeCoolingC?, perC? }" },
);

export const Site = z
  .strictObject({
    name: Name,
    owned: z
      .strictObject({
        /** Facility power cap (IT x PUE), enforced at every instant by lowering clocks. */
        powerCapMW: PositiveFinite.optional(),
        /** Default 1.15: AWS's global PUE in 2023 and 2024 (reference facts, section 4). */
        pue: Pue.default(1.15),
        ambient: z
          .strictObject({
            meanC: z.number().min(-50).max(60),
            dailySwingC: z.number().min(0).max(40).default(0),
            /** Default from models/facility/pue.yaml (15:00). */
            peakHourLocal: z.number().min(0).max(24).optional(),
          })
          .optional(),
        utcOffsetH: z.number().min(-12).max(14).default(0),
        /** Energy price and grid carbon intensity (defaults: models/prices/prices.yaml). */
        usdPerKWh: z.number().nonnegative().finite().optional(),
        carbonKgPerKWh: z.number().nonnegative().finite().optional(),
        /** A time-of-use tariff instead of usdPerKWh: peak hours (local) at one price, the rest at another. */
        tariff: z
          .strictObject({
            peakUsdPerKWh: z.number().nonnegative().finite(),
            offPeakUsdPerKWh: z.number().nonnegative().finite(),
            /** Local hours [from, to) of the peak; from > to wraps past midnight. */
            peakHours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(1).max(24)]),
            weekendsOffPeak: z.boolean().default(true),
          })
          .optional(),
        /** Grid carbon intensity for each local hour of the day (24 values) instead of carbonKgPerKWh. */
        carbonKgPerKWhByHour: z.array(z.number().nonnegative().finite()).length(24).optional(),
      })
      .optional(),
    cloud: z.strictObject({ region: z.string().optional() }).optional(),
    halls: z.array(Hall).default([]),
  })
  .superRefine(exactlyOne(["owned", "cloud"]));

export const Pool = z.strictObject({
  name: Name,
  site: Name,
  hall: Name.optional(),
  accelerator: z.string().min(1),
  count: z.number().int().positive(),
  /**
   * Efficiency factors fitted by `aidcsim calibrate`: a name in models/calibrations/ or a path
   * (ending in .yaml) relative to the experiment file.
   */
  calibration: z.string().min(1).optional(),
  /** Price of one accelerator-hour, USD (cost-aware policy; cloud cost, over the price book). */
  usdPerAcceleratorHour: z.number().positive().finite().optional(),
  /**
   * How the pool is paid for: owned (depreciated; default at owned sites), on-demand (allocated
   * hours; default in the cloud) or reserved (every provisioned hour).
   */
  purchase: z.enum(["owned", "on-demand", "reserved", "spot"]).optional(),
  /**
   * Spot capacity (purchase: spot): the cloud reclaims nodes at this rate, interrupting the job on
   * a reclaimed node (it restarts from its checkpoint); no rate is published, so it is required.
   */
  spot: z
    .strictObject({
      reclaimsPerNodeDay: z.number().nonnegative().finite(),
      /** Time a reclaimed node's capacity stays gone (0: replaced at once). */
      returnAfter: Duration.default(0),
      /** Time from the reclaim to the job running again (default: failures' restart overhead). */
      restartOverhead: Duration.optional(),
    })
    .optional(),
  /** Accelerators arriving after the start (at an owned site they draw power from arrival). */
  deliveries: z.array(z.strictObject({ at: Time, count: z.number().int().positive() })).optional(),
  /**
   * Accelerators ordered: each arrives `leadTime` after its order (default: the price book's
   * lead time in force on the order date, where a source gives one), then as a delivery.
   */
  orders: z
    .array(
      z.strictObject({
        at: Time,
        count: z.number().int().positive(),
        leadTime: Duration.optional(),
      }),
    )
    .optional(),
  /** Time from delivery to service (at an owned site, spent at full load: a stress test). */
  burnIn: Duration.optional(),
  /** Accelerators leaving service at given times (busy ones go when free). */
  retirements: z.array(z.strictObject({ at: Time, count: z.number().int().positive() })).optional(),
  /**
   * Service life: the starting accelerators retire at `life` minus `ageAtStart`, each delivery
   * `life` after it enters service.
   */
  life: Duration.optional(),
  /** Age of the starting accelerators at the start (with `life`). */
  ageAtStart: Duration.optional(),
});

export const SCHEDULER_POLICIES = [
  "fifo",
  "easy-backfill",
  "priority",
  "heterogeneity-aware",
  "cost-aware",
  "power-aware",
  "thermal-aware",
] as const;

/** Which deliveries a supply shock hits: a pool, an accelerator id or a vendor (all when none). */
const DeliveryTarget = {
  pool: Name.optional(),
  accelerator: z.string().optional(),
  vendor: z.string().optional(),
};

/** One supply, power or price shock overlaid on a baseline (docs/shocks.md). */
export const Shock = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("grid-cap"),
    site: Name,
    capMW: PositiveFinite,
    from: Time,
  }),
  z.strictObject({
    type: z.literal("electricity-price"),
    site: Name.optional(),
    multiplier: z.number().positive().max(1000),
    from: Time,
    until: Time.optional(),
  }),
  z.strictObject({
    type: z.literal("delivery-delay"),
    ...DeliveryTarget,
    delay: Duration,
  }),
  z.strictObject({
    type: z.literal("delivery-cut"),
    ...DeliveryTarget,
    /** Share of each affected delivery that never arrives. */
    fraction: z.number().min(0).max(1),
  }),
  z.strictObject({
    type: z.literal("export-restriction"),
    /** The product line barred: an accelerator id or a vendor (or a pool's deliveries). */
    ...DeliveryTarget,
    /** Deliveries due from this date on never arrive. */
    from: Time,
  }),
  z.strictObject({
    type: z.literal("component-shortage"),
    /** Affected products by the catalog's supply fields: packaging prefix or HBM generation. */
    packaging: z.string().optional(),
    hbm: z.string().optional(),
    /** Share of each affected delivery lost in the window. */
    fraction: z.number().min(0).max(1),
    from: Time,
    until: Time.optional(),
  }),
  z.strictObject({
    type: z.literal("cooling-failure"),
    site: Name,
    hall: Name,
    plusC: z.number().min(0).max(40),
    from: Time,
    until: Time.optional(),
  }),
]);

/**
 * A file of ready shocks (experiments/shocks/): applied to any experiment with `--shocks FILE`,
 * or given as B to `aidcsim compare A FILE` to compare A with and without them.
 */
export const ShockFile = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  shocks: z.array(Shock).min(1),
});

export const Experiment = z.strictObject({
  $schema: z.string().optional(),
  name: Name,
  description: z.string().optional(),
  seed: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 32 - 1),
  start: StartDate.default("2026-01-01T00:00Z"),
  horizon: Time,
  warmup: Duration.default(0),
  output: z.strictObject({ interval: Duration.default("15m") }).default({ interval: "15m" }),
  replications: z.number().int().positive().max(1000).default(1),
  sites: z.array(Site).min(1),
  pools: z.array(Pool).min(1),
  workloads: z
    .strictObject({
      training: z.array(TrainingWorkload).default([]),
      inference: z.array(InferenceWorkload).default([]),
    })
    .default({ training: [], inference: [] }),
  /** Shocks overlaid on the baseline (docs/shocks.md). */
  shocks: z.array(Shock).default([]),
  /** Node failures (models/reliability/failures.yaml); off when absent. */
  failures: z
    .strictObject({
      nodeFailuresPer1000NodeDays: z.number().nonnegative().finite().optional(),
      weibullShape: z.number().positive().max(10).optional(),
      /** Age of every pool's nodes at start (time since delivery). */
      cohortAge: Duration.default(0),
      restartOverhead: Duration.optional(),
      repair: Duration.optional(),
      /** Spare nodes beside each pool, as a share of its nodes (swapped in for failed ones). */
      spareFraction: z.number().min(0).max(1).optional(),
      checkpoint: z
        .strictObject({
          /** A fixed interval of work, or the Young/Daly optimum for each job. */
          interval: z.union([Duration, z.literal("young-daly")]).default("young-daly"),
          /** sync: training stops while a checkpoint is written; async: it does not. */
          mode: z.enum(["sync", "async"]).default("sync"),
          /** Write time of jobs given by duration (model jobs: from their parameters). */
          writeTime: Duration.default("1m"),
        })
        .default({ interval: "young-daly", mode: "sync", writeTime: "1m" }),
    })
    .optional(),
  scheduler: z
    .strictObject({
      policy: z.enum(SCHEDULER_POLICIES).default("fifo"),
      /** Work between checkpoints: a preempted job keeps what it saved at the last one. */
      checkpointInterval: Duration.default("1h"),
    })
    .default({ policy: "fifo", checkpointInterval: "1h" }),
  /**
   * Uncertain inputs: estimated figures taken at `low`, `value` (the default) or `high` of their
   * range, or at a number inside it. Keys: `<accelerator id>/<field>` (`aws-trainium2/maxPowerW`)
   * or `prices/<field>` (`prices/onDemand/aws-trainium2`); `aidcsim catalog --estimates` lists them.
   */
  estimates: z
    .record(z.string(), z.union([z.enum(["low", "value", "high"]), z.number().positive().finite()]))
    .superRefine((rec, ctx) => {
      for (const key of Object.keys(rec)) {
        if (!/^[a-z0-9-]+(\/[A-Za-z0-9-]+)+$/.test(key))
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `expected '<accelerator id>/<field>' or 'prices/<field>', parts joined by '/' (e.g. aws-trainium2/maxPowerW), got '${key}'`,
          });
      }
    })
    .optional(),
  sweep: z.record(z.string().min(1), z.array(z.unknown()).min(1)).optional(),
});

/** An experiment as written in a file (before defaults). */
export type ExperimentInput = z.input<typeof Experiment>;
/** An experiment after validation and defaults. */
export type ExperimentSpec = z.output<typeof Experiment>;
export type TrainingSpec = ExperimentSpec["workloads"]["training"][number];
export type InferenceSpec = ExperimentSpec["workloads"]["inference"][number];
export type DurationDistSpec = z.output<typeof DurationDist>;
export type CountDistSpec = z.output<typeof CountDist>;
export type ArrivalsSpec = z.output<typeof Arrivals>;
export type PoolSpec = ExperimentSpec["pools"][number];
export type SiteSpec = ExperimentSpec["sites"][number];

/** JSON Schema of the input format, for editor completion. */
/** JSON Schema of shock files (experiments/shocks/schema.json). */
export function shockFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ShockFile, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
}

export function experimentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Experiment, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
}

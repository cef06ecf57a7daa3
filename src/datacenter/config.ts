import type { HallPhysics, PoolPhysics, SitePhysics } from "./physics.js";
import type {
  InferenceServiceConfig,
  TrainingStreamConfig,
  TrainingWork,
} from "../workloads/index.js";

export interface PoolConfig {
  name: string;
  site: string;
  siteKind: "owned" | "cloud";
  hall?: string;
  /** Catalog id. */
  accelerator: string;
  /** Installed accelerators. */
  count: number;
  /** Accelerators per node (host), for failures; default 8. */
  acceleratorsPerNode?: number;
  /** Accelerators per scale-up domain (default: the whole pool, no domain constraint). */
  scaleUpDomain?: number;
  /** Price of an accelerator-hour, USD (for the cost-aware policy), if given. */
  usdPerAcceleratorHour?: number;
  /** Deliveries after the start (shocks already applied): time, count arriving, count ordered. */
  deliveries?: {
    /** `delivery-<i>` or `order-<i>` in the experiment (names its failure stream). */
    source?: string;
    atS: number;
    count: number;
    orderedCount: number;
    late: boolean;
  }[];
  /** Time from delivery to service, s. */
  burnInS?: number;
  /** How it is paid for (default: owned at owned sites, on-demand in the cloud). */
  purchase?: "owned" | "on-demand" | "reserved" | "spot";
  /** Accelerators leaving service (end of life): at each time, as soon as they are free. */
  retirements?: { atS: number; count: number }[];
  /** Spot reclaims (purchase spot): rate per node and second, capacity gap, restart overhead. */
  spot?: { reclaimsPerNodeS: number; returnAfterS: number; restartOverheadS: number };
  /** Absolute path of a calibration file whose factors replace the defaults for this pool. */
  calibration?: string;
  /** Power and heat, for pools at owned sites (cloud pools have none). */
  physics?: PoolPhysics;
}

/** An owned site: its cap, cooling plant and halls. */
export interface OwnedSiteConfig {
  name: string;
  /** Facility power cap (IT x PUE), W. */
  powerCapW?: number;
  /** Energy price and grid carbon intensity, if the experiment sets them. */
  usdPerKWh?: number;
  carbonKgPerKWh?: number;
  /** A time-of-use tariff (replaces usdPerKWh), hours local to the site. */
  tariff?: TimeOfUseTariff;
  /** Grid carbon intensity by local hour of day (24 values), kg/kWh (replaces carbonKgPerKWh). */
  carbonKgPerKWhByHour?: readonly number[];
  /** Seconds from the run's start to the first full local hour (for hourly energy records). */
  firstHourS?: number;
  /** Local time = UTC + this, h. */
  utcOffsetH?: number;
  physics: SitePhysics;
  halls: {
    name: string;
    /** IT power budget, W. */
    powerBudgetW: number;
    /** Inlet rise per W drawn by the hall's accelerators, degC/W. */
    recirculationCPerW: number;
    physics: HallPhysics;
  }[];
}

/** Peak and off-peak energy prices by local hour of day. */
export interface TimeOfUseTariff {
  peakUsdPerKWh: number;
  offPeakUsdPerKWh: number;
  /** Local hours [from, to) at the peak price (from > to wraps past midnight). */
  peakFromH: number;
  peakToH: number;
  /** Saturdays and Sundays are off-peak all day. */
  weekendsOffPeak: boolean;
}

/** Everything the world needs, resolved to seconds and counts. */
export interface DataCenterConfig {
  horizonS: number;
  warmupS: number;
  intervalS: number;
  pools: readonly PoolConfig[];
  ownedSites: readonly OwnedSiteConfig[];
  /** How often power and heat are brought up to date without a load change (ambient moves), s. */
  physicsStepS: number;
  training: readonly TrainingStreamConfig[];
  inference: readonly InferenceServiceConfig[];
  /** Work a preempted job keeps: its progress at the last multiple of this, s of work. */
  checkpointIntervalS: number;
  /** Node failures; absent = none. */
  failures?: FailureConfig;
  /**
   * Times (s) at which summary areas are also cut (a price in force changes there): the cost
   * summary charges each segment at its own price. Optional; sorted or not.
   */
  breakpointsS?: readonly number[];
  /** Shocks overlaid on the baseline, times in s from start. */
  shocks: readonly ShockConfig[];
}

export type ShockConfig =
  // Supply shocks are applied to pools' deliveries when resolved; kept here for the record.
  | {
      type: "delivery-delay";
      appliedTo: "delivery-delay" | "delivery-cut" | "export-restriction" | "component-shortage";
    }
  | { type: "grid-cap"; site: string; capW: number; fromS: number }
  | { type: "electricity-price"; site?: string; multiplier: number; fromS: number; untilS: number }
  | {
      type: "cooling-failure";
      site: string;
      hall: string;
      plusC: number;
      fromS: number;
      untilS: number;
    };

/** Node failures of every pool, resolved. */
export interface FailureConfig {
  /** Failures per node per second (the mean over the Weibull reference period). */
  ratePerNodeS: number;
  weibullShape: number;
  cohortAgeS: number;
  /** Causes with their weights (shares of failures). */
  causes: { name: string; weight: number }[];
  restartOverheadS: number;
  repairS: number;
  /** Spare nodes per pool as a share of its nodes. */
  spareFraction: number;
  checkpoint: {
    /** Fixed interval of work, s; undefined = Young/Daly per job. */
    intervalS?: number;
    mode: "sync" | "async";
    /** Write time of duration jobs, s. */
    writeS: number;
    /** Model jobs: state bytes per parameter and storage bandwidth. */
    bytesPerParam: number;
    storageBytesPerS: number;
  };
}

/** How fast a model-based training job runs in a pool, or why it cannot run there. */
export type TrainingEstimate =
  | {
      fits: true;
      /** Model parameters (for checkpoint size). */
      parameters?: number;
      /** Run time per training token at full clock. */
      secondsPerToken: number;
      clockSensitiveFraction: number;
      mfu: number;
    }
  | { fits: false; reason: string };

/** The performance model, injected by the wiring module. */
export type TrainingEstimator = (
  work: Extract<TrainingWork, { kind: "model" }>,
  pool: PoolConfig,
  accelerators: number,
) => TrainingEstimate;

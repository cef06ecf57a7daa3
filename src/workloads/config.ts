import type { ArrivalConfig } from "./arrivals.js";
import type { DistConfig } from "./distribution.js";

/** A stream of training jobs with given durations (the hardware models come later). */
export interface TrainingStreamConfig {
  name: string;
  /** Accelerators per job (gang size). */
  accelerators: DistConfig;
  /** Run time in seconds once started. */
  durationS: DistConfig;
  /** Arrival times; a single job at 0 when the file gives none. */
  arrivals: ArrivalConfig;
  /** Names of the pools the jobs may run in, in order of preference. */
  pools: readonly string[];
}

/** An inference service with given per-request service times on fixed replicas. */
export interface InferenceServiceConfig {
  name: string;
  pool: string;
  replicas: number;
  acceleratorsPerReplica: number;
  /** Requests one replica serves at once. */
  concurrencyPerReplica: number;
  arrivals: ArrivalConfig;
  serviceTimeS: DistConfig;
  /** Requests that may wait; an arrival that finds the queue full is dropped. */
  queueLimit: number;
  /** End-to-end latency target (s), or undefined. */
  sloLatencyS?: number;
}

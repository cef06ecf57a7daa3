import type { InferenceServiceConfig, TrainingStreamConfig } from "../workloads/index.js";

export interface PoolConfig {
  name: string;
  site: string;
  siteKind: "owned" | "cloud";
  hall?: string;
  /** Catalog id. */
  accelerator: string;
  /** Installed accelerators. */
  count: number;
}

/** Everything the world needs, resolved to seconds and counts. */
export interface DataCenterConfig {
  horizonS: number;
  warmupS: number;
  intervalS: number;
  pools: readonly PoolConfig[];
  training: readonly TrainingStreamConfig[];
  inference: readonly InferenceServiceConfig[];
}

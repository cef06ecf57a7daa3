export { DataCenter, type DataCenterDeps } from "./datacenter.js";
export { InferenceService } from "./inference-service.js";
export type { DataCenterConfig, PoolConfig } from "./config.js";
export type { JobRecord } from "./job.js";
export type { HallPhysics, PoolPhysics, SitePhysics } from "./physics.js";
export type { OwnedSiteConfig, TrainingEstimate, TrainingEstimator } from "./config.js";
export { slowdownAt, type Measured } from "./datacenter.js";
export { highestClock } from "./facility.js";
export { LlmService, type InferenceEstimator, type ReplicaPerformance } from "./llm-service.js";

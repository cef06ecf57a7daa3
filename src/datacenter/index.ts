export { DataCenter, type DataCenterDeps } from "./datacenter.js";
export { InferenceService } from "./inference-service.js";
export type { DataCenterConfig, PoolConfig } from "./config.js";
export type { JobRecord } from "./job.js";

export {
  makeSampler,
  distMax,
  distProblem,
  type DistConfig,
  type Sampler,
} from "./distribution.js";
export { arrivalTimes, type ArrivalConfig } from "./arrivals.js";
export { readCsvColumn, TraceFormatError } from "./trace-csv.js";
export type { TrainingStreamConfig, TrainingWork, InferenceServiceConfig } from "./config.js";

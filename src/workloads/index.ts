export {
  makeSampler,
  distMax,
  distProblem,
  type DistConfig,
  type Sampler,
} from "./distribution.js";
export { arrivalTimes, MONTH_S, type ArrivalConfig } from "./arrivals.js";
export { readCsvColumn, TraceFormatError } from "./trace-csv.js";
export type {
  TrainingStreamConfig,
  TrainingWork,
  TrainingTrace,
  InferenceServiceConfig,
  LlmServiceSpec,
} from "./config.js";
export {
  MOONCAKE_BLOCK_TOKENS,
  parseAzureTrace,
  parseMooncakeTrace,
  type LlmRequestRow,
} from "./llm-trace.js";

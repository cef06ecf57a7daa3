export * from "./batch-means.js";
export { TimeIntegral } from "./time-average.js";
export { quantile, mean, Samples } from "./quantiles.js";
export { SeriesRecorder, type SeriesRow } from "./series.js";
export {
  holm,
  holmDistinct,
  pairedDelta,
  t975,
  tTwoSidedP,
  incompleteBeta,
  type PairedDelta,
} from "./paired.js";

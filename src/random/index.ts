export type { Rng } from "./rng.js";
export { Stream, MAX_INT_RANGE } from "./stream.js";
export { Streams } from "./streams.js";
export { CategoricalSampler, categorical } from "./categorical.js";
export { EmpiricalSampler, empirical, type EmpiricalOptions } from "./empirical.js";
export { gammaFunction, lnGamma } from "./gamma-function.js";

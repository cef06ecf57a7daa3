// Public surface of the performance model: training step time, inference and efficiency data.
export * from "./efficiency.js";
export * from "./efficiency-schema.js";
export * from "./efficiency-catalog.js";
export * from "./arch.js";
export * from "./collectives.js";
export * from "./clock.js";
export * from "./training-plan.js";
export * from "./training-step.js";
export * from "./inference.js";
export * from "./training-calibration.js";

// Thermal model: cooling parameters, the RC model per rack group, recirculation, throttling.
export * from "./cooling-params.js";
export * from "./rc-model.js";
export * from "./recirculation.js";
export * from "./throttle.js";

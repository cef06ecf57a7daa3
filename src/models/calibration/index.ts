// Calibration of inference factors from measurements: CSV, least-squares fit, calibration files.
export * from "./measurements.js";
export * from "./calibration-schema.js";
export * from "./fit.js";
export * from "./apply.js";

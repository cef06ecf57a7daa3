// Power model: accelerators, node overhead, caps, PUE and ambient temperature.
export * from "./figure-file.js";
export * from "./power-params.js";
export * from "./accelerator-power.js";
export * from "./node-overhead.js";
export * from "./power-cap.js";
export * from "./pue.js";
export * from "./ambient.js";

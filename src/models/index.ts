// Public surface of src/models: pure functions over the data in the top-level models/ folder.
export * from "./catalog-schema.js";
export * from "./catalog.js";
export * from "./data-file.js";
export * from "./suggest.js";
export * from "./power/index.js";
export * from "./thermal/index.js";
export * from "./llm-schema.js";
export * from "./llm-catalog.js";
export * from "./performance/index.js";
export * from "./calibration/index.js";
export * from "./reliability.js";
export * from "./cost.js";
export * from "./estimates.js";

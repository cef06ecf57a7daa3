export { Simulator } from "./simulator.js";
export type { EventId, Handler, RunOptions, RunResult, StopReason } from "./simulator.js";

export type { ClusterView, JobView, Placement, PoolView, SchedulerPolicy } from "./policy.js";
export { FifoPolicy } from "./fifo.js";
export { POLICY_FACTORIES, createPolicy, isPolicyKey, type PolicyKey } from "./factory.js";

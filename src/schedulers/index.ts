export type {
  ClusterView,
  Decisions,
  JobView,
  Placement,
  PoolView,
  PowerBudgetView,
  RunningJobView,
  SchedulerPolicy,
} from "./policy.js";
export { FifoPolicy, fifoPass } from "./fifo.js";
export {
  CostAwarePolicy,
  EasyBackfillPolicy,
  HeterogeneityAwarePolicy,
  PowerAwarePolicy,
  PriorityPolicy,
  ThermalAwarePolicy,
} from "./policies.js";
export {
  Ledger,
  applyTake,
  chunks,
  domainSizes,
  fragmentation,
  placeInDomains,
  takeSize,
  type DomainTake,
} from "./placement.js";
export {
  POLICY_FACTORIES,
  POLICY_KEYS,
  createPolicy,
  isPolicyKey,
  type PolicyKey,
} from "./factory.js";

import { FifoPolicy } from "./fifo.js";
import {
  CostAwarePolicy,
  EasyBackfillPolicy,
  HeterogeneityAwarePolicy,
  PowerAwarePolicy,
  PriorityPolicy,
  ThermalAwarePolicy,
} from "./policies.js";
import type { SchedulerPolicy } from "./policy.js";

/** Every policy by its string key (the experiment file's `scheduler.policy`). */
export const POLICY_FACTORIES = {
  fifo: () => new FifoPolicy(),
  "easy-backfill": () => new EasyBackfillPolicy(),
  priority: () => new PriorityPolicy(),
  "heterogeneity-aware": () => new HeterogeneityAwarePolicy(),
  "cost-aware": () => new CostAwarePolicy(),
  "power-aware": () => new PowerAwarePolicy(),
  "thermal-aware": () => new ThermalAwarePolicy(),
} as const satisfies Record<string, () => SchedulerPolicy>;

export type PolicyKey = keyof typeof POLICY_FACTORIES;

export const POLICY_KEYS = Object.keys(POLICY_FACTORIES) as PolicyKey[];

export function isPolicyKey(key: string): key is PolicyKey {
  return Object.hasOwn(POLICY_FACTORIES, key);
}

/** @throws RangeError naming the accepted keys for an unknown key. */
export function createPolicy(key: string): SchedulerPolicy {
  if (!isPolicyKey(key)) {
    throw new RangeError(
      `unknown scheduler policy '${key}'; accepted: ${Object.keys(POLICY_FACTORIES).join(", ")}`,
    );
  }
  return POLICY_FACTORIES[key]();
}

/**
 * The scheduler recipe: a policy reads a read-only view of the cluster and returns decisions.
 * Policies are pure: the same view gives the same decisions, and they change nothing. Every
 * policy is registered under a string key in `factory.ts`; `test/schedulers/contract.test.ts`
 * holds all of them to the same contract.
 */

/** A training job running in a pool. */
export interface RunningJobView {
  readonly id: number;
  readonly accelerators: number;
  readonly priority: number;
  readonly startS: number;
  /** When it ends at the current clocks, s. */
  readonly expectedEndS: number;
  /** Accelerators it holds per scale-up domain, as pairs `[domain, count, ...]` (DomainTake). */
  readonly domains: readonly number[];
}

/** A share of power that several pools draw on (a site's cap, a hall's budget). */
export interface PowerBudgetView {
  readonly key: string;
  /** IT power that may still be added at full clock, W (Infinity when unconstrained). */
  readonly headroomW: number;
}

export interface PoolView {
  readonly name: string;
  /** Accelerator catalog id. */
  readonly accelerator: string;
  /** Installed accelerators. */
  readonly capacity: number;
  /** Accelerators free for training now. */
  readonly free: number;
  /** Accelerators per scale-up domain (NVLink board, NVL72 rack, UltraServer). */
  readonly scaleUpDomain: number;
  /** Free accelerators in each scale-up domain; they sum to `free`. */
  readonly domainFree: readonly number[];
  readonly running: readonly RunningJobView[];
  /** Hottest rack-group temperature now, degC; NaN where heat is not modelled (cloud). */
  readonly tempC: number;
  /** IT power one more busy accelerator adds at full clock, W; NaN where not modelled. */
  readonly fullLoadWPerAccelerator: number;
  /** Keys of the power budgets the pool draws on (see `ClusterView.powerBudgets`). */
  readonly powerBudgets: readonly string[];
  /** Price of one accelerator-hour, USD; NaN when the experiment gives none. */
  readonly usdPerAcceleratorHour: number;
}

export interface JobView {
  readonly id: number;
  /** Gang size: all accelerators must be in one pool. */
  readonly accelerators: number;
  /** Indices into `ClusterView.pools` the job may use, in order of preference. */
  readonly eligiblePools: readonly number[];
  readonly submitS: number;
  /** Higher runs first under the `priority` policy. */
  readonly priority: number;
  /**
   * Full-clock run time still to go in each pool (index as `ClusterView.pools`), s: from the
   * performance model for model jobs (so pools differ), the given duration otherwise; NaN for
   * pools the job may not use.
   */
  readonly remainingS: readonly number[];
}

export interface ClusterView {
  readonly nowS: number;
  readonly pools: readonly PoolView[];
  /** Waiting jobs in submission order. */
  readonly queue: readonly JobView[];
  readonly powerBudgets: readonly PowerBudgetView[];
}

export interface Placement {
  readonly jobId: number;
  /** Index into `ClusterView.pools`. */
  readonly pool: number;
}

export interface Decisions {
  /** Running jobs to stop first; they restart later from their last checkpoint. */
  readonly preempt: readonly number[];
  /** Jobs to start now, in order, and where. */
  readonly start: readonly Placement[];
}

export interface SchedulerPolicy {
  readonly key: string;
  /** True if the policy keeps power within `powerBudgets` at full clock. */
  readonly respectsPowerBudgets: boolean;
  schedule(view: ClusterView): Decisions;
}

/**
 * The scheduler recipe: a policy reads a read-only view of the cluster and returns decisions.
 * Policies are pure: the same view gives the same decisions, and they change nothing.
 */

export interface PoolView {
  readonly name: string;
  /** Installed accelerators. */
  readonly capacity: number;
  /** Accelerators free for training now. */
  readonly free: number;
}

export interface JobView {
  readonly id: number;
  /** Gang size: all accelerators must be in one pool. */
  readonly accelerators: number;
  /** Indices into `ClusterView.pools` the job may use, in order of preference. */
  readonly eligiblePools: readonly number[];
  readonly submitS: number;
}

export interface ClusterView {
  readonly nowS: number;
  readonly pools: readonly PoolView[];
  /** Waiting jobs in submission order. */
  readonly queue: readonly JobView[];
}

export interface Placement {
  readonly jobId: number;
  /** Index into `ClusterView.pools`. */
  readonly pool: number;
}

export interface SchedulerPolicy {
  readonly key: string;
  /** Jobs to start now and where; never more accelerators than a pool has free. */
  schedule(view: ClusterView): Placement[];
}

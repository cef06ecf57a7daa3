/** A training job as the world tracks it; also one row of jobs.csv. */
export interface JobRecord {
  readonly id: number;
  readonly workload: string;
  readonly accelerators: number;
  /** Run time once started (given, not modelled, in this version). */
  readonly durationS: number;
  readonly submitS: number;
  /** NaN until started. */
  startS: number;
  /** NaN until finished. */
  endS: number;
  /** Index of the pool it runs in, or -1. */
  pool: number;
  /** True if no eligible pool could ever hold it (it never queued). */
  rejected: boolean;
  readonly eligiblePools: readonly number[];
}

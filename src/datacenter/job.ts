/** A training job as the world tracks it; also one row of jobs.csv. */
export interface JobRecord {
  readonly id: number;
  readonly workload: string;
  readonly accelerators: number;
  /** Run time at full clock once started: given, or from the performance model for its pool. */
  durationS: number;
  /** Share of the run time that scales with 1/clock. */
  clockSensitiveFraction: number;
  /** Training tokens (model jobs), else NaN. */
  readonly tokens: number;
  /** Model FLOP utilization at full clock in its pool (model jobs), else NaN. */
  mfu: number;
  /** Work done, in seconds of run time at full clock. */
  workDoneS: number;
  /** Wall seconds per second of full-clock work at the current clock (1 at full clock). */
  slowdown: number;
  /** When workDoneS was last brought up to date. */
  progressAtS: number;
  /** Pending end event, for rescheduling when clocks change. */
  endEvent: number;
  readonly submitS: number;
  /** NaN until started. */
  startS: number;
  /** NaN until finished. */
  endS: number;
  /** Index of the pool it runs in, or -1. */
  pool: number;
  /** True if no eligible pool could ever hold it (it never queued). */
  rejected: boolean;
  eligiblePools: readonly number[];
  readonly priority: number;
  /** Accelerators held in each scale-up domain of its pool while running. */
  domains: number[];
  /** Share of its work done and saved at a checkpoint (0 at the first start). */
  savedFraction: number;
  /** Times it was preempted. */
  restarts: number;
  /** Work lost to preemption (done since the last checkpoint), s of full-clock work. */
  lostWorkS: number;
  /** Full-clock run time in each eligible pool (index: pool), NaN where unknown. */
  runtimeS: number[];
  /** Run time without checkpoint overhead in the pool it last started in, s. */
  pureDurationS: number;
  /** Parameters (model jobs), for the checkpoint size; NaN otherwise. */
  parameters: number;
  /** Work between checkpoints, s (NaN: the scheduler's interval). */
  checkpointIntervalS: number;
  /** Interruptions by node failures. */
  interruptions: number;
  /**
   * Useful work banked by finished holds, in full-clock accelerator-seconds of the pool each was
   * done in (work kept at a checkpoint or completed; a restart may land in a faster or slower
   * pool), and the share of the job's work kept at its last checkpoint (where the current hold's
   * useful work starts).
   */
  usefulAccS: number;
  holdStartFraction: number;
  /** Accelerator-seconds held (all starts), and when the current hold began. */
  heldS: number;
  heldSinceS: number;
  /** Accelerator-seconds of finished holds by pool index (a restart may land in another pool). */
  heldByPool: number[];
}

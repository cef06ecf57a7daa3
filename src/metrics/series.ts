/** One value of the long-format time series (timeseries.csv: time,entity,metric,value). */
export interface SeriesRow {
  /** Start of the output interval the value covers, in seconds from the experiment start. */
  timeS: number;
  /** `pool/<name>`, `service/<name>`, `training`, `facility`, ... */
  entity: string;
  metric: string;
  value: number;
}

/** Collects series rows in the order they are recorded (deterministic for a seeded run). */
export class SeriesRecorder {
  readonly rows: SeriesRow[] = [];

  record(timeS: number, entity: string, metric: string, value: number): void {
    this.rows.push({ timeS, entity, metric, value });
  }
}

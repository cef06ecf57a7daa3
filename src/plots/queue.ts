import { stepPhrase } from "./coarsen.js";
import type { TopLevelSpec } from "vega-lite";
import type { SeriesRow } from "./series.js";
import { baseConfig } from "./theme.js";
import {
  VL_SCHEMA,
  closeSteps,
  finiteOrNull,
  hoursOf,
  lastStepH,
  sortPoints,
  timeSubtitle,
  timeX,
  type TimeSeriesSpecOptions,
} from "./timeline.js";

export type QueueSpecOptions = TimeSeriesSpecOptions;

export const QUEUE_DEFAULT_TITLE = "Training jobs queued and running (jobs, time-average)";

/** Entity of the training queue in the timeseries. */
export const TRAINING_ENTITY = "training";

/** Series in legend order with their colours (not pool colours: these are not pools). */
const SERIES: readonly { metric: string; label: string; colour: string }[] = [
  { metric: "queueLength", label: "Queued (waiting)", colour: "#d95f02" },
  { metric: "runningJobs", label: "Running", colour: "#1b9e77" },
];

interface QueuePoint {
  series: string;
  timeH: number;
  value: number | null;
}

/** True when the rows hold the training queue length or running jobs. */
export function hasQueue(rows: readonly SeriesRow[]): boolean {
  return rows.some(
    (r) => r.entity === TRAINING_ENTITY && SERIES.some((s) => s.metric === r.metric),
  );
}

/**
 * Time-averaged number of training jobs waiting in the queue and running, per output interval,
 * as step-after lines. Deterministic: the same rows in any order give a byte-identical JSON spec.
 */
export function queueSpec(rows: readonly SeriesRow[], opts: QueueSpecOptions = {}): TopLevelSpec {
  const points: QueuePoint[] = [];
  for (const row of rows) {
    if (row.entity !== TRAINING_ENTITY) continue;
    const s = SERIES.find((x) => x.metric === row.metric);
    if (s === undefined) continue;
    points.push({ series: s.label, timeH: hoursOf(row.timeS), value: finiteOrNull(row.value) });
  }
  sortPoints(points, ["series", "timeH"]);
  const values = closeSteps(points, (p) => p.series, lastStepH(rows, opts), opts.horizonS);
  const empty = values.length === 0;
  return {
    $schema: VL_SCHEMA,
    title: {
      text: opts.title ?? QUEUE_DEFAULT_TITLE,
      subtitle: timeSubtitle(opts, [
        empty ? "no training queue data" : stepPhrase(opts.intervalsPerStep, "step", true),
      ]),
      anchor: "start",
    },
    width: 720,
    height: 300,
    data: { values },
    mark: { type: "line", interpolate: "step-after", strokeWidth: 1.5, clip: true },
    encoding: {
      x: timeX(empty, "timeH", opts.horizonS),
      y: {
        field: "value",
        type: "quantitative",
        title: "Jobs",
        scale: empty ? { domain: [0, 1] } : { zero: true },
        axis: { tickMinStep: 1 },
      },
      color: {
        field: "series",
        type: "nominal",
        title: "Training jobs",
        scale: { domain: SERIES.map((s) => s.label), range: SERIES.map((s) => s.colour) },
      },
    },
    config: baseConfig(),
  };
}

export { POOL_PREFIX, poolNameOf, poolNames, sortNames, type SeriesRow } from "./series.js";
export { TABLEAU10, poolColours, type PoolColours } from "./colours.js";
export { FONT_FAMILY, baseConfig } from "./theme.js";
export {
  UTILIZATION_DEFAULT_TITLE,
  utilizationSpec,
  type UtilizationSpecOptions,
} from "./utilization.js";
export {
  PlotWarningsError,
  compileSpec,
  plotFontFiles,
  renderSvg,
  svgToPng,
  type CompiledSpec,
  type SvgToPngOptions,
} from "./render.js";
export { writePlot } from "./write-plot.js";
export { MAX_PLOT_STEPS, coarsenRows, stepPhrase } from "./coarsen.js";
export {
  reportHtml,
  escapeHtml,
  plotFigures,
  type ReportInput,
  type ReportPlot,
} from "./report.js";
export { embedLibraries, inlineScriptText, type EmbedLibraries } from "./embed-libs.js";
export {
  SITE_PALETTE,
  SITE_PREFIX,
  siteColours,
  siteNameOf,
  siteNames,
  type TimeSeriesSpecOptions,
} from "./timeline.js";
export {
  POWER_DEFAULT_TITLE,
  POWER_SERIES,
  hasPower,
  powerSpec,
  type PowerSpecOptions,
} from "./power.js";
export {
  PUE_AMBIENT_DEFAULT_TITLE,
  PUE_DEFAULT_TITLE,
  hasPue,
  pueSpec,
  type PueSpecOptions,
} from "./pue.js";
export {
  TEMPERATURE_DEFAULT_TITLE,
  hasTemperature,
  temperatureSpec,
  type TemperatureSpecOptions,
} from "./temperature.js";
export {
  QUEUE_DEFAULT_TITLE,
  TRAINING_ENTITY,
  hasQueue,
  queueSpec,
  type QueueSpecOptions,
} from "./queue.js";
export {
  WAIT_ECDF_DEFAULT_TITLE,
  WORKLOAD_PALETTE,
  hasWaitEcdf,
  waitEcdfSpec,
  type JobRow,
  type WaitEcdfSpecOptions,
} from "./wait-ecdf.js";
export {
  POOL_POWER_DEFAULT_TITLE,
  hasPoolPower,
  poolPowerSpec,
  type PoolPowerSpecOptions,
} from "./pool-power.js";
export {
  SWEEP_HEADLINE_METRICS,
  axisValueLabel,
  axisValuesOf,
  compareAxisValues,
  defaultSweepPlots,
  hasSweepPlot,
  metricLabel,
  sortSweepRuns,
  sweepAxes,
  sweepHeadlineMetrics,
  sweepSpec,
  type MetricLabel,
  type SweepAxisValue,
  type SweepPlotChoice,
  type SweepRunRow,
  type SweepSpecOptions,
} from "./sweep.js";
export { runReportHref, sweepReportHtml, type SweepReportInput } from "./sweep-report.js";
export { LATENCY_DEFAULT_TITLE, hasLatency, latencySpec } from "./latency.js";
export {
  COST_DEFAULT_TITLE,
  COST_ENTITY,
  costSpec,
  hasCost,
  type CostSpecOptions,
} from "./cost.js";

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
export { reportHtml, escapeHtml, type ReportInput, type ReportPlot } from "./report.js";

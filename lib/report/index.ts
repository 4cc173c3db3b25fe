// d.report: the HTML training report (summary tables and SVG charts drawn with Vega-Lite in Node,
// self-contained: no script, nothing fetched) for one run and for an optimizer comparison.
export { renderRunReport } from './run-report';
export { renderComparisonReport } from './comparison-report';
export type { ReportOptions } from './report-options';
export { writeReport } from './write-report';
export { renderChartSvg } from './chart-svg';
export type { VegaLiteSpec, ChartRenderOptions } from './chart-svg';
export { lttbIndices, downsampleSeries, DEFAULT_MAX_POINTS } from './downsample';
export type { LogScaleOption } from './line-chart';
export type {
  RunRecord, StepRecord, EpochRecord, RunFinal, ModelDescription, OptimizerDescription, DataDescription, OptionValue,
  ComparisonRecord, ComparisonRun, ComparisonEpoch, ComparisonFinal,
} from './records';

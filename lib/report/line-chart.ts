// The one chart kind of the reports: lines of (x, y) points, one per series, with axis titles, a
// legend when there is more than one series, a log y axis when asked, and every series capped at
// maxPoints by LTTB (computed in log10(y) when the axis is logarithmic, so the kept points are the
// ones that matter on the drawn scale).
import type { VegaLiteSpec } from './chart-svg';
import { DEFAULT_MAX_POINTS, downsampleSeries } from './downsample';

export interface SeriesPoint {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: SeriesPoint[];
}

/** `'auto'`: logarithmic when every value is positive and the largest is at least 100 times the smallest. */
export type LogScaleOption = boolean | 'auto';

export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: Series[];
  /** Default false. */
  logY?: LogScaleOption;
  /** Title of the legend (shown when there are two or more series); default none. */
  legendTitle?: string | null;
  /** Whole-number ticks on the x axis (epochs). Default false. */
  xInteger?: boolean;
  /** d3 number format of the y axis labels, for example `'.0%'`. */
  yFormat?: string;
  /** Draw a point at each datum (for short per-epoch series). Default: when no series has more than 60 points. */
  points?: boolean;
  /** Cap on the points drawn per series. Default 2,000. */
  maxPoints?: number;
  width?: number;
  height?: number;
}

export interface LineChart {
  spec: VegaLiteSpec;
  /** Whether the y axis came out logarithmic. */
  logY: boolean;
  /** Number of series (lines). */
  seriesCount: number;
  /** Points of the longest series before downsampling, and the most drawn for one series. */
  pointsIn: number;
  pointsDrawn: number;
}

const AUTO_LOG_RATIO = 100;

/** Whether a y axis over these values should be logarithmic. */
export function useLogScale(values: readonly number[], option: LogScaleOption): boolean {
  if (option === false || values.length === 0) return false;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo > 0)) return false; // a log axis cannot show zero or negative values
  return option === true || hi / lo >= AUTO_LOG_RATIO;
}

/** Shared look: system sans-serif font (nothing to fetch), light grid, legend on top. */
export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  background: 'white',
  view: { stroke: '#d0d0d0' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333', gridColor: '#ececec' },
  legend: { orient: 'top', labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', symbolStrokeWidth: 2, labelLimit: 240 },
  title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', color: '#222', offset: 8 },
  line: { strokeWidth: 1.6 },
} as const;

/** A Vega-Lite line chart of the given series (non-finite points are left out). */
export function lineChart(o: LineChartOptions): LineChart {
  const maxPoints = o.maxPoints ?? DEFAULT_MAX_POINTS;
  const finite = o.series.map((s) => ({ name: s.name, points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)) }));
  const logY = useLogScale(finite.flatMap((s) => s.points.map((p) => p.y)), o.logY ?? false);
  const yOf = logY ? (p: SeriesPoint) => Math.log10(p.y) : (p: SeriesPoint) => p.y;
  const drawn = finite.map((s) => ({ name: s.name, points: downsampleSeries(s.points, (p) => p.x, yOf, maxPoints) }));
  const values = drawn.flatMap((s) => s.points.map((p) => ({ x: p.x, y: p.y, series: s.name })));
  const several = o.series.length > 1;
  const showPoints = o.points ?? drawn.every((s) => s.points.length <= 60);
  const y: Record<string, unknown> = {
    field: 'y',
    type: 'quantitative',
    title: o.yTitle,
    scale: logY ? { type: 'log' } : { zero: false },
  };
  if (o.yFormat !== undefined) y.axis = { format: o.yFormat };
  const encoding: Record<string, unknown> = {
    x: {
      field: 'x',
      type: 'quantitative',
      title: o.xTitle,
      scale: { zero: false, nice: false },
      ...(o.xInteger === true ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
    },
    y,
  };
  if (several) {
    encoding.color = {
      field: 'series',
      type: 'nominal',
      title: o.legendTitle ?? null,
      sort: o.series.map((s) => s.name),
      scale: { scheme: o.series.length > 10 ? 'category20' : 'tableau10' },
    };
  }
  const spec = {
    description: o.title,
    title: o.title,
    width: o.width ?? 560,
    height: o.height ?? 240,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', clip: true, point: showPoints ? { size: 18, filled: true } : false },
    encoding,
  };
  return {
    spec,
    logY,
    seriesCount: o.series.length,
    pointsIn: Math.max(0, ...finite.map((s) => s.points.length)),
    pointsDrawn: Math.max(0, ...drawn.map((s) => s.points.length)),
  };
}

// Line charts turned into the figures of a page: each rendered to SVG, with a caption that says
// how it was drawn.
import { renderChartSvg } from './chart-svg';
import type { ChartRenderOptions } from './chart-svg';
import { formatNumber } from './format';
import type { Figure } from './html-page';
import type { LineChart } from './line-chart';

export interface ChartEntry {
  id: string;
  title: string;
  chart: LineChart;
  caption?: string;
}

/** Caption text saying how the chart was drawn (downsampling, log axis), after any `extra` remarks. */
export function chartCaption(chart: LineChart, extra: readonly string[] = []): string | undefined {
  const unit = chart.seriesCount > 1 ? 'points per line' : 'points';
  const parts = [...extra];
  if (chart.pointsDrawn < chart.pointsIn) {
    parts.push(`${formatNumber(chart.pointsDrawn)} of ${formatNumber(chart.pointsIn)} ${unit} drawn (Largest-Triangle-Three-Buckets downsampling)`);
  }
  if (chart.logY) parts.push('log scale');
  if (parts.length === 0) return undefined;
  const text = parts.join('; ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** Renders the charts one after the other (each Vega view is finalized before the next). */
export async function renderFigures(charts: readonly ChartEntry[], options: ChartRenderOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const c of charts) {
    figures.push({ id: c.id, title: c.title, svg: await renderChartSvg(c.chart.spec, options), caption: c.caption });
  }
  return figures;
}

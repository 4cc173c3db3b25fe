// Options shared by the run and comparison reports.
import type { ChartRenderOptions } from './chart-svg';
import type { LogScaleOption } from './line-chart';

export interface ReportOptions extends ChartRenderOptions {
  /**
   * Cap on the points drawn per line. Longer series (per-step curves of long runs) are reduced by
   * Largest-Triangle-Three-Buckets, which keeps the first and last points and the spikes; the
   * summary numbers always use every value. Default 2,000.
   */
  maxPoints?: number;
  /** Log y axis for the loss charts: true, false, or 'auto' (when the loss spans 100x or more). Default 'auto'. */
  logScale?: LogScaleOption;
  /**
   * Factor β of the debiased moving average drawn over the per-step loss, in [0, 1); 0 draws no
   * average. Drawn only when there are at least 20 steps. Default 0.9.
   */
  smoothing?: number;
}

/** Throws when an option is out of range, naming the operation. */
export function checkReportOptions(op: string, o: ReportOptions): void {
  if (o.maxPoints !== undefined && (!Number.isInteger(o.maxPoints) || o.maxPoints < 3)) {
    throw new RangeError(`${op}: maxPoints must be an integer >= 3, got ${o.maxPoints}`);
  }
  if (o.smoothing !== undefined && !(o.smoothing >= 0 && o.smoothing < 1)) {
    throw new RangeError(`${op}: smoothing must be in [0, 1), got ${o.smoothing}`);
  }
  if (o.logScale !== undefined && o.logScale !== true && o.logScale !== false && o.logScale !== 'auto') {
    throw new RangeError(`${op}: logScale must be true, false or 'auto', got ${String(o.logScale)}`);
  }
}

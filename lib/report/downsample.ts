// Downsampling a line for drawing: Largest-Triangle-Three-Buckets (S. Steinarsson, "Downsampling
// Time Series for Visual Representation", MSc thesis, University of Iceland, 2013).
//
// The first and last points are kept; the points between are split into (threshold - 2) buckets
// of equal count, and from each bucket the point kept is the one forming the largest triangle with
// the point kept from the previous bucket and the mean of the next bucket. Unlike taking every
// k-th point, this keeps spikes (a loss blow-up, a gradient-norm burst) visible.

/** The default cap on the points of one series in a chart. */
export const DEFAULT_MAX_POINTS = 2000;

/**
 * Indices (increasing) of at most `threshold` points of the series `(x[i], y[i])` chosen by LTTB.
 * All indices when the series is no longer than `threshold`. x should be increasing; values must
 * be finite.
 */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, threshold: number): number[] {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`lttbIndices: x has ${n} values but y has ${y.length}`);
  if (!Number.isInteger(threshold) || threshold < 3) {
    throw new RangeError(`lttbIndices: threshold must be an integer >= 3, got ${threshold}`);
  }
  if (n <= threshold) return Array.from({ length: n }, (_, i) => i);

  const kept: number[] = [0];
  const bucketSize = (n - 2) / (threshold - 2);
  let a = 0;
  for (let b = 0; b < threshold - 2; b++) {
    const start = Math.floor(b * bucketSize) + 1;
    const end = Math.floor((b + 1) * bucketSize) + 1;
    // Mean of the next bucket (the last point when this is the last bucket).
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((b + 2) * bucketSize) + 1, n);
    let meanX = 0;
    let meanY = 0;
    if (b === threshold - 3) {
      meanX = x[n - 1];
      meanY = y[n - 1];
    } else {
      for (let j = nextStart; j < nextEnd; j++) {
        meanX += x[j];
        meanY += y[j];
      }
      meanX /= nextEnd - nextStart;
      meanY /= nextEnd - nextStart;
    }
    // Twice the triangle area (the factor does not change the argmax).
    let best = start;
    let bestArea = -1;
    const ax = x[a];
    const ay = y[a];
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - meanX) * (y[j] - ay) - (ax - x[j]) * (meanY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return kept;
}

/** At most `maxPoints` of `points`, chosen by LTTB on (x(p), y(p)); the same array when it is short enough. */
export function downsampleSeries<T>(points: readonly T[], x: (p: T) => number, y: (p: T) => number, maxPoints = DEFAULT_MAX_POINTS): T[] {
  if (points.length <= maxPoints) return points.slice();
  const idx = lttbIndices(points.map(x), points.map(y), maxPoints);
  return idx.map((i) => points[i]);
}

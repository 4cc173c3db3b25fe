// Smoothing a noisy per-step curve for display: an exponential moving average with the start-up
// bias removed, m_t = β m_{t-1} + (1 − β) x_t, shown as m_t / (1 − β^t) (the correction of Adam,
// Kingma & Ba 2015, Alg. 1), so the first points are not pulled towards zero.

/** The debiased exponential moving average of `values` with factor `beta` in [0, 1). Non-finite values are skipped (NaN out). */
export function debiasedEma(values: readonly number[], beta: number): number[] {
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`debiasedEma: beta must be in [0, 1), got ${beta}`);
  const out = new Array<number>(values.length);
  let m = 0;
  let power = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    m = beta * m + (1 - beta) * v;
    power *= beta;
    out[i] = m / (1 - power);
  }
  return out;
}

// Timing helpers: medians of repeated samples, each long enough to swamp timer noise.
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median time in ms of one call of fn over `samples` samples; each sample repeats fn enough
 * times to last at least minSampleMs. Warms up first.
 */
export function timeCall(fn: () => void, samples = 7, minSampleMs = 20): number {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = nowMs();
    for (let i = 0; i < reps; i++) fn();
    const dt = nowMs() - t0;
    if (dt >= minSampleMs || reps >= 1 << 20) break;
    reps = Math.max(reps * 2, Math.ceil((reps * minSampleMs) / Math.max(dt, 1e-3)));
  }
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = nowMs();
    for (let i = 0; i < reps; i++) fn();
    times.push((nowMs() - t0) / reps);
  }
  return median(times);
}

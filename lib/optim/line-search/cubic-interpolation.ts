// The step that minimizes the cubic interpolating φ and φ' at two steps (Nocedal & Wright,
// eq. 3.59), the trial step of the strong Wolfe search's extrapolation and zoom.

/**
 * The minimizer of the cubic through (a, φa, φ'a) and (b, φb, φ'b), clamped to [lo, hi]
 * (default: the interval between a and b); the middle of [lo, hi] when the cubic has no local
 * minimizer (d₁² < φ'a·φ'b). With r the right end of the pair and l the left one:
 *   d₁ = φ'a + φ'b − 3(φa − φb)/(a − b),  d₂ = √(d₁² − φ'a·φ'b),
 *   α = r − (r − l)·(φ'r + d₂ − d₁)/(φ'r − φ'l + 2d₂).
 */
export function cubicMinimizer(
  a: number, fa: number, ga: number, b: number, fb: number, gb: number, bounds?: readonly [number, number],
): number {
  const [lo, hi] = bounds ?? (a <= b ? [a, b] : [b, a]);
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const d2Square = d1 * d1 - ga * gb;
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2Square);
  // Written from the right end, where the formula's d₂ takes the positive root.
  const [l, gl, r, gr] = a <= b ? [a, ga, b, gb] : [b, gb, a, ga];
  const alpha = r - (r - l) * ((gr + d2 - d1) / (gr - gl + 2 * d2));
  return Math.min(Math.max(alpha, lo), hi);
}

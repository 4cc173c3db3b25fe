// Linear conjugate gradients on the quadratic model of Hessian-free optimization (Martens 2010,
// "Deep learning via Hessian-free optimization", §4):
//   minimize φ(x) = ½xᵀBx + gᵀx   (B = curvature + λI, symmetric; solves Bx = −g)
// from a warm start x₀, with the residual r = Bx + g and, at no extra cost, φ(x) = ½xᵀ(r + g).
// Iteration i:  α = rᵀr / dᵀBd,  x ← x + αd,  r ← r + αBd,  β = r'ᵀr' / rᵀr,  d ← −r + βd.
// Stops (Martens' relative-progress test) once i > k = max(10, ⌈0.1·i⌉), φ(xᵢ) < 0 and
//   (φ(xᵢ) − φ(x_{i−k})) / φ(xᵢ) < k·ε,
// or when the residual vanishes, B shows non-positive curvature along d, or maxIter is reached.
// Iterates at i = ⌈γʲ⌉ (γ = 1.3) and the last one are kept for CG backtracking. A warm start
// with φ(x₀) > 0 (worse than x = 0) is replaced by x₀ = 0.
import { axpy, copyOf, dot, norm2, scaled, scal } from '../../linalg/level1';
import { zerosOf } from '../../tensor/raw/alloc';
import { Tensor } from '../../tensor/tensor';
import { LinearOperator } from '../curvature/curvature-operator';

export interface CgIterate {
  /** The CG iteration that produced x (0: the warm start). */
  iteration: number;
  x: Tensor;
  /** φ(x) = ½xᵀBx + gᵀx. */
  phi: number;
}

export interface CgResult {
  /** Kept iterates, in iteration order; the last one is the final iterate. */
  iterates: CgIterate[];
  /** B·v products used. */
  products: number;
  iterations: number;
  /** Why CG stopped. */
  reason: 'progress' | 'residual' | 'negativeCurvature' | 'maxIter';
}

export interface CgOptions {
  maxIter: number;
  /** Martens' ε of the relative-progress test. */
  progressTolerance: number;
  /** Growth factor γ of the kept-iterate schedule. */
  storeRatio: number;
}

/** Runs CG on B·x = −g from x0 (float64 vectors). */
export function truncatedCg(b: LinearOperator, g: Tensor, x0: Tensor | null, opts: CgOptions): CgResult {
  const n = g.numel();
  let products = 0;
  const x = x0 === null ? zerosOf([n], 'float64') : copyOf(x0, 'float64');
  let r: Tensor;
  if (x0 === null || norm2(x) === 0) {
    r = copyOf(g, 'float64');
  } else {
    r = b.apply(x);
    products++;
    axpy(1, g, r);
  }
  const phiOf = () => 0.5 * (dot(x, r) + dot(x, g));
  const phis: number[] = [phiOf()];
  const iterates: CgIterate[] = [{ iteration: 0, x: copyOf(x), phi: phis[0] }];
  if (phis[0] > 0) {
    x.values().fill(0);
    r = copyOf(g, 'float64');
    phis[0] = 0;
    iterates[0] = { iteration: 0, x: copyOf(x), phi: 0 };
  }
  const d = scaled(-1, r);
  let rr = dot(r, r);
  const gnorm = norm2(g);
  // The kept-iterate schedule: the next ⌈γʲ⌉ above the current iteration.
  let power = 0;
  const nextAfter = (iteration: number) => {
    while (Math.ceil(Math.pow(opts.storeRatio, power)) <= iteration) power++;
    return Math.ceil(Math.pow(opts.storeRatio, power));
  };
  let nextStore = nextAfter(0);
  let reason: CgResult['reason'] = 'maxIter';
  let i = 0;
  while (i < opts.maxIter) {
    if (Math.sqrt(rr) <= 1e-14 * gnorm || rr === 0) {
      reason = 'residual';
      break;
    }
    const bd = b.apply(d);
    products++;
    const curvature = dot(d, bd);
    if (!(curvature > 0)) {
      reason = 'negativeCurvature';
      break;
    }
    i++;
    const alpha = rr / curvature;
    axpy(alpha, d, x);
    axpy(alpha, bd, r);
    const rrNext = dot(r, r);
    scal(rrNext / rr, d);
    axpy(-1, r, d);
    rr = rrNext;
    const phi = phiOf();
    phis.push(phi);
    if (i >= nextStore) {
      iterates.push({ iteration: i, x: copyOf(x), phi });
      nextStore = nextAfter(i);
    }
    const k = Math.max(10, Math.ceil(0.1 * i));
    if (i > k && phi < 0 && (phi - phis[i - k]) / phi < k * opts.progressTolerance) {
      reason = 'progress';
      break;
    }
  }
  const last = iterates[iterates.length - 1];
  if (last.iteration !== i) iterates.push({ iteration: i, x: copyOf(x), phi: phis[i] });
  return { iterates, products, iterations: i, reason };
}

// Triangular solves with one or several right-hand sides (float64 native kernel,
// native/kernels/linalg/triangular_solve.h: blocked substitution with gemm updates).
import { describe } from '../tensor/raw/operands';
import { castRaw } from '../tensor/raw/copy';
import { Tensor } from '../tensor/tensor';
import * as kernels from '../kernels';
import {
  expectFinite, expectRightHandSide, expectSameDType, expectSquare, Float64Matrix, floatTensor, inDType, ownedMatrix,
  matrixDescriptor, readMatrix,
} from './operands';

export interface SolveTriangularOptions {
  /** a is lower triangular (true, the default) or upper triangular (false). */
  lower?: boolean;
  /** Solve aᵀ·x = b instead of a·x = b. Default false. */
  transpose?: boolean;
  /** Take a's diagonal as all ones (it is then not read). Default false. */
  unitDiagonal?: boolean;
}

function flag(
  opts: Record<string, unknown>, name: keyof SolveTriangularOptions, fallback: boolean, op: string,
): boolean {
  const v = opts[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new TypeError(`${op}: opts.${name} must be a boolean, got ${describe(v)}`);
  return v;
}

/**
 * Solves op(a)·x = b for x, a [n, n] triangular (op(a) = a, or aᵀ with `transpose`), b [n] or
 * [n, k]; the result has b's shape and dtype. Options (defaults): `lower` = true, `transpose` =
 * false, `unitDiagonal` = false.
 *
 * Only the named triangle of a is read (its diagonal too unless `unitDiagonal`). a and b must
 * have the same dtype; float32 is computed in float64. Not differentiable; the inputs are not
 * modified. Throws a RangeError for a zero on the diagonal (the matrix is singular) and for a
 * NaN or infinity among the entries read.
 */
export function solveTriangular(a: Tensor, b: Tensor, opts: SolveTriangularOptions = {}): Tensor {
  const op = 'solveTriangular';
  if (opts === null || typeof opts !== 'object') {
    throw new TypeError(`${op}: opts must be an object, got ${describe(opts)}`);
  }
  const o = opts as Record<string, unknown>;
  let lower = flag(o, 'lower', true, op);
  let transpose = flag(o, 'transpose', false, op);
  const unitDiagonal = flag(o, 'unitDiagonal', false, op);
  const at = floatTensor(a, op, 'a');
  const bt = floatTensor(b, op, 'b');
  expectSameDType(at, bt, op);
  const n = expectSquare(at, op, 'a');
  expectRightHandSide(bt, n, op);

  // A transposed view of a row-major matrix (a.T) is read in place: op(a) = op'(stored) with the
  // triangle and the transpose flag both flipped.
  let am: Float64Matrix;
  if (at.dtype === 'float64' && n > 1 && at.strides[0] === 1 && at.strides[1] >= n) {
    am = { data: at.storage.data as Float64Array, offset: at.offset, rows: n, cols: n, ld: at.strides[1] };
    lower = !lower;
    transpose = !transpose;
  } else {
    am = readMatrix(at);
  }
  const triangle = unitDiagonal ? (lower ? 'strictLower' : 'strictUpper') : lower ? 'lower' : 'upper';
  expectFinite(am, triangle, op, 'a');
  const x = castRaw(bt, 'float64');
  const xm = ownedMatrix(x);
  expectFinite(xm, 'full', op, 'b', bt.ndim === 1);
  if (x.numel() === 0) return inDType(x, bt.dtype);
  const zero = kernels.triangularSolve({ lower, transpose, unitDiagonal, a: matrixDescriptor(am), b: matrixDescriptor(xm) });
  if (zero !== 0) {
    throw new RangeError(`${op}: the matrix is singular (zero on its diagonal at [${zero - 1}, ${zero - 1}])`);
  }
  return inDType(x, bt.dtype);
}

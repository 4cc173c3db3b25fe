// d.linalg: small dense linear algebra in float64 (ARCHITECTURE decision 10) for second-order
// methods and curvature diagnostics. None of these functions is differentiable: results never
// require grad, and inputs are never modified.
export { cholesky, tryCholesky, choleskySolve } from './cholesky';
export { solveTriangular } from './triangular';
export type { SolveTriangularOptions } from './triangular';
export { eigh, eighTridiagonal } from './eigh';
export type { EighResult } from './eigh';

// d.linalg: small dense linear algebra in float64 (docs/ARCHITECTURE.md, decision 10) for
// second-order methods and curvature diagnostics. None of these functions is differentiable:
// results never require grad, and inputs are never modified. The level-1 operations on flat
// vectors those methods use (level1.ts) live beside them, inside the library only.
export { cholesky, tryCholesky, choleskySolve } from './cholesky';
export { solveTriangular } from './triangular';
export type { SolveTriangularOptions } from './triangular';
export { eigh, eighTridiagonal } from './eigh';
export type { EighResult } from './eigh';

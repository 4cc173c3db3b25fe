// d.optim.curvature: the curvature of a loss from exact curvature-vector products — extreme
// eigenvalues (power iteration, Lanczos), the dense spectrum of small models, the
// ill-conditioning test, and the operator itself (Hessian or Gauss–Newton).
export { CurvatureOperator } from './curvature-operator';
export type { CurvatureKind, CurvatureClosureResult, OutputAndLoss, LinearOperator } from './curvature-operator';
export { curvatureOperator, extremeEigenvalues, spectrum, illConditioning, DENSE_CURVATURE_MAX_PARAMETERS } from './diagnostics';
export type { CurvatureOptions, ExtremeEigenvalueOptions, ExtremeEigenvalues, SpectrumOptions, Spectrum, IllConditioning } from './diagnostics';
export { powerIteration } from './power-iteration';
export type { PowerIterationOptions, PowerIterationResult } from './power-iteration';
export { lanczos } from './lanczos';
export type { LanczosOptions, LanczosResult } from './lanczos';

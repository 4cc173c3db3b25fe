// d.optim.lineSearch: one-dimensional searches along a descent direction, usable on their own
// (on φ(α) or on a vector problem) and by the methods' `lineSearch` option.
export { strongWolfe } from './strong-wolfe';
export type { StrongWolfeOptions } from './strong-wolfe';
export { armijo } from './armijo';
export type { ArmijoOptions } from './armijo';
export { exactQuadraticStep, quadraticCurvature } from './exact-quadratic';
export type { ExactStepOptions } from './exact-quadratic';
export { cubicMinimizer } from './cubic-interpolation';
export { alongLine, LINE_SEARCH_NAMES } from './line-function';
export type { LineFunction, LinePoint, LineProblem, LineSearchName, LineSearchResult, Objective } from './line-function';

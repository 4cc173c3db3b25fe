// d.autograd: the engine's public entry points (lib/autograd) with the tools built on the engine
// and the ops: finite-difference checks and exact higher-order products.
export { grad } from '../autograd/backward';
export type { GradOptions, BackwardOptions } from '../autograd/backward';
export { Function } from '../autograd/function';
export { Context } from '../autograd/node';
export { detectAnomaly } from '../autograd/anomaly';
export { registeredOps } from '../autograd/registry';
export type { OpInfo } from '../autograd/registry';
export { gradcheck, gradgradcheck } from './gradcheck';
export type { GradcheckOptions } from './gradcheck';
export { hvp, jvp, hessian } from './functional';

// d.autograd: the public face of the autodiff machinery.
export { grad } from './backward';
export type { GradOptions, BackwardOptions } from './backward';
export { Function } from './function';
export { Context } from './node';
export { detectAnomaly } from './anomaly';
export { registeredOps } from './registry';
export type { OpInfo } from './registry';
export { gradcheck, gradgradcheck } from './gradcheck';
export type { GradcheckOptions } from './gradcheck';
export { hvp, jvp, hessian } from './functional';

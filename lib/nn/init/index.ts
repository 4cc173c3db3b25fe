// d.nn.init: in-place initializers. Each writes its tensor (any view, float32 or float64)
// inside noGrad, bumps its storage version like any in-place write, and returns it; the random
// ones take { generator } and give the same bits for the same seed.
export type { InitOptions } from './write';
export { calculateFanInAndFanOut } from './fan';
export type { Fans, FanMode } from './fan';
export { calculateGain } from './gain';
export type { Nonlinearity } from './gain';
export { zeros_, ones_, constant_, uniform_, normal_, truncatedNormal_ } from './basic';
export { varianceScaling_ } from './variance-scaling';
export type { VarianceScalingOptions, ScalingDistribution } from './variance-scaling';
export { glorotUniform_, glorotNormal_ } from './glorot';
export type { GainOptions } from './glorot';
export { heUniform_, heNormal_ } from './he';
export type { HeOptions } from './he';
export { lecunUniform_, lecunNormal_ } from './lecun';
export { uniformFanIn_, linearDefault_ } from './fan-in-uniform';
export { activationInit_ } from './activation-table';
export type { TableActivation } from './activation-table';
export { orthogonal_ } from './orthogonal';
export { identity_ } from './identity';
export type { IdentityOptions } from './identity';
export { sparse_ } from './sparse';
export type { SparseOptions } from './sparse';
export { constantBias_, softmaxBias_, sigmoidBias_ } from './bias';

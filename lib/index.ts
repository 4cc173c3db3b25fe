// descent: native-accelerated deep-learning training for Node.js. The public API, re-exported;
// nothing is defined here. The two side-effect imports complete the tensor: its fluent methods
// and the derivatives of the ops (docs/ARCHITECTURE.md, layers).
import './ops/tensor-methods';
import './derivatives/index';
export { Tensor } from './tensor/tensor';
export type { NestedArray, Operand } from './tensor/tensor';
export type { DType, TypedArray } from './tensor/dtype';
export {
  tensor, fromArray, zeros, ones, full, eye, arange, linspace, rand, randn, randint, randperm,
  zerosLike, onesLike, fullLike,
} from './tensor/creation';
export type { TensorOptions, RandomOptions } from './tensor/creation';
export { RandomGenerator, manualSeed, getDefaultGenerator } from './tensor/random';
export type { GeneratorState } from './tensor/random';
export { setNumThreads, getNumThreads, getSimd, setSimd } from './tensor/runtime';
export type { SimdName } from './tensor/runtime';
export { memory, tidy, keep } from './tensor/memory';
export type { MemoryInfo } from './tensor/memory';

export {
  add, sub, mul, div, pow, maximum, minimum, neg, abs, sign, square, reciprocal, exp, log, sqrt, rsqrt, clamp,
} from './ops/arithmetic';
export { relu, sigmoid, tanh, softplus, leakyRelu, elu, softmax, logSoftmax } from './ops/activation';
export type { SoftplusOptions } from './ops/activation';
export { eq, ne, lt, le, gt, ge } from './ops/comparison';
export { sum, mean, max, min, variance as var, argmax, argmin } from './ops/reduction';
export type { VarOptions } from './ops/reduction';
export { matmul, dot } from './ops/matmul';
export {
  contiguous, transpose, permute, reshape, flatten, squeeze, unsqueeze, expand, slice, concat, stack,
} from './ops/shape';
export { gather, indexSelect, where } from './ops/indexing';
export { add_, sub_, mul_, div_, copy_, fill_, clamp_ } from './ops/inplace';
export { to, clone } from './ops/conversion';
export { narrow } from './ops/shape';

export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode';
export * as autograd from './calculus/index';
export * as nn from './nn/index';
export * as optim from './optim/index';
export * as linalg from './linalg/index';
export * as data from './data/index';
export * as train from './train/index';
export * as report from './report/index';
export * as strategies from './strategies/index';
export { save, saveSync, load, loadSync } from './checkpoint/index';
export type { CheckpointContents, LoadTargets, LoadedCheckpoint, Stateful, SavableModel, LoadableModel, CheckpointGenerators } from './checkpoint/index';
export * as safetensors from './checkpoint/safetensors/index';

// d.nn: modules, layers, functional forms, losses and initializers.
export { Module } from './module';
export type { ForwardHook, ForwardPreHook, HookHandle, LoadResult, FlatParameters } from './module';
export { Parameter } from './parameter';
export { Linear } from './layers/linear';
export type { LinearOptions } from './layers/linear';
export { Sequential, ModuleList } from './layers/containers';
export { ReLU, LeakyReLU, ELU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax } from './layers/activations';
export { Flatten } from './layers/flatten';
export { Dropout } from './layers/dropout';
export { BatchNorm1d, GroupNorm } from './layers/normalization';
export type { BatchNormOptions, GroupNormOptions } from './layers/normalization';
export * as init from './init/index';
export * as functional from './functional/index';
export * as utils from './utils/index';
export * from './losses/index';

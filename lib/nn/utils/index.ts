// d.nn.utils: gradient clipping and norms, parameters as a vector.
export { clipGradNorm, clipGradValue, gradNorm, gradNorms, tensorNorm } from './grad-norm';
export { parametersToVector, vectorToParameters } from './vector';

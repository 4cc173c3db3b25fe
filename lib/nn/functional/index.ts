// d.nn.functional: the layers' operations as functions.
export { linear } from './linear';
export { dropout } from '../layers/dropout';
export { mseLoss, l1Loss, huberLoss, crossEntropy, nllLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits } from '../losses/index';
export { batchNorm } from './batch-norm';
export type { BatchNormOptions as BatchNormFunctionalOptions } from './batch-norm';
export { groupNorm } from './group-norm';

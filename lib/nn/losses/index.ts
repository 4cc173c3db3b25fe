// Loss functions (d.nn.*Loss) and their module forms, plus the weight penalty.
export { mseLoss, MSELoss } from './mse';
export type { MSELossOptions } from './mse';
export { l1Loss, L1Loss } from './l1';
export type { L1LossOptions } from './l1';
export { huberLoss, HuberLoss } from './huber';
export type { HuberLossOptions } from './huber';
export { crossEntropy, CrossEntropyLoss } from './cross-entropy';
export type { CrossEntropyLossOptions } from './cross-entropy';
export { nllLoss, NLLLoss } from './nll';
export type { NLLLossOptions } from './nll';
export { binaryCrossEntropy, BCELoss } from './binary-cross-entropy';
export type { BCELossOptions } from './binary-cross-entropy';
export { binaryCrossEntropyWithLogits, BCEWithLogitsLoss } from './binary-cross-entropy-with-logits';
export type { BCEWithLogitsLossOptions } from './binary-cross-entropy-with-logits';
export { weightPenalty } from './weight-penalty';
export type { WeightPenaltyOptions } from './weight-penalty';
export type { Reduction, ReductionOptions } from './reduction';

// d.optim.swa: Polyak/EMA weight averaging and batch-norm statistics for averaged weights.
export { AveragedModel } from './averaged-model';
export type { AveragedModelOptions } from './averaged-model';
export { updateBn } from './update-bn';
export { SWALR } from './swalr';

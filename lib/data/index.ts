// d.data: datasets, samplers and the DataLoader; file loaders (IDX, MNIST, CSV); the embedded
// digits data set; stratified splits and standardization.
export { Dataset, TensorDataset } from './dataset';
export { Subset } from './subset';
export { ConcatDataset } from './concat-dataset';
export { randomSplit } from './random-split';
export { SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler } from './samplers';
export { CurriculumSampler, curriculumPacing, type CurriculumSamplerOptions, type CurriculumSamplerState, type PacingFunction, type PacingName, type PacingOptions } from './curriculum-sampler';
export type { Sampler, RandomSamplerOptions, WeightedRandomSamplerOptions } from './samplers';
export { BatchSampler } from './batch-sampler';
export type { BatchSamplerLike } from './batch-sampler';
export { DataLoader } from './dataloader';
export type { DataLoaderOptions, DataLoaderState } from './dataloader';
export { defaultCollate } from './collate';
export { loadIdx, saveIdx, encodeIdx } from './idx';
export type { IdxType, LoadIdxOptions } from './idx';
export { loadMnist, loadFashionMnist, FASHION_MNIST_CLASSES } from './mnist';
export type { LabeledSplit, ImageClassificationData } from './mnist';
export { loadCsv, parseCsv } from './csv';
export type { CsvOptions, CsvData, CsvLabelType } from './csv';
export { digits } from './digits';
export type { DigitsData } from './digits';
export { stratifiedSplit } from './stratified-split';
export { Standardizer } from './standardizer';

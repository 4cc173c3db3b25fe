// d.train: the training loop (fit, evaluate, predict), its callbacks, the strategies for the
// validation data after early stopping, and training in a worker thread.
export { fit } from './fit';
export type { FitOptions } from './fit';
export { evaluate, predict } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { History } from './history';
export type { HistoryData, Logs } from './history';
export type { TensorPair, Batches, DataSpec, BatchingOptions } from './data-source';
export type { Loss, ClipOption } from './step';
export { accuracy, binaryAccuracy } from './metrics';
export type { Metric, MetricFn, MetricSpec } from './metrics';
export { Callback } from './callback';
export type { TrainingContext, Scheduler, BatchLogs } from './callback';
export { EarlyStopping } from './early-stopping';
export type { EarlyStoppingOptions } from './early-stopping';
export type { MonitorMode } from './monitor';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau';
export type { ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';
export { TerminateOnNaN } from './terminate-on-nan';
export { ModelCheckpoint } from './model-checkpoint';
export type { ModelCheckpointOptions } from './model-checkpoint';
export { CSVLogger } from './csv-logger';
export type { CSVLoggerOptions } from './csv-logger';
export { GradientNormMonitor } from './gradient-norm-monitor';
export type { GradientNormMonitorOptions, GradientWarning } from './gradient-norm-monitor';
export { ProgressBar } from './progress-bar';
export type { ProgressBarOptions } from './progress-bar';
export { retrainOnAll, continueUntilValidationLoss } from './after-early-stopping';
export type {
  EarlyStoppingRunOptions, RetrainOnAllOptions, RetrainOnAllResult,
  ContinueUntilValidationLossOptions, ContinueUntilValidationLossResult,
} from './after-early-stopping';
export { fitInWorker } from './worker';
export type { FitInWorkerOptions, WorkerFitResult, WorkerProgress, WorkerSetup } from './worker';
export { snapshotWeights } from './weights';

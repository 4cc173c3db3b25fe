// The plain data a training report is drawn from. Nothing here knows about tensors or the fit
// loop: the command line fills these records from a History and the run's setup, and a user can
// build one by hand (or from JSON) as well. Accuracies are fractions in [0, 1].

/** A scalar option value as it is shown in the summary table. */
export type OptionValue = number | string | boolean | null;

/** What was trained. */
export interface ModelDescription {
  /** One line, for example `MLP 64-32-10 with ReLU`. */
  summary: string;
  /** One line per layer, for example `Linear(64 → 32)`. */
  layers: string[];
  /** Number of trainable parameters. */
  parameters: number;
}

/** How it was trained. */
export interface OptimizerDescription {
  /** For example `Adam`. */
  name: string;
  /** The options passed to the optimizer (and scheduler), for example `{ lr: 0.001 }`. */
  options: Record<string, OptionValue>;
}

/** On what it was trained. */
export interface DataDescription {
  /** For example `digits (8x8, embedded)`. */
  name: string;
  trainSamples?: number;
  validationSamples?: number;
  testSamples?: number;
  features?: number;
  classes?: number;
  batchSize?: number;
}

/** One optimizer step. */
export interface StepRecord {
  /** Global step number, counted from 1 across epochs. */
  step: number;
  /** Epoch the step belongs to, counted from 1. */
  epoch: number;
  /** Mini-batch training loss. */
  loss: number;
  /** Learning rate used by this step. */
  lr?: number;
  /** Global L2 norm of the gradient, before any clipping. */
  gradNorm?: number;
}

/** One epoch of a single run. */
export interface EpochRecord {
  /** Counted from 1. */
  epoch: number;
  /** Mean training loss over the epoch. */
  trainLoss: number;
  trainAccuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Duration of this epoch in seconds. */
  seconds: number;
}

/** Totals at the end of a single run. */
export interface RunFinal {
  testLoss?: number;
  testAccuracy?: number;
  /** Training throughput: samples processed per second of training. */
  samplesPerSecond: number;
  /** Wall time of the whole run in seconds. */
  totalSeconds: number;
  /** Why the run stopped, for example `early stopping at epoch 14`. */
  stopReason?: string;
  /** Further rows for the summary table. */
  extra?: Record<string, OptionValue>;
}

/** Everything `renderRunReport` draws. */
export interface RunRecord {
  title: string;
  /** Shown under the title, for example to say the data is synthetic. */
  note?: string;
  model: ModelDescription;
  optimizer: OptimizerDescription;
  data: DataDescription;
  steps: StepRecord[];
  epochs: EpochRecord[];
  final: RunFinal;
  /** Rows of an environment table, for example `{ simd: 'avx2', threads: 2, node: 'v20.20.2' }`. */
  environment?: Record<string, OptionValue>;
  /** When the run was made (ISO 8601); shown in the footer. */
  createdAt?: string;
}

/** One epoch of one run of a comparison. */
export interface ComparisonEpoch {
  /** Counted from 1; an entry with epoch 0 may give the loss before training. */
  epoch: number;
  /** Training loss (mean over the epoch, or the full-batch loss after it). */
  loss: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Wall time since the start of this run, in seconds, at the end of the epoch. */
  seconds: number;
}

/** Totals at the end of one run of a comparison. */
export interface ComparisonFinal {
  testLoss?: number;
  testAccuracy?: number;
  samplesPerSecond?: number;
  totalSeconds: number;
  stopReason?: string;
}

/** One optimizer's run in a comparison. */
export interface ComparisonRun {
  /** The optimizer, for example `Adam` or `SGD (momentum 0.9)`; one line and legend entry per run. */
  name: string;
  options?: Record<string, OptionValue>;
  epochs: ComparisonEpoch[];
  final: ComparisonFinal;
}

/** Everything `renderComparisonReport` draws: several optimizers on one model and data set. */
export interface ComparisonRecord {
  title: string;
  note?: string;
  model?: ModelDescription;
  data?: DataDescription;
  runs: ComparisonRun[];
  environment?: Record<string, OptionValue>;
  createdAt?: string;
}

// d.strategies: training strategies from "Deep Learning" §8.7 beyond the optimizer itself —
// continuation methods (objectives annealed from smoothed or softened to true) and greedy
// supervised pretraining. Curriculum learning is a sampler: d.data.CurriculumSampler.
export { ContinuationSchedule, runContinuation, softenedObjective } from './continuation';
export type { ContinuationShape, ContinuationScheduleOptions, ContinuationScheduleState, ContinuationLevel } from './continuation';
export { weightNoiseBackward } from './weight-noise';
export type { WeightNoiseOptions } from './weight-noise';
export { greedySupervisedPretraining } from './greedy-pretraining';
export type {
  ActivationSpec, LabeledTensors, GreedyStageInfo, GreedyStageRecord, GreedyPretrainingOptions, GreedyPretrainingResult,
} from './greedy-pretraining';

/**
 * @corex/training-domain: the pure rules of distributed training (docs/training.md).
 * Vectors are flattened parameters in the graph's `parameterNames` order, as Float32Array.
 */
export { aggregateUpdates } from './aggregation/aggregate-updates';
export { byzantineCount } from './aggregation/byzantine-count';
export { krumScores } from './aggregation/krum';
export { DEFAULT_BYZANTINE_FRACTION, type AggregationConfig, type AggregationOutcome, type Rejection, type Update } from './aggregation/types';
export { sgdStep } from './optimizers/sgd';
export { adamStep, initialAdamState, type AdamOptions, type AdamState } from './optimizers/adam';
export { byzantine, littleIsEnoughZ } from './byzantine/attacks';
export { normalQuantile } from './byzantine/normal-quantile';
export { quorum, stepDeadline, type StepDeadlineDecision, type StepDeadlineInput } from './steps/step-deadline';
export { trainingCurvesSvg, type CurvePoint } from './curves/training-curves-svg';
export { escapeXml } from './curves/svg-parts';

export { SeededRandom, gaussianNoise } from './random/seeded-random';

export { splitDataset, type Dataset, type DatasetSplit } from './datasets/dataset';
export { computeStandardization, computeMinMax } from './datasets/statistics';
export type { StandardizationStats, MinMaxStats } from './datasets/statistics';
export { loadPenguins, PENGUIN_FEATURES } from './datasets/penguins';
export { loadSeattleWeather, WEATHER_FEATURES } from './datasets/seattle-weather';
export { generateSyntheticBlobs, type SyntheticBlobsOptions } from './datasets/synthetic-blobs';

export {
  initMlpWeights,
  MLP_PARAMETERS,
  OBJECTIVES,
  MAX_HIDDEN_LAYERS,
  mlpShape,
  hiddenLayersOf,
  objectiveOf,
  layerWidths,
  parameterNames,
  parameterDims,
  parameterCount,
  weightsOf,
} from './model/mlp-weights';
export type { MlpShape, MlpWeights, MlpGradients, MlpParameter, Objective, ParameterName } from './model/mlp-weights';
export { serializeMlpWeights, deserializeMlpWeights } from './model/weights-codec';
export { referenceMlpForward, referenceMlpLoss, referenceMlpSquaredError, type MlpActivations } from './model/reference';
export { predictClasses, accuracy, regressionMetrics, type RegressionMetrics } from './model/metrics';

export { buildMlpForward, buildFeatureExtractor, forwardOutputName } from './onnx/mlp-forward';
export { buildTrainedModel, type TrainedModelInfo } from './onnx/trained-model';
export { buildMlpGradient } from './onnx/mlp-gradient';
export { buildPreprocess, preprocessOperations, statisticsOperations, type PreprocessOperation } from './onnx/preprocess';
export { buildStatistics, statisticsOutputs } from './onnx/statistics';
export { imageAugmentation, rowTransform, type ImageAugmentation, type ImageLayout, type RowTransform } from './onnx/image-augment';
export { combineMoments, mergeMoments, minMaxOf, momentsOfPart, standardizationOf, type FeatureMoments } from './datasets/moments';
export { IMAGE_AUGMENTER, SLICER, MAX_COPIES, outputDatasetId, preprocessingParamsMisfit, type ParamsDataset } from './jobs/preprocessing-params';
export { buildMatMulBenchmark } from './onnx/matmul-benchmark';

export { openSession, runSession, type ComputeSession, type TensorData, type TensorMap } from './runtime/session';
export { featureTensor, labelTensor, targetTensor, weightTensors, gradientsFromOutputs, sliceRows } from './runtime/feeds';
export { applySgdStep, answerFeeds, computeGradients, trainMlp } from './training/sgd';
export type { GradientResult, ParameterStep, TrainingOptions, TrainingResult } from './training/sgd';

export { builtinCatalog, findModel, findDataset, loadDataset } from './catalog/catalog';
export type { Catalog, CatalogDataset } from './catalog/catalog';
export type { CatalogModel } from './catalog/builtin-models';
export { allocateTensorMap, encodeTensorMap, decodeTensorMap, type AllocatedTensorMap, type TensorDtype, type TensorSpec } from './codecs/tensor-map-codec';
export { GraphBuilder, type ElementType, type Dimension } from './onnx/graph-builder';
export { DATASET_SIZED_MLP, DEFAULT_LEARNING_RATES, NOISE_AUGMENTER, jobParamsSchema, parseJobParams, paramErrorCodes } from './jobs/job-params';
export type { ParamError, ParamErrorCode, ParamsModel, ParsedParams, TrainingJobParams, ForwardJobParams, PreprocessingJobParams } from './jobs/job-params';
export { checkJobFit, type FitDataset, type FitModel, type FitRefusal, type SignatureLike } from './jobs/job-fit';
export { readTrainableGraph, trainedGraph, weightFeedsOf, serializeParameters, gradientName } from './trainable/trainable-graph';
export type { TrainableGraph, TrainableParameter } from './trainable/trainable-graph';
export { challengeMatrices, challengeColumn, challengeValues, encodeColumnSums, decodeColumnSums, type ChallengeMatrices } from './challenge/challenge-matrices';
export { buildChallengeGraph, solveChallenge } from './challenge/challenge-graph';
export { buildFeeds, type FeedSources } from './fragments/graph-feeds';
export { runFragmentTask, taskInput, pickRows, TaskBlobMissingError } from './fragments/run-fragment-task';
export { FragmentThread } from './fragments/fragment-thread';
export type { TaskBlobReader, FragmentRunOptions, FragmentRun } from './fragments/run-fragment-task';
export { FEDERATION_DATASET_PREFIX, federationOfDataset, federatedParamsSchema, type FederatedJobParams } from './jobs/federated-params';

import type { JobType } from '../compute-task';
import { MAX_HIDDEN_LAYERS, type MlpShape, type Objective } from '../model/mlp-weights';
import type { PreprocessOperation } from '../onnx/preprocess';
import { DATASET_SIZED_MLP } from '../jobs/job-params';
import { SYNTHETIC_BLOBS } from './builtin-datasets';

/** A model a job can name. */
export type CatalogModel = {
  readonly id: string;
  readonly tasks: readonly JobType[];
  readonly description: string;
  /** Features the model reads, or 'any' when it adapts to the dataset it runs on. */
  readonly inputs: number | 'any';
  readonly classes?: number;
  /** The dataset the model was designed for. */
  readonly dataset?: string;
  /** Default layer sizes of an MLP model (graphs from `buildMlpForward` and friends). */
  readonly architecture?: MlpShape;
  /** The `buildPreprocess` operation of a preprocessing model. */
  readonly preprocess?: PreprocessOperation;
  /** What a training job with this model learns: classification (a `label` column) and/or regression (a `target` column). */
  readonly objectives?: readonly Objective[];
  /** A model built for each dataset it trains on (`inputs: 'any'`): its layer-size params and their defaults. */
  readonly sizing?: { readonly hiddenUnits: number; readonly hiddenLayers: number; readonly maxHiddenUnits: number; readonly maxHiddenLayers: number };
};

const MLP_TASKS: readonly JobType[] = ['inference', 'training', 'feature-extraction'];

const layers = ({ inputs, hidden, classes }: MlpShape): string => `${inputs}→${hidden}→${classes}`;

const mlp = (id: string, dataset: string, architecture: MlpShape, purpose: string): CatalogModel => ({
  id,
  tasks: MLP_TASKS,
  description: `Two-layer perceptron ${layers(architecture)} (ReLU, softmax) ${purpose}.`,
  inputs: architecture.inputs,
  classes: architecture.classes,
  dataset,
  architecture,
  objectives: ['classification'],
});

const preprocessor = (id: string, preprocess: PreprocessOperation, description: string): CatalogModel => ({
  id,
  tasks: ['preprocessing'],
  description,
  inputs: 'any',
  preprocess,
});

const datasetSizedMlp: CatalogModel = {
  id: DATASET_SIZED_MLP,
  tasks: MLP_TASKS,
  description:
    'Perceptron sized to the dataset it trains on: features in; params.hiddenLayers (1..4, default 1) ReLU layers of params.hiddenUnits (1..1024, default 32); ' +
    "the dataset's classes out (softmax cross-entropy, for a dataset uploaded with label=) or one number (mean squared error, for target=). " +
    'Inference and feature extraction need params.weights from one of your training jobs with it.',
  inputs: 'any',
  objectives: ['classification', 'regression'],
  sizing: { hiddenUnits: 32, hiddenLayers: 1, maxHiddenUnits: 1024, maxHiddenLayers: MAX_HIDDEN_LAYERS },
};

/** The models every node can build from code. */
export const builtinModels: readonly CatalogModel[] = [
  datasetSizedMlp,
  mlp('penguins-mlp', 'penguins', { inputs: 4, hidden: 16, classes: 3 }, 'classifying penguin species'),
  mlp('weather-mlp', 'seattle-weather', { inputs: 4, hidden: 16, classes: 5 }, 'classifying Seattle weather types'),
  mlp(
    'blobs-mlp',
    'synthetic-blobs',
    { inputs: SYNTHETIC_BLOBS.features, hidden: 32, classes: SYNTHETIC_BLOBS.classes },
    'classifying the generated blobs; sized for many-fragment jobs',
  ),
  preprocessor('standardizer', 'standardize', 'Standardizes each feature: (x - mean) / std over the whole dataset, the statistics computed by the nodes first (a statistics step).'),
  preprocessor('min-max-normalizer', 'min-max', 'Rescales each feature to [0, 1]: (x - min) / (max - min), min and max computed by the nodes first (a statistics step).'),
  preprocessor('noise-augmenter', 'gaussian-noise', 'Augments rows with seeded Gaussian noise: x + sigma · noise; params.copies (1..16) augmented copies of each row.'),
  preprocessor('slicer', 'select-columns', 'Keeps params.columns (feature names, in the order given; default all) of rows params.rowRange [start, end) (default all).'),
  preprocessor(
    'image-augmenter',
    'image-augment',
    'Augments image-like rows (params.height × width × channels = the features, channels last, channels default 1): per row a seeded horizontal flip ' +
      '(params.flip probability, default 0.5) and shift of up to params.shift pixels each way (zero fill); params.seed, params.copies (1..16).',
  ),
];

import type { Dataset } from '../datasets/dataset';
import { loadPenguins } from '../datasets/penguins';
import { loadSeattleWeather } from '../datasets/seattle-weather';
import { generateSyntheticBlobs } from '../datasets/synthetic-blobs';
import { vegaDatasetsPackage } from '../datasets/vega-datasets';

/** How a built-in dataset is described and loaded; rows and columns come from the loaded data. */
export interface DatasetDefinition {
  readonly id: string;
  readonly description: string;
  readonly source: () => string;
  readonly license?: string;
  readonly synthetic: boolean;
  readonly load: () => Dataset;
}

/** Size of the generated blobs: large enough to cut a job into many fragments. */
export const SYNTHETIC_BLOBS = { rows: 100_000, features: 8, classes: 4, seed: 42 } as const;

const vegaSource = (file: string, original: string): string =>
  `vega-datasets@${vegaDatasetsPackage().version} (npm), data/${file}; originally ${original}`;

/** The datasets every node can load without downloading anything. */
export const builtinDatasetDefinitions: readonly DatasetDefinition[] = [
  {
    id: 'penguins',
    description: 'Palmer Archipelago penguins: species from beak length, beak depth, flipper length and body mass.',
    source: () =>
      vegaSource(
        'penguins.json',
        'Palmer Station Antarctica LTER, collected by Dr. Kristen Gorman; ' +
          'palmerpenguins by Allison Horst, Alison Hill and Kristen Gorman',
      ),
    license: 'CC0-1.0',
    synthetic: false,
    load: loadPenguins,
  },
  {
    id: 'seattle-weather',
    description:
      'Seattle daily weather 2012–2015: weather type from precipitation, max/min temperature and wind ' +
      '(the type is synthesized by vega-datasets).',
    source: () => vegaSource('seattle-weather.csv', 'NOAA National Climatic Data Center daily records'),
    license: 'U.S. Government work (public domain)',
    synthetic: false,
    load: loadSeattleWeather,
  },
  {
    id: 'synthetic-blobs',
    description: `Gaussian blobs: ${SYNTHETIC_BLOBS.classes} classes, ${SYNTHETIC_BLOBS.features} features, seeded.`,
    source: () => `@corex/compute generateSyntheticBlobs, seed ${SYNTHETIC_BLOBS.seed}`,
    synthetic: true,
    load: () => generateSyntheticBlobs(SYNTHETIC_BLOBS),
  },
];

import { tabulate, type Dataset } from './dataset';
import { readVegaDataFile } from './vega-datasets';

/** Penguin measurements used as features, named as in `penguins.json`. */
export const PENGUIN_FEATURES = [
  'Beak Length (mm)',
  'Beak Depth (mm)',
  'Flipper Length (mm)',
  'Body Mass (g)',
] as const;

/**
 * Palmer penguins from vega-datasets: species (Adelie, Chinstrap, Gentoo) from beak length,
 * beak depth, flipper length and body mass. Rows lacking a measurement are dropped.
 */
export function loadPenguins(): Dataset {
  const records = JSON.parse(readVegaDataFile('penguins.json')) as Record<string, unknown>[];
  return tabulate(
    records.map((record) => ({
      values: PENGUIN_FEATURES.map((feature) => record[feature]),
      label: record['Species'],
    })),
    PENGUIN_FEATURES,
  );
}

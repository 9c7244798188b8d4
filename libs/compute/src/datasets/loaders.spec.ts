import { loadPenguins, PENGUIN_FEATURES } from './penguins';
import { loadSeattleWeather, WEATHER_FEATURES } from './seattle-weather';
import { generateSyntheticBlobs } from './synthetic-blobs';
import type { Dataset } from './dataset';
import { readVegaDataFile } from './vega-datasets';

function expectWellFormed(dataset: Dataset): void {
  expect(dataset.features).toHaveLength(dataset.rows * dataset.featureNames.length);
  expect(dataset.labels).toHaveLength(dataset.rows);
  expect(dataset.features.every(Number.isFinite)).toBe(true);
  expect(dataset.labels.every((label) => label >= 0 && label < dataset.classNames.length)).toBe(true);
  expect(new Set(dataset.labels).size).toBe(dataset.classNames.length);
}

describe('loadPenguins', () => {
  const raw = JSON.parse(readVegaDataFile('penguins.json')) as Record<string, unknown>[];

  it('keeps exactly the penguins whose four measurements are all present', () => {
    const complete = raw.filter((record) => PENGUIN_FEATURES.every((f) => typeof record[f] === 'number'));
    const penguins = loadPenguins();
    expect(complete.length).toBeLessThan(raw.length);
    expect(penguins.rows).toBe(complete.length);
    expectWellFormed(penguins);
  });

  it('keeps the measurements and species of each row in file order', () => {
    const complete = raw.filter((record) => PENGUIN_FEATURES.every((f) => typeof record[f] === 'number'));
    const penguins = loadPenguins();
    const row = 100;
    const features = Array.from(penguins.features.subarray(row * 4, row * 4 + 4));
    expect(features).toEqual(PENGUIN_FEATURES.map((f) => Math.fround(complete[row][f] as number)));
    expect(penguins.classNames[penguins.labels[row]]).toBe(complete[row]['Species']);
    expect(penguins.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  });
});

describe('loadSeattleWeather', () => {
  it('reads one row per day of the CSV with the four weather measurements', () => {
    const lines = readVegaDataFile('seattle-weather.csv').trim().split('\n');
    const weather = loadSeattleWeather();
    expect(weather.rows).toBe(lines.length - 1);
    expect(weather.featureNames).toEqual(WEATHER_FEATURES);
    expectWellFormed(weather);
    const [, precipitation, tempMax, tempMin, wind, type] = lines[1 + 200].split(',');
    const expected = [precipitation, tempMax, tempMin, wind].map((cell) => Math.fround(Number(cell)));
    expect(Array.from(weather.features.subarray(800, 804))).toEqual(expected);
    expect(weather.classNames[weather.labels[200]]).toBe(type);
  });
});

describe('generateSyntheticBlobs', () => {
  const options = { rows: 2_000, features: 3, classes: 4, seed: 1 };

  it('is identical for the same options and different for another seed', () => {
    expect(generateSyntheticBlobs(options)).toEqual(generateSyntheticBlobs(options));
    expect(generateSyntheticBlobs({ ...options, seed: 2 }).features).not.toEqual(generateSyntheticBlobs(options).features);
  });

  it('generates the requested shape with every class present', () => {
    const blobs = generateSyntheticBlobs(options);
    expect(blobs.rows).toBe(2_000);
    expect(blobs.featureNames).toHaveLength(3);
    expect(blobs.classNames).toHaveLength(4);
    expectWellFormed(blobs);
  });
});

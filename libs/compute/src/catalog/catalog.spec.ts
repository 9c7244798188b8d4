import { NotFoundError } from '@corex/platform';
import { jobTypes } from '@corex/events';
import { buildMlpForward } from '../onnx/mlp-forward';
import { builtinCatalog, findDataset, findModel, loadDataset } from './catalog';

describe('builtinCatalog', () => {
  const catalog = builtinCatalog();

  it('lists penguins, seattle-weather and a synthetic dataset, with rows counted from the data', () => {
    expect(catalog.datasets.map((dataset) => dataset.id)).toEqual(['penguins', 'seattle-weather', 'synthetic-blobs']);
    for (const dataset of catalog.datasets) {
      const data = loadDataset(dataset.id);
      expect(dataset.rows).toBe(data.rows);
      expect(dataset.features).toEqual(data.featureNames);
      expect(dataset.classes).toEqual(data.classNames);
    }
    const synthetic = catalog.datasets.filter((dataset) => dataset.synthetic);
    expect(synthetic.map((dataset) => dataset.id)).toEqual(['synthetic-blobs']);
  });

  it('cites vega-datasets and the original source of each real dataset', () => {
    expect(findDataset('penguins')?.source).toMatch(/^vega-datasets@\d+\.\d+\.\d+.*Palmer.*Gorman.*Horst/);
    expect(findDataset('seattle-weather')?.source).toMatch(/^vega-datasets@\d+\.\d+\.\d+.*NOAA/);
  });

  it('gives every MLP model an architecture matching its dataset', () => {
    const mlps = catalog.models.filter((model) => model.architecture);
    expect(mlps.map((model) => model.id)).toEqual(expect.arrayContaining(['penguins-mlp', 'weather-mlp']));
    for (const model of mlps) {
      const dataset = findDataset(model.dataset ?? '');
      expect(model.architecture?.inputs).toBe(dataset?.features.length);
      expect(model.architecture?.classes).toBe(dataset?.classes?.length);
      expect(model.inputs).toBe(model.architecture?.inputs);
      expect(() => buildMlpForward(model.architecture!)).not.toThrow();
    }
    expect(findModel('penguins-mlp')?.architecture).toEqual({ inputs: 4, hidden: 16, classes: 3 });
  });

  it('uses only job types of the event catalog, each offered by some model', () => {
    const offered = new Set(catalog.models.flatMap((model) => model.tasks));
    expect([...offered].sort()).toEqual([...jobTypes].sort());
    expect(findModel('standardizer')?.tasks).toEqual(['preprocessing']);
  });

  it('has unique ids', () => {
    const ids = [...catalog.models, ...catalog.datasets].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is built once and returned again', () => {
    expect(builtinCatalog()).toBe(catalog);
    expect(loadDataset('penguins')).toBe(loadDataset('penguins'));
  });

  it('answers undefined for an unknown model or dataset, and loadDataset throws NotFoundError', () => {
    expect(findModel('nope')).toBeUndefined();
    expect(findDataset('nope')).toBeUndefined();
    expect(() => loadDataset('nope')).toThrow(NotFoundError);
  });
});

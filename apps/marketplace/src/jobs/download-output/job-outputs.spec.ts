import { listedOutputs, withOutputUrls } from './job-outputs';
import { outputColumns, outputRecords } from './output-records';
import type { TensorRow } from './tensor-rows';

const hash = (c: string) => c.repeat(64);

describe('a job’s downloadable outputs', () => {
  it('are the shards of preprocessed data and the parts of predictions and embeddings, with their output tensor', () => {
    expect(listedOutputs({ kind: 'preprocessed-data', output: 'y', shards: [{ rowRange: [0, 50], blobHash: hash('a') }] })).toEqual([
      { hash: hash('a'), rowRange: [0, 50], output: 'y' },
    ]);
    expect(listedOutputs({ kind: 'predictions', output: 'prediction', parts: [{ rowRange: [50, 90], blobHash: hash('b') }] })).toEqual([
      { hash: hash('b'), rowRange: [50, 90], output: 'prediction' },
    ]);
    expect(listedOutputs({ kind: 'embeddings', parts: [{ rowRange: [0, 1], blobHash: hash('c') }] })[0]!.output).toBe('embeddings');
  });

  it('are none for a model, a document without parts, or malformed entries', () => {
    expect(listedOutputs({ kind: 'model', weightsHash: hash('d') })).toEqual([]);
    expect(listedOutputs({ kind: 'predictions', predictions: [] })).toEqual([]);
    expect(listedOutputs({ kind: 'embeddings', parts: [{ rowRange: [0], blobHash: hash('e') }, { blobHash: 7 }] })).toEqual([]);
  });

  it('link their download URL in the result document, which otherwise stays as stored', () => {
    const document = { kind: 'embeddings', dims: 2, embeddings: [[1, 2]], parts: [{ rowRange: [0, 1], blobHash: hash('f') }] };
    expect(withOutputUrls('job-1', document)).toEqual({ ...document, parts: [{ rowRange: [0, 1], blobHash: hash('f'), url: `/v1/jobs/job-1/outputs/${hash('f')}` }] });
    expect(withOutputUrls('job-1', { kind: 'model', loss: 1 })).toEqual({ kind: 'model', loss: 1 });
  });
});

describe('an output as CSV records', () => {
  it('heads the columns with the names the job knows when there is one per column, else numbers them', () => {
    expect(outputColumns('probabilities', 3, ['Adelie', 'Chinstrap', 'Gentoo'])).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(outputColumns('probabilities', 3, ['one', 'two'])).toEqual(['probabilities_0', 'probabilities_1', 'probabilities_2']);
    expect(outputColumns('prediction', 1, null)).toEqual(['prediction']);
  });

  const records = async (rows: TensorRow[], firstRow: number, columns: string[]) => {
    const all: string[][] = [];
    for await (const record of outputRecords(fromArray(rows), firstRow, columns)) all.push(record);
    return all;
  };
  async function* fromArray(rows: TensorRow[]) {
    yield* rows;
  }

  it('writes one record per row with its dataset row number, floats that read back as the same float32', async () => {
    const data = [0.1, 1 / 3, -2.5e-8, 39.1].map(Math.fround);
    const written = await records([data.slice(0, 2), data.slice(2)], 40, ['a', 'b']);
    expect(written[0]).toEqual(['row', 'a', 'b']);
    expect(written.slice(1).map((r) => r[0])).toEqual(['40', '41']);
    expect(written.slice(1).flatMap((r) => r.slice(1).map((cell) => Math.fround(Number(cell))))).toEqual(data);
    expect(written[2]![2]).toBe('39.1');
  });

  it('writes integer tensors as integers', async () => {
    expect(await records([[3n], [1n]], 0, ['class'])).toEqual([['row', 'class'], ['0', '3'], ['1', '1']]);
  });
});

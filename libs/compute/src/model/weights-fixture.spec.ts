import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { MlpShape, MlpWeights } from './mlp-weights';
import { deserializeMlpWeights, serializeMlpWeights } from './weights-codec';
import { bytesOfLines, goldenBytesText } from '../../../../test/support/golden-fixture';

/**
 * The CXW1 golden fixture of docs/node-protocol.md, and a reference decoder written from that
 * document alone (not from weights-codec.ts). `UPDATE_FIXTURES=1` rewrites the fixture from the
 * production codec.
 */
const FIXTURE = path.resolve(__dirname, '../../../../docs/fixtures/node-protocol/weights.json');

interface FixtureWeights {
  shape: MlpShape;
  W1: number[];
  b1: number[];
  W2: number[];
  b2: number[];
}

/** The document's example: 3 inputs, 2 hidden units, 2 classes (the MLP of the tensor-map example). */
const example: FixtureWeights = {
  shape: { inputs: 3, hidden: 2, classes: 2 },
  W1: [0.5, -0.25, 1, 0, -1.5, 2],
  b1: [0.125, -0.125],
  W2: [1, -1, -2, 2],
  b2: [0, 0.5],
};

// ---- Reference decoder, from docs/node-protocol.md "MLP weights (CXW1)" -------------------------

function referenceDecode(bytes: Buffer): FixtureWeights {
  if (bytes.subarray(0, 4).toString('latin1') !== 'CXW1') throw new Error('bad magic');
  const [inputs, hidden, classes] = [4, 8, 12].map((at) => bytes.readUInt32LE(at)) as [number, number, number];
  const counts = { W1: inputs * hidden, b1: hidden, W2: hidden * classes, b2: classes };
  if (bytes.length !== 16 + 4 * (counts.W1 + counts.b1 + counts.W2 + counts.b2)) throw new Error('bad length');
  let at = 16;
  const read = (count: number) =>
    Array.from({ length: count }, () => {
      const value = bytes.readFloatLE(at);
      at += 4;
      return value;
    });
  return { shape: { inputs, hidden, classes }, W1: read(counts.W1), b1: read(counts.b1), W2: read(counts.W2), b2: read(counts.b2) };
}

// ---- Helpers -------------------------------------------------------------------------------------

const toWeights = (w: FixtureWeights): MlpWeights => ({
  shape: w.shape,
  W1: Float32Array.from(w.W1),
  b1: Float32Array.from(w.b1),
  W2: Float32Array.from(w.W2),
  b2: Float32Array.from(w.b2),
});

const fromWeights = (w: MlpWeights): FixtureWeights => ({
  shape: { ...w.shape },
  W1: Array.from(w.W1),
  b1: Array.from(w.b1),
  W2: Array.from(w.W2),
  b2: Array.from(w.b2),
});

const goldenText = (bytes: Uint8Array) => goldenBytesText(bytes, 'weights', example);

// ---- Tests ---------------------------------------------------------------------------------------

describe('CXW1 golden fixture (docs/fixtures/node-protocol/weights.json)', () => {
  const produced = serializeMlpWeights(toWeights(example));
  if (process.env['UPDATE_FIXTURES'] === '1') writeFileSync(FIXTURE, goldenText(produced));
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { sha256: string; bytes: string[]; weights: FixtureWeights };
  const bytes = bytesOfLines(fixture.bytes);

  it('holds exactly the bytes the production codec encodes from its decoded content', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(goldenText(produced));
    expect(Buffer.from(serializeMlpWeights(toWeights(fixture.weights))).equals(bytes)).toBe(true);
  });

  it('decodes with the production codec to its decoded content', () => {
    expect(fromWeights(deserializeMlpWeights(bytes))).toEqual(fixture.weights);
  });

  it('names its bytes by their sha256', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(fixture.sha256);
  });

  it('decodes with the reference decoder written from the document', () => {
    expect(referenceDecode(bytes)).toEqual(fixture.weights);
  });
});

describe('CXW1 reference decoder written from the document', () => {
  const float = fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
  const size = fc.integer({ min: 1, max: 6 });
  const weights = fc.tuple(size, size, size).chain(([inputs, hidden, classes]) =>
    fc.record({
      shape: fc.constant({ inputs, hidden, classes }),
      W1: fc.array(float, { minLength: inputs * hidden, maxLength: inputs * hidden }),
      b1: fc.array(float, { minLength: hidden, maxLength: hidden }),
      W2: fc.array(float, { minLength: hidden * classes, maxLength: hidden * classes }),
      b2: fc.array(float, { minLength: classes, maxLength: classes }),
    }),
  );

  it('decodes whatever the production codec encodes', () => {
    fc.assert(fc.property(weights, (w) => expect(referenceDecode(Buffer.from(serializeMlpWeights(toWeights(w))))).toEqual(w)));
  });
});

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { TensorMap } from '../runtime/session';
import { decodeTensorMap, encodeTensorMap } from './tensor-map-codec';
import { bytesOfLines, goldenBytesText } from '../../../../test/support/golden-fixture';

/**
 * The CXTM golden fixture of docs/node-protocol.md, and a reference codec written from that
 * document alone (not from tensor-map-codec.ts): if the two ever disagree, the document no longer
 * describes the format. `UPDATE_FIXTURES=1` rewrites the fixture from the production codec.
 */
const FIXTURE = path.resolve(__dirname, '../../../../docs/fixtures/node-protocol/tensor-map.json');
const RESULT_FIXTURE = path.resolve(__dirname, '../../../../docs/fixtures/node-protocol/result-map.json');
const WEIGHTS_FIXTURE = path.resolve(__dirname, '../../../../docs/fixtures/node-protocol/weights.json');

type Dtype = 'float32' | 'int64';
/** A tensor as the fixture writes it: int64 values as decimal strings, exact whatever their size. */
interface FixtureTensor {
  dtype: Dtype;
  dims: number[];
  values: Array<number | string>;
}

/** The document's example: features `x` [3, 3] float32 (36 bytes, padded to 40) and labels `y` [3] int64. */
const example: Record<string, FixtureTensor> = {
  x: { dtype: 'float32', dims: [3, 3], values: [1, 2, 3, -0.5, 0.25, 0, 1024, -8, 0.125] },
  y: { dtype: 'int64', dims: [3], values: ['1', '0', '1'] },
};

// ---- Reference codec, from docs/node-protocol.md "Tensor maps (CXTM)" -------------------------

const widthOf = (dtype: Dtype) => (dtype === 'float32' ? 4 : 8);
const align8 = (n: number) => Math.ceil(n / 8) * 8;

function referenceDecode(bytes: Buffer): Record<string, FixtureTensor> {
  if (bytes.subarray(0, 4).toString('latin1') !== 'CXTM') throw new Error('bad magic');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Array<{
    name: string;
    dtype: Dtype;
    dims: number[];
    offset: number;
    length: number;
  }>;
  const dataStart = align8(8 + headerLength);
  const out: Record<string, FixtureTensor> = {};
  for (const { name, dtype, dims, offset, length } of header) {
    const at = dataStart + offset; // offset: bytes from the start of the data section
    const width = widthOf(dtype); // length: a count of values, not of bytes
    if (at % 8 !== 0 || at + length * width > bytes.length) throw new Error(`${name} misplaced`);
    const values = Array.from({ length }, (_, i) =>
      dtype === 'float32' ? bytes.readFloatLE(at + 4 * i) : bytes.readBigInt64LE(at + 8 * i).toString(),
    );
    out[name] = { dtype, dims, values };
  }
  return out;
}

function referenceEncode(tensors: Record<string, FixtureTensor>): Buffer {
  let offset = 0;
  const header = Object.entries(tensors).map(([name, { dtype, dims, values }]) => {
    const entry = { name, dtype, dims, offset, length: values.length };
    offset = align8(offset + values.length * widthOf(dtype));
    return entry;
  });
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const dataStart = align8(8 + headerBytes.length);
  const bytes = Buffer.alloc(dataStart + offset); // zeros: every padding byte is 0
  bytes.write('CXTM', 0, 'latin1');
  bytes.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(bytes, 8);
  for (const [entry, { dtype, values }] of header.map((e, i) => [e, Object.values(tensors)[i]!] as const)) {
    values.forEach((v, i) => {
      const at = dataStart + entry.offset + widthOf(dtype) * i;
      if (dtype === 'float32') bytes.writeFloatLE(Number(v), at);
      else bytes.writeBigInt64LE(BigInt(v), at);
    });
  }
  return bytes;
}

// ---- Helpers -----------------------------------------------------------------------------------

function toTensorMap(tensors: Record<string, FixtureTensor>): TensorMap {
  const map: TensorMap = {};
  for (const [name, t] of Object.entries(tensors)) {
    const data = t.dtype === 'int64' ? BigInt64Array.from(t.values, (v) => BigInt(v)) : Float32Array.from(t.values, Number);
    map[name] = { data, dims: t.dims };
  }
  return map;
}

function fromTensorMap(map: TensorMap): Record<string, FixtureTensor> {
  const out: Record<string, FixtureTensor> = {};
  for (const [name, t] of Object.entries(map)) {
    const int64 = t.data instanceof BigInt64Array;
    out[name] = { dtype: int64 ? 'int64' : 'float32', dims: [...t.dims], values: Array.from(t.data as ArrayLike<number | bigint>, (v) => (int64 ? String(v) : Number(v))) };
  }
  return out;
}

function goldenText(bytes: Uint8Array, tensors = example): string {
  return goldenBytesText(bytes, 'tensors', tensors);
}

// ---- Tests ---------------------------------------------------------------------------------------

describe('CXTM golden fixture (docs/fixtures/node-protocol/tensor-map.json)', () => {
  const produced = encodeTensorMap(toTensorMap(example));
  if (process.env['UPDATE_FIXTURES'] === '1') writeFileSync(FIXTURE, goldenText(produced));
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { sha256: string; bytes: string[]; tensors: Record<string, FixtureTensor> };
  const bytes = bytesOfLines(fixture.bytes);

  it('holds exactly the bytes the production codec encodes from its decoded content', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(goldenText(produced));
    expect(Buffer.from(encodeTensorMap(toTensorMap(fixture.tensors))).equals(bytes)).toBe(true);
  });

  it('decodes with the production codec to its decoded content', () => {
    expect(fromTensorMap(decodeTensorMap(bytes))).toEqual(fixture.tensors);
  });

  it('names its bytes by their sha256', () => {
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(fixture.sha256);
  });

  it('decodes with the reference decoder written from the document', () => {
    expect(referenceDecode(bytes)).toEqual(fixture.tensors);
  });
});

/**
 * The output map of the document's example task (inference on rows [1, 3) of the example input
 * with the example weights): softmax(relu(x·W1 + b1)·W2 + b2), computed here in float64 and
 * rounded to float32. A node's own onnxruntime may differ in the last bits; the format may not.
 */
function exampleProbabilities(): Record<string, FixtureTensor> {
  const { weights: w } = JSON.parse(readFileSync(WEIGHTS_FIXTURE, 'utf8')) as {
    weights: { shape: { inputs: number; hidden: number; classes: number }; W1: number[]; b1: number[]; W2: number[]; b2: number[] };
  };
  const { inputs, hidden, classes } = w.shape;
  const x = example['x']!.values.map(Number);
  const values: number[] = [];
  for (const row of [1, 2]) {
    const h = Array.from({ length: hidden }, (_, j) => Math.max(0, w.b1[j]! + Array.from({ length: inputs }, (_, i) => x[row * inputs + i]! * w.W1[i * hidden + j]!).reduce((a, b) => a + b)));
    const logits = Array.from({ length: classes }, (_, k) => w.b2[k]! + h.reduce((sum, hj, j) => sum + hj * w.W2[j * classes + k]!, 0));
    const top = Math.max(...logits);
    const exps = logits.map((l) => Math.exp(l - top));
    const total = exps.reduce((a, b) => a + b);
    values.push(...exps.map((e) => Math.fround(e / total)));
  }
  return { probabilities: { dtype: 'float32', dims: [2, classes], values } };
}

describe('CXTM result fixture (docs/fixtures/node-protocol/result-map.json)', () => {
  const tensors = exampleProbabilities();
  const produced = encodeTensorMap(toTensorMap(tensors));
  if (process.env['UPDATE_FIXTURES'] === '1') writeFileSync(RESULT_FIXTURE, goldenText(produced, tensors));
  const fixture = JSON.parse(readFileSync(RESULT_FIXTURE, 'utf8')) as { sha256: string; bytes: string[]; tensors: Record<string, FixtureTensor> };
  const bytes = bytesOfLines(fixture.bytes);

  it('holds the example output map, encoded by the production codec and named by its sha256', () => {
    expect(readFileSync(RESULT_FIXTURE, 'utf8')).toBe(goldenText(produced, tensors));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(fixture.sha256);
  });

  it('decodes with the production codec and the reference decoder to its content', () => {
    expect(fromTensorMap(decodeTensorMap(bytes))).toEqual(fixture.tensors);
    expect(referenceDecode(bytes)).toEqual(fixture.tensors);
  });
});

describe('CXTM reference codec written from the document', () => {
  const dtype = fc.constantFrom<Dtype>('float32', 'int64');
  const tensor = fc.tuple(dtype, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 })).chain(([d, dims]) => {
    const count = dims.reduce((a, b) => a * b, 1);
    const value: fc.Arbitrary<number | string> =
      d === 'float32'
        ? fc.float({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v))
        : fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
    return fc.array(value, { minLength: count, maxLength: count }).map((values): FixtureTensor => ({ dtype: d, dims, values }));
  });
  const maps = fc.dictionary(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__'), tensor, { maxKeys: 4 });

  it('decodes whatever the production codec encodes', () => {
    fc.assert(fc.property(maps, (tensors) => expect(referenceDecode(Buffer.from(encodeTensorMap(toTensorMap(tensors))))).toEqual(tensors)));
  });

  it('encodes byte for byte what the production codec encodes (the layout leaves no choice)', () => {
    fc.assert(fc.property(maps, (tensors) => expect(referenceEncode(tensors).equals(Buffer.from(encodeTensorMap(toTensorMap(tensors))))).toBe(true)));
  });

  it('writes what the production codec decodes', () => {
    fc.assert(fc.property(maps, (tensors) => expect(fromTensorMap(decodeTensorMap(referenceEncode(tensors)))).toEqual(tensors)));
  });
});

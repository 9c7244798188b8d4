import {
  decodeFederatedResult,
  decodeRoundDescriptor,
  encodeFederatedResult,
  encodeRoundDescriptor,
  SecaggMalformed,
  type RoundDescriptor,
  type UpdateOutput,
} from '../index';
import { maskedFromBase64url, maskedToBase64url } from './masked';

const A = 'A'.repeat(56);
const B = 'B'.repeat(56);
const keyA = '11'.repeat(32);
const keyB = '22'.repeat(32);
const members = [
  { nodeId: A, encryptionKey: keyA, maskingKey: keyB },
  { nodeId: B, encryptionKey: keyB, maskingKey: keyA },
];
const sealed = Buffer.alloc(61, 7).toString('base64url'); // IV, 33-byte share, tag
const share = Buffer.alloc(33, 9).toString('base64url');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const base = { protocol: 'corex-secagg-v1' as const, jobId: 'job-1', federation: 'clinics', members, threshold: 2 };
const update: RoundDescriptor = {
  ...base,
  phase: 'update',
  round: 1,
  shape: { inputs: 2, hidden: [4], classes: 3 },
  localEpochs: 5,
  learningRate: 0.5,
  clipNorm: 1,
  standardization: { mean: [0, 1], std: [1, 2] },
};

describe('round descriptors', () => {
  it('encode canonically (sorted keys, no whitespace) and decode back, for every phase', () => {
    expect(text(encodeRoundDescriptor({ ...base, phase: 'setup' }))).toBe(
      `{"federation":"clinics","jobId":"job-1","members":[{"encryptionKey":"${keyA}","maskingKey":"${keyB}","nodeId":"${A}"},{"encryptionKey":"${keyB}","maskingKey":"${keyA}","nodeId":"${B}"}],"phase":"setup","protocol":"corex-secagg-v1","threshold":2}`,
    );
    expect(decodeRoundDescriptor(encodeRoundDescriptor({ ...base, phase: 'setup' }))).toEqual({ ...base, phase: 'setup' });
    expect(decodeRoundDescriptor(encodeRoundDescriptor(update))).toEqual(update);
    const unmask: RoundDescriptor = { ...base, phase: 'unmask', round: 1, survivors: [A], dropped: [B], setupShares: { [B]: sealed }, selfShares: { [A]: sealed } };
    expect(decodeRoundDescriptor(encodeRoundDescriptor(unmask))).toEqual(unmask);
  });

  it('refuse non-canonical bytes, unknown fields, unsorted members and thresholds above n', () => {
    const canonical = text(encodeRoundDescriptor(update));
    expect(() => decodeRoundDescriptor(Buffer.from(canonical.replace('{', '{ ')))).toThrow(/not canonical/);
    expect(() => decodeRoundDescriptor(Buffer.from('not json'))).toThrow(/not UTF-8 JSON/);
    expect(() => encodeRoundDescriptor({ ...update, extra: 1 } as RoundDescriptor)).toThrow(SecaggMalformed);
    expect(() => encodeRoundDescriptor({ ...update, members: [...members].reverse() })).toThrow(/sorted by nodeId/);
    expect(() => encodeRoundDescriptor({ ...update, threshold: 3 })).toThrow(/threshold exceeds/);
  });

  it('refuse an update descriptor without masking keys or with mismatched standardization', () => {
    expect(() => encodeRoundDescriptor({ ...update, members: members.map(({ nodeId, encryptionKey }) => ({ nodeId, encryptionKey })) })).toThrow(/maskingKey/);
    expect(() => encodeRoundDescriptor({ ...update, standardization: { mean: [0], std: [1] } } as RoundDescriptor)).toThrow(/one mean and one std per input/);
  });
});

describe('federated results', () => {
  const words = Uint32Array.of(0, 1, 0xffffffff, 0x80000000);
  const output: UpdateOutput = { protocol: 'corex-secagg-v1', phase: 'update', nodeId: A, round: 2, masked: maskedToBase64url(words), length: 4, selfShares: { [A]: sealed, [B]: sealed } };

  it('round-trip, masked words little-endian base64url', () => {
    const decoded = decodeFederatedResult(encodeFederatedResult(output)) as UpdateOutput;
    expect(decoded).toEqual(output);
    expect(maskedFromBase64url(decoded.masked, decoded.length)).toEqual(words);
    expect(Buffer.from(decoded.masked, 'base64url').subarray(8, 12)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  });

  it('refuse a masked vector of another length, bad base64url and wrongly sized shares', () => {
    expect(() => encodeFederatedResult({ ...output, length: 5 })).toThrow(/masked does not hold length words/);
    expect(() => encodeFederatedResult({ ...output, masked: output.masked.replace(/.$/, '+') })).toThrow(SecaggMalformed);
    expect(output.masked.endsWith('A')).toBe(true); // 16 bytes: the last character carries 4 unused bits
    expect(() => encodeFederatedResult({ ...output, masked: output.masked.replace(/A$/, 'B') })).toThrow(/masked is not canonical/);
    expect(() => encodeFederatedResult({ ...output, selfShares: { [A]: sealed.slice(1) } })).toThrow(SecaggMalformed);
  });

  it('refuse an unmask output revealing both kinds of share for one node, and any other phase', () => {
    const unmask = { protocol: 'corex-secagg-v1' as const, phase: 'unmask' as const, nodeId: A, round: 1, selfSeeds: { [B]: share }, maskKeys: { [B]: share } };
    expect(() => encodeFederatedResult(unmask)).toThrow(/both its self-mask seed and its masking key/);
    expect(decodeFederatedResult(encodeFederatedResult({ ...unmask, maskKeys: {} }))).toEqual({ ...unmask, maskKeys: {} });
    expect(() => decodeFederatedResult(Buffer.from('{"phase":"result","protocol":"corex-secagg-v1"}'))).toThrow(SecaggMalformed);
  });
});

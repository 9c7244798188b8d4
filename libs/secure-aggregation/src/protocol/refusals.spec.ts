import { aggregateRound, runUnmask, runUpdate, SecaggError, SecaggInconsistent, SecaggMalformed, SecaggOverflow, SecaggRefusal } from '../index';
import { runSimulatedRound, setUpFederation } from '../testing/federation';
import { syntheticDelta } from '../testing/vectors';
import { fromBase64url, toBase64url } from '../wire/base64url';
import { maskedFromBase64url } from '../wire/masked';

const federation = setUpFederation(4); // t = 3
const ids = federation.members.map((m) => m.nodeId);
const self = (id: string) => ({
  nodeId: id,
  encryptionPrivateKey: federation.encryptionPrivateKeys.get(id)!,
  maskingPrivateKey: federation.maskingPrivateKeys.get(id)!,
});
const base = { jobId: federation.jobId, members: federation.members, threshold: federation.threshold };
const delta = syntheticDelta(16, 1);

function unmaskInput(survivors: string[], dropped: string[]) {
  return { ...base, round: 1, self: self(ids[0]), survivors, dropped, setupShares: {}, selfShares: {} };
}

describe('a member refuses what would expose an individual update', () => {
  it('refuses to reveal both the self-mask share and the masking-key share of the same node', () => {
    const attempt = () => runUnmask(unmaskInput(ids, [ids[2]]));
    expect(attempt).toThrow(SecaggRefusal);
    expect(attempt).toThrow(/both the self-mask and the masking key of/);
    try {
      attempt();
    } catch (error) {
      expect((error as SecaggError).code).toBe('SECAGG.REFUSED');
    }
  });

  it('refuses to take part in an unmask that lists itself as dropped', () => {
    expect(() => runUnmask(unmaskInput(ids.slice(1), [ids[0]]))).toThrow(SecaggRefusal);
  });

  it('refuses an update whose quantized sum could overflow 32 bits', () => {
    const update = { ...base, round: 1, self: self(ids[0]), delta, clipNorm: 10 };
    expect(() => runUpdate({ ...update, rows: 20_000 })).toThrow(SecaggOverflow);
    expect(() => runUpdate({ ...update, rows: 20_000 })).toThrow(/reaches 2\^31/);
    expect(runUpdate({ ...update, rows: 10_000 }).length).toBe(17);
  });

  it('refuses a private key that is not the member\'s registered key, and non-finite deltas', () => {
    const wrong = { ...self(ids[0]), maskingPrivateKey: federation.maskingPrivateKeys.get(ids[1])! };
    expect(() => runUpdate({ ...base, round: 1, self: wrong, delta, rows: 10, clipNorm: 1 })).toThrow(/masking private key does not match/);
    expect(() => runUpdate({ ...base, round: 1, self: self(ids[0]), delta: Float32Array.of(1, NaN), rows: 10, clipNorm: 1 })).toThrow(SecaggMalformed);
    expect(() => runUpdate({ ...base, round: 1, self: self(ids[0]), delta: new Float32Array(0), rows: 10, clipNorm: 1 })).toThrow(/delta must hold/);
    expect(() => runUpdate({ ...base, round: 1, self: self(ids[0]), delta, rows: 2.5, clipNorm: 1 })).toThrow(/rows must be a positive integer/);
  });
});

describe('the coordinator refuses inconsistent material', () => {
  const deltas = new Map(ids.map((id, i) => [id, syntheticDelta(16, i)]));
  const rows = new Map(ids.map((id) => [id, 10]));
  const outcome = runSimulatedRound(federation, { round: 1, deltas, rows, clipNorm: 1, dropBeforeUpdate: [ids[3]] });
  const masked = Object.fromEntries([...outcome.masked]);
  const input = { ...base, round: 1, survivors: outcome.survivors, dropped: outcome.dropped, masked, unmasks: outcome.unmasks, length: 17 };

  it('detects a wrong revealed share of a dropped member\'s masking key', () => {
    const tampered = outcome.unmasks.map((u, i) => {
      if (i > 0) return u;
      const bytes = fromBase64url(u.maskKeys[ids[3]]);
      bytes[5] ^= 0xff;
      return { ...u, maskKeys: { [ids[3]]: toBase64url(bytes) } };
    });
    expect(() => aggregateRound({ ...input, unmasks: tampered.slice(0, 3) })).toThrow(SecaggInconsistent);
  });

  it('refuses a masked vector of the wrong length and a node both survivor and dropped', () => {
    const short = { ...masked, [ids[0]]: maskedFromBase64url(outcome.updates.get(ids[0])!.masked, 17).subarray(0, 16) };
    expect(() => aggregateRound({ ...input, masked: short })).toThrow(/16 words, expected 17/);
    expect(() => aggregateRound({ ...input, dropped: [ids[3], ids[0]] })).toThrow(SecaggRefusal);
  });

  it('refuses unmask outputs of another round or from a dropped member', () => {
    expect(() => aggregateRound({ ...input, round: 2 })).toThrow(/is for round 1, not 2/);
    const forged = { ...outcome.unmasks[0], nodeId: ids[3] };
    expect(() => aggregateRound({ ...input, unmasks: [...outcome.unmasks.slice(1), forged] })).toThrow(/not a survivor/);
  });
});

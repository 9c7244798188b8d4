import { aggregateRound, runUnmask } from '../index';
import { setUpFederation } from '../testing/federation';
import { maskedVectors, normBoundRatio, sharesAddressedTo, structuralMismatch } from './coordinator';
import { runUpdate } from './update';

describe('coordinator helpers', () => {
  const federation = setUpFederation(3);
  const ids = federation.members.map((m) => m.nodeId);
  const base = { jobId: federation.jobId, members: federation.members, threshold: federation.threshold, round: 1 };
  const self = (id: string) => ({ nodeId: id, encryptionPrivateKey: federation.encryptionPrivateKeys.get(id)!, maskingPrivateKey: federation.maskingPrivateKeys.get(id)! });
  const updates = ids.slice(0, 2).map((id, i) => runUpdate({ ...base, self: self(id), delta: Float32Array.of(i + 1, -1), rows: 10, clipNorm: 5 }));
  const setups = ids.map((id) => federation.setupOutputs.get(id)!);

  it('build unmask inputs and the masked map that aggregateRound needs', () => {
    const survivors = ids.slice(0, 2);
    const unmasks = survivors.map((id) =>
      runUnmask({ ...base, self: self(id), survivors, dropped: [ids[2]], ...sharesAddressedTo(id, setups, updates) }),
    );
    const result = aggregateRound({ ...base, survivors, dropped: [ids[2]], masked: maskedVectors(updates), unmasks, length: 3 });
    expect(Array.from(result.weightedSum)).toEqual([30, -20]);
    expect(result.totalRows).toBe(20);
  });

  it('name what does not match the task, and nothing when it matches', () => {
    const expected = { phase: 'update' as const, nodeId: ids[0], round: 1, length: 3, members: ids };
    expect(structuralMismatch(updates[0], expected)).toBeNull();
    expect(structuralMismatch(updates[0], { ...expected, nodeId: ids[1] })).toMatch(/^from /);
    expect(structuralMismatch(updates[0], { ...expected, round: 2 })).toBe('round 1, expected 2');
    expect(structuralMismatch(updates[0], { ...expected, length: 4 })).toBe('length 3, expected 4');
    expect(structuralMismatch(updates[0], { ...expected, members: ids.slice(0, 2) })).toMatch(/exactly the members/);
    expect(structuralMismatch(setups[0], { ...expected, phase: 'unmask' })).toBe('phase setup, expected unmask');
  });

  it('measure the aggregate against totalRows · clipNorm', () => {
    const honest = { weightedSum: Float32Array.of(30, -40), totalRows: 10 }; // norm 50 = 10 · 5
    expect(normBoundRatio(honest, 5, 2)).toBeLessThanOrEqual(1);
    expect(normBoundRatio(honest, 5, 2)).toBeGreaterThan(0.99);
    expect(normBoundRatio({ ...honest, weightedSum: Float32Array.of(300, -400) }, 5, 2)).toBeGreaterThan(9.9);
  });
});

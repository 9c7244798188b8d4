import { SecaggQuorumLost, SECAGG_SCALE } from '../index';
import { runSimulatedRound, setUpFederation, type SimulatedFederation } from '../testing/federation';
import { plainWeightedSum, syntheticDelta } from '../testing/vectors';

const LENGTH = 300;
const CLIP = 1;

function roundData(federation: SimulatedFederation, round: number) {
  const deltas = new Map(federation.members.map((m, i) => [m.nodeId, syntheticDelta(LENGTH, round * 100 + i, i === 0 ? 1 : 0.05)]));
  const rows = new Map(federation.members.map((m, i) => [m.nodeId, 50 + 37 * i]));
  return { deltas, rows };
}

function expectDecodesTo(result: { weightedSum: Float32Array; totalRows: number }, ids: string[], data: ReturnType<typeof roundData>) {
  const expected = plainWeightedSum(ids.map((id) => data.deltas.get(id)!), ids.map((id) => data.rows.get(id)!), CLIP);
  const tolerance = ids.length / SECAGG_SCALE; // half a unit of rounding per member, plus float32 slack
  expect(result.totalRows).toBe(ids.reduce((acc, id) => acc + data.rows.get(id)!, 0));
  expect(result.weightedSum).toHaveLength(LENGTH);
  result.weightedSum.forEach((value, k) => expect(Math.abs(value - expected[k])).toBeLessThan(tolerance + Math.abs(expected[k]) * 1e-6));
}

describe('secure aggregation rounds (in memory, through the wire codec)', () => {
  it.each([3, 4, 5, 8])('with %i members, every round decodes to the plain weighted sum of clipped deltas', (n) => {
    const federation = setUpFederation(n);
    for (const round of [1, 2, 3]) {
      const data = roundData(federation, round);
      const outcome = runSimulatedRound(federation, { round, clipNorm: CLIP, ...data });
      expectDecodesTo(outcome.result, federation.members.map((m) => m.nodeId), data);
    }
  });

  it('finishes with the survivors when a member drops after setup, before sending its update', () => {
    const federation = setUpFederation(6);
    const gone = federation.members[2].nodeId;
    const data = roundData(federation, 1);
    const outcome = runSimulatedRound(federation, { round: 1, clipNorm: CLIP, ...data, dropBeforeUpdate: [gone] });
    expect(outcome.dropped).toEqual([gone]);
    expect(outcome.unmasks.every((u) => Object.keys(u.maskKeys).join() === gone)).toBe(true);
    expectDecodesTo(outcome.result, outcome.survivors, data);
  });

  it('finishes when one survivor drops during the unmask, and when the first and last members drop before updating (5 of 7 = t left)', () => {
    const federation = setUpFederation(7);
    const ids = federation.members.map((m) => m.nodeId);
    const data = roundData(federation, 1);
    const silent = runSimulatedRound(federation, { round: 1, clipNorm: CLIP, ...data, dropDuringUnmask: [ids[4]] });
    expect(silent.unmasks).toHaveLength(6);
    expectDecodesTo(silent.result, ids, data);
    const both = runSimulatedRound(federation, { round: 2, clipNorm: CLIP, ...roundData(federation, 2), dropBeforeUpdate: [ids[0], ids[6]] });
    expectDecodesTo(both.result, ids.slice(1, 6), roundData(federation, 2));
  });

  it('runs later rounds without a member that dropped earlier (its masking key was revealed)', () => {
    const federation = setUpFederation(5);
    const gone = federation.members[1].nodeId;
    runSimulatedRound(federation, { round: 1, clipNorm: CLIP, ...roundData(federation, 1), dropBeforeUpdate: [gone] });
    const members = federation.members.filter((m) => m.nodeId !== gone);
    const data = roundData(federation, 2);
    const outcome = runSimulatedRound(federation, { round: 2, clipNorm: CLIP, ...data, members });
    expectDecodesTo(outcome.result, members.map((m) => m.nodeId), data);
  });

  it('fails clearly when fewer than t members send their update', () => {
    const federation = setUpFederation(5); // t = 4
    const ids = federation.members.map((m) => m.nodeId);
    const data = roundData(federation, 1);
    expect(() => runSimulatedRound(federation, { round: 1, clipNorm: CLIP, ...data, dropBeforeUpdate: ids.slice(0, 2) })).toThrow(SecaggQuorumLost);
    expect(() => runSimulatedRound(federation, { round: 1, clipNorm: CLIP, ...data, dropBeforeUpdate: ids.slice(0, 2) })).toThrow(/3 survivors, 4 needed/);
  });

  it('fails clearly when fewer than t survivors answer the unmask', () => {
    const federation = setUpFederation(6); // t = 4
    const ids = federation.members.map((m) => m.nodeId);
    const data = roundData(federation, 1);
    expect(() => runSimulatedRound(federation, { round: 1, clipNorm: CLIP, ...data, dropBeforeUpdate: [ids[0]], dropDuringUnmask: ids.slice(1, 3) })).toThrow(
      /3 unmask responses, 4 needed/,
    );
  });
});

import { FairShare, MAX_LAG } from './fair-share';

/** Gives `fragments` one at a time to whichever of the nodes would finish lowest (ties: higher boost). */
function contend(share: FairShare, boosts: Record<string, number>, fragments: number): Record<string, number> {
  const got = Object.fromEntries(Object.keys(boosts).map((id) => [id, 0]));
  for (let i = 0; i < fragments; i++) {
    const [winner] = Object.entries(boosts).sort(([a, ba], [b, bb]) => share.finishTag(a, ba) - share.finishTag(b, bb) || bb - ba)[0]!;
    share.charge(winner!, boosts[winner!]!);
    got[winner!]!++;
  }
  return got;
}

describe('FairShare', () => {
  it('splits contended fragments in the ratio of the boosts: 3 to 1 for 3x against 1x', () => {
    expect(contend(new FairShare(), { staked: 3, unstaked: 1 }, 400)).toEqual({ staked: 300, unstaked: 100 });
  });

  it('splits 2.44x against 1.1x against 1x in proportion', () => {
    const got = contend(new FairShare(), { a: 2.44, b: 1.1, c: 1 }, 4540);
    expect(got.a! / got.c!).toBeCloseTo(2.44, 1);
    expect(got.b! / got.c!).toBeCloseTo(1.1, 1);
  });

  it('gives a node back from a long absence at most one 1x fragment of catch-up, not a burst', () => {
    const share = new FairShare();
    contend(share, { busy: 1 }, 1000);
    const got = contend(share, { busy: 1, returning: 1 }, 10);
    expect(got.returning! - got.busy!).toBeLessThanOrEqual(2 * MAX_LAG);
  });

  it('changes nothing when a clone is charged', () => {
    const share = new FairShare();
    share.clone().charge('a', 1);
    expect(share.finishTag('a', 1)).toBe(1);
  });
});

import { reconcileEpochs } from './reconciliation';

const tx = (n: number) => `0x${String(n).padStart(64, '0')}`;

describe('reconciling a node’s work, rewards and payments per epoch', () => {
  it('given each epoch paid what it earned, then every epoch is equal', () => {
    const rows = reconcileEpochs(
      [
        { epoch: 1, fragments: 2, amount: '300' },
        { epoch: 2, fragments: 1, amount: '50' },
      ],
      [
        { epoch: 1, amount: '300', txHash: tx(1) },
        { epoch: 2, amount: '50', txHash: tx(2) },
      ],
      new Set([1, 2]),
      true,
    );
    expect(rows.map((r) => [r.epoch, r.fragments, r.rewards, r.paid, r.cumulativeRewards, r.cumulativePaid, r.equal, r.why])).toEqual([
      [1, 2, '300', '300', '300', '300', true, null],
      [2, 1, '50', '50', '350', '350', true, null],
    ]);
    expect(rows[0]!.txHashes).toEqual([tx(1)]);
  });

  it('given an epoch without a payout address and the next one paying both, then the first is outstanding and the second equal', () => {
    const rows = reconcileEpochs(
      [
        { epoch: 1, fragments: 1, amount: '100' },
        { epoch: 2, fragments: 1, amount: '100' },
      ],
      [{ epoch: 2, amount: '200', txHash: tx(2) }],
      new Set([1, 2]),
      true,
    );
    expect(rows[0]).toMatchObject({ equal: false, outstanding: '100' });
    expect(rows[0]!.why).toContain('no payout address');
    expect(rows[1]).toMatchObject({ equal: true, cumulativeRewards: '200', cumulativePaid: '200', why: null });
  });

  it('given an open epoch, then its rewards are outstanding until it settles', () => {
    const [row] = reconcileEpochs([{ epoch: 4, fragments: 3, amount: '90' }], [], new Set(), true);
    expect(row).toMatchObject({ settled: false, equal: false, outstanding: '90' });
    expect(row!.why).toContain('has not settled yet');
  });

  it('given a settled epoch whose claims fall short, then it says so', () => {
    const [row] = reconcileEpochs([{ epoch: 1, fragments: 1, amount: '90' }], [{ epoch: 1, amount: '80', txHash: tx(1) }], new Set([1]), true);
    expect(row!.why).toContain('fall short');
  });
});

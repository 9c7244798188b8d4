import { cxtChanges, solanaView, type SolanaJsonTransaction, type TokenBalance } from './solana-transaction';

const MINT = 'CXTm1nt1111111111111111111111111111111111111';
const OTHER_MINT = 'So11111111111111111111111111111111111111112';
const ALICE = 'A1ice111111111111111111111111111111111111111';
const BOB = 'Bob11111111111111111111111111111111111111111';
const balance = (accountIndex: number, owner: string, amount: string, mint = MINT): TokenBalance => ({ accountIndex, mint, owner, uiTokenAmount: { amount, decimals: 9 } });

describe('cxtChanges', () => {
  it('nets each owner’s CXT accounts, leaves out other mints and owners whose CXT did not move', () => {
    const pre = [balance(1, ALICE, '5000000000'), balance(2, BOB, '7'), balance(3, ALICE, '1', OTHER_MINT)];
    const post = [balance(1, ALICE, '3000000000'), balance(2, BOB, '7'), balance(4, BOB, '2000000000'), balance(3, ALICE, '9', OTHER_MINT)];
    expect(cxtChanges(pre, post, MINT)).toEqual([
      { owner: ALICE, change: '-2000000000', decimals: 9 },
      { owner: BOB, change: '2000000000', decimals: 9 },
    ]);
  });
});

describe('solanaView', () => {
  const tx = (err: unknown, blockTime: bigint | null): SolanaJsonTransaction => ({
    slot: 42n,
    blockTime,
    meta: { err, preTokenBalances: [], postTokenBalances: [balance(1, BOB, '1000000000')] },
    transaction: {
      signatures: ['sig'],
      message: { accountKeys: [ALICE as never, BOB as never], header: { numRequiredSignatures: 1, numReadonlySignedAccounts: 0, numReadonlyUnsignedAccounts: 0 }, instructions: [] },
    },
  });

  it('reports slot, time, signers and CXT received of a landed transaction', () => {
    expect(solanaView('5ig', tx(null, 1_764_522_000n), MINT)).toEqual({
      kind: 'solana',
      chain: 'solana',
      signature: '5ig',
      slot: 42,
      timestamp: '2025-11-30T17:00:00.000Z',
      status: 'success',
      error: null,
      signers: [ALICE],
      memos: [],
      cxtChanges: [{ owner: BOB, change: '1000000000', decimals: 9 }],
    });
  });

  it('reports a failed one with the cluster’s error and no known time', () => {
    const view = solanaView('5ig', tx({ InstructionError: [0, { Custom: 1n }] }, null), MINT);
    expect(view).toMatchObject({ status: 'failed', error: '{"InstructionError":[0,{"Custom":"1"}]}', timestamp: null });
  });
});

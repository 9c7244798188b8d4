import type { ChainEvent } from '@corex/chain';
import { chainFactsOf, type ChainFactContext } from './chain-facts';

const NODE = 'U'.padEnd(56, 'A');
const KNOWN_KEY = `0x${'aa'.repeat(32)}`;
const UNKNOWN_KEY = `0x${'bb'.repeat(32)}`;
const ACCOUNT_KEY = `0x${'cc'.repeat(32)}`;
const TX = `0x${'DD'.repeat(32)}`;
const ADDR = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';

const ctx: ChainFactContext = {
  nodeIdOf: (key) => (key === KNOWN_KEY ? NODE : undefined),
  accountIdOf: (key) => (key === ACCOUNT_KEY ? 'acc-1' : undefined),
  stakeAt: async () => ({ staker: ADDR, active: 5n * 10n ** 21n, pending: 0n, boostBps: 14_000, verifier: false }),
};

const log = (contract: string, name: string, args: Record<string, unknown>): ChainEvent => ({
  id: `chain:31337:${TX.toLowerCase()}:3`,
  contract,
  address: ADDR,
  name,
  args: args as unknown as ChainEvent['args'],
  blockNumber: 12,
  blockHash: `0x${'ee'.repeat(32)}`,
  transactionHash: TX,
  logIndex: 3,
});

describe('chain facts of contract logs', () => {
  it('given a Staked log of a registered node, then a stake.changed with the string id, the state at the block and the log id', async () => {
    const facts = await chainFactsOf(log('StakingPool', 'Staked', { nodeId: KNOWN_KEY, staker: ADDR, amount: 1n, active: 1n }), ctx);
    expect(facts).toEqual([
      {
        subject: `stake.${NODE}`,
        event: {
          id: `chain:31337:${TX.toLowerCase()}:3`,
          type: 'corex.stake.changed.v1',
          data: { nodeId: NODE, nodeKey: KNOWN_KEY, cause: 'staked', staker: ADDR, active: '5000000000000000000000', pending: '0', boostBps: 14_000, verifier: false, block: 12, txHash: TX.toLowerCase() },
        },
      },
    ]);
  });

  it('given a node key no registered node hashes to, then the fact is kept under the key', async () => {
    const [fact] = await chainFactsOf(log('StakingPool', 'UnstakeRequested', { nodeId: UNKNOWN_KEY }), ctx);
    expect(fact!.subject).toBe(`stake.${UNKNOWN_KEY}`);
    expect(fact!.event.data).not.toHaveProperty('nodeId');
    expect(fact!.event.data).toMatchObject({ nodeKey: UNKNOWN_KEY, cause: 'unstake-requested' });
  });

  it('given a Slashed log, then node.slashed and the stake after it, with distinct ids', async () => {
    const facts = await chainFactsOf(log('StakingPool', 'Slashed', { nodeId: KNOWN_KEY, amount: 7n, evidenceHash: `0x${'11'.repeat(32)}`, treasury: ADDR }), ctx);
    expect(facts.map((f) => [f.event.type, f.event.id])).toEqual([
      ['corex.node.slashed.v1', `chain:31337:${TX.toLowerCase()}:3:slashed`],
      ['corex.stake.changed.v1', `chain:31337:${TX.toLowerCase()}:3`],
    ]);
    expect(facts[0]!.event.data).toMatchObject({ amount: '7', evidenceHash: `0x${'11'.repeat(32)}`, treasury: ADDR });
  });

  it('given Deposited and RewardPaid logs, then account.deposited on the funds aggregate and reward.paid on the node', async () => {
    const [deposit] = await chainFactsOf(log('MiningPool', 'Deposited', { accountId: ACCOUNT_KEY, from: ADDR, amount: 300n }), ctx);
    expect(deposit).toMatchObject({ subject: 'funds.acc-1', event: { type: 'corex.account.deposited.v1', data: { accountId: 'acc-1', accountKey: ACCOUNT_KEY, from: ADDR, amount: '300' } } });
    const [paid] = await chainFactsOf(log('MiningPool', 'RewardPaid', { nodeId: KNOWN_KEY, payout: ADDR, amount: 5n, cumulative: 9n }), ctx);
    expect(paid).toMatchObject({ subject: `stake.${NODE}`, event: { type: 'corex.reward.paid.v1', data: { nodeId: NODE, payout: ADDR, amount: '5', cumulative: '9' } } });
  });

  it('given logs the log has no fact for (roots, parameters), then nothing', async () => {
    expect(await chainFactsOf(log('MiningPool', 'RootPosted', { epoch: 1n }), ctx)).toEqual([]);
    expect(await chainFactsOf(log('StakingPool', 'ParameterChanged', {}), ctx)).toEqual([]);
  });
});

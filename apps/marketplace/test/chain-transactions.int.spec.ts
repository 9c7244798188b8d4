import { createUser } from '@nats-io/nkeys';
import { getAddress } from 'ethers';
import { subjects } from '@corex/events';
import { signOperatorChallenge } from '@corex/node-protocol';
import { rewardLeafValue } from '@corex/settlement';
import { ANCHOR_ROOT, CXT, PAYOUT, settleTransactions, type SettledTransactions } from '../../../test/support/settled-transactions';
import { evmTransactionSchema, solanaTransactionSchema } from '../src/chain-records/chain-transaction.schema';
import { startHarness, type Harness } from './marketplace-harness';
import { registered } from './operator-events';
import { expectProblem } from './problems';

/** Transactions of a real anvil and the Solana devnet, read back through the marketplace as their chains hold them. */
describe('GET /v1/chains/{chain}/transactions/{hash}', () => {
  let chains: SettledTransactions;
  let h: Harness;
  let apiKey: string;
  let operatorToken: string;
  const node = (() => {
    const user = createUser();
    return { nodeId: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()) };
  })();

  const get = (chain: string, hash: string, token = apiKey) => h.request('GET', `/v1/chains/${chain}/transactions/${hash}`, { token });

  beforeAll(async () => {
    chains = await settleTransactions(node.nodeId);
    h = await startHarness({ env: { COREX_DEPLOYMENT_FILE: chains.deploymentFile } });
    apiKey = (await h.createAccount('chain-reader')).apiKey;
    const seq = await h.append(subjects.node(node.nodeId), [registered(node.nodeId, 'rig-chain')]);
    await h.api.waitForProjection('marketplace.nodes', seq);
    const challenge = (await h.request('POST', '/v1/operator/challenges', { body: { nodeId: node.nodeId } })).body.challenge as string;
    const session = await h.request('POST', '/v1/operator/sessions', { body: { nodeId: node.nodeId, challenge, signature: signOperatorChallenge(node.nodeId, challenge, node.seed) } });
    operatorToken = session.body.token;
  });
  afterAll(async () => {
    await h?.close();
    await chains?.close();
  });

  it("shows a MiningPool payout as the chain holds it, with RewardPaid and then the pool's CXT transfer decoded, for an API key", async () => {
    const { payout, anvil, contracts } = chains;
    const res = await get('ethereum', payout.hash);
    expect(res.status).toBe(200);
    const tx = evmTransactionSchema.parse(res.body);
    const block = await anvil.provider.getBlock(payout.blockNumber);
    const pool = getAddress(String(contracts.miningPool.target));
    expect(tx).toMatchObject({
      kind: 'evm',
      chain: 'ethereum',
      evmChainId: 31337,
      txHash: payout.hash,
      blockNumber: payout.blockNumber,
      blockHash: payout.blockHash,
      timestamp: new Date(block!.timestamp * 1000).toISOString(),
      from: anvil.wallet(2).address,
      to: pool,
      contractAddress: null,
      status: 'success',
      gasUsed: payout.gasUsed.toString(),
      otherLogs: 0,
    });
    const [nodeId] = rewardLeafValue({ nodeId: node.nodeId, payout: PAYOUT, cumulative: 0n });
    expect(tx.events.map(({ contract, event, args }) => ({ contract, event, args }))).toEqual([
      {
        contract: 'MiningPool',
        event: 'RewardPaid',
        args: [
          { name: 'nodeId', type: 'bytes32', value: nodeId },
          { name: 'payout', type: 'address', value: PAYOUT },
          { name: 'amount', type: 'uint256', value: (3n * CXT).toString(), unit: 'CXT' },
          { name: 'cumulative', type: 'uint256', value: (3n * CXT).toString(), unit: 'CXT' },
        ],
      },
      {
        contract: 'CorexToken',
        event: 'Transfer',
        args: [
          { name: 'from', type: 'address', value: pool },
          { name: 'to', type: 'address', value: PAYOUT },
          { name: 'value', type: 'uint256', value: (3n * CXT).toString(), unit: 'CXT' },
        ],
      },
    ]);
    expect(tx.events.map((e) => e.logIndex)).toEqual(payout.logs.map((l) => l.index));
  });

  it('shows a ProofRegistry anchor with its epoch and root to an operator session, the hash in any case', async () => {
    const { anchor, contracts } = chains;
    const res = await get('ethereum', anchor.hash.toUpperCase().replace('0X', '0x'), operatorToken);
    expect(res.status).toBe(200);
    const tx = evmTransactionSchema.parse(res.body);
    expect(tx.txHash).toBe(anchor.hash);
    expect(tx.events).toEqual([
      {
        logIndex: 0,
        address: getAddress(String(contracts.proofRegistry.target)),
        contract: 'ProofRegistry',
        event: 'EpochAnchored',
        args: [
          { name: 'epoch', type: 'uint64', value: '1' },
          { name: 'root', type: 'bytes32', value: ANCHOR_ROOT },
          { name: 'records', type: 'uint32', value: '4' },
        ],
      },
    ]);
  });

  it('shows a Solana reward delivery as the cluster holds it: slot, time, signer, its memo and the CXT minted to the owner', async () => {
    const { solanaReward, solanaRecipient } = chains;
    const res = await get('solana', solanaReward.signature, operatorToken);
    expect(res.status).toBe(200);
    expect(solanaTransactionSchema.parse(res.body)).toEqual({
      kind: 'solana',
      chain: 'solana',
      signature: solanaReward.signature,
      slot: Number(solanaReward.slot),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      status: 'success',
      error: null,
      signers: [expect.any(String)],
      memos: ['corex:reward:v1:tr-1'],
      cxtChanges: [{ owner: solanaRecipient, change: '2500000000', decimals: 9 }],
    });
  });

  it('refuses a caller with no credential, an unknown API key and an unknown operator session', async () => {
    const hash = chains.payout.hash;
    expectProblem(await h.request('GET', `/v1/chains/ethereum/transactions/${hash}`), 401, 'AUTH.MISSING_API_KEY');
    expectProblem(await get('ethereum', hash, 'cxk_not-a-key'), 401, 'AUTH.INVALID_API_KEY');
    expectProblem(await get('ethereum', hash, 'cxo_not-a-session'), 401, 'OPERATOR.INVALID_SESSION');
  });

  it('answers 400 for a malformed hash or signature, and 404 for an unknown chain and a transaction the chain does not hold', async () => {
    const hash = chains.payout.hash;
    for (const bad of ['0x1234', `0x${'g'.repeat(64)}`, 'a'.repeat(66), `${hash}00`]) expectProblem(await get('ethereum', bad), 400, 'CHAIN.INVALID_TX_HASH');
    expectProblem(await get('solana', hash), 400, 'CHAIN.INVALID_TX_HASH');
    const unknown = await get('polygon', hash);
    expectProblem(unknown, 404, 'CHAIN.UNKNOWN');
    expect(unknown.body.details).toEqual({ known: ['ethereum', 'bsc', 'solana'] });
    expectProblem(await get('ethereum', `0x${'12'.repeat(32)}`), 404, 'CHAIN.TX_NOT_FOUND');
    expectProblem(await get('solana', '1'.repeat(64)), 404, 'CHAIN.TX_NOT_FOUND');
  });

  it('answers 503 CHAIN.UNAVAILABLE, retryable, when the chain does not answer', async () => {
    const res = await get('bsc', chains.payout.hash);
    expectProblem(res, 503, 'CHAIN.UNAVAILABLE');
    expect(res.body.details).toEqual({ retryable: true, chain: 'bsc' });
  });
});

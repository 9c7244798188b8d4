import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUser } from '@nats-io/nkeys';
import { createSolanaRpc, generateKeyPairSigner, type Address } from '@solana/kit';
import { getAddress, type TransactionReceipt } from 'ethers';
import { deploymentRecord, writeDeploymentFile } from '@corex/chain';
import { connectCorex, deployCorex, type CorexContracts } from '@corex/chain-contracts';
import { freePort, startAnvil, type AnvilChain } from '@corex/chain-contracts/src/testing/anvil';
import { subjects } from '@corex/events';
import { signOperatorChallenge } from '@corex/node-protocol';
import { ensureCorexSolana, mintReward, startSolanaDevnet, type SentTransaction, type SolanaDevnet, type SolanaRpc } from '@corex/solana-devnet';
import { proofOf, rewardLeafValue, rewardTree } from '@corex/settlement';
import { evmTransactionSchema, solanaTransactionSchema } from '../src/chain-records/chain-transaction.schema';
import { startHarness, type Harness } from './marketplace-harness';
import { registered } from './operator-events';
import { expectProblem } from './problems';

const CXT = 10n ** 18n;
const PAYOUT = getAddress(`0x${'b0'.repeat(20)}`);
const ROOT = `0x${'ab'.repeat(32)}`;

/** Transactions of a real anvil, read back through the marketplace as their chain holds them. */
describe('GET /v1/chains/{chain}/transactions/{hash}', () => {
  let anvil: AnvilChain;
  let dir: string;
  let h: Harness;
  let c: CorexContracts;
  let apiKey: string;
  let operatorToken: string;
  let payout: TransactionReceipt;
  let anchor: TransactionReceipt;
  let solana: SolanaDevnet;
  let solanaReward: SentTransaction;
  let solanaRecipient: Address;
  const node = (() => {
    const user = createUser();
    return { nodeId: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()) };
  })();

  const get = (chain: string, hash: string, token = apiKey) => h.request('GET', `/v1/chains/${chain}/transactions/${hash}`, { token });
  const mined = async (tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>) => (await (await tx).wait())!;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'corex-chain-tx-'));
    anvil = await startAnvil();
    const deployer = anvil.wallet(0);
    const settler = anvil.wallet(1);
    const deployed = await deployCorex(deployer, { settler: settler.address, anchor: settler.address, slasher: settler.address, binder: settler.address, epochLength: 30n });
    c = connectCorex(deployed, deployer);
    const file = path.join(dir, 'deployment.json');
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    // Solana: CXT minted to a node's owner as a bridged reward is delivered, with its memo.
    solana = await startSolanaDevnet({ port: 0 });
    const rpc = createSolanaRpc(solana.url) as unknown as SolanaRpc;
    const sol = await ensureCorexSolana(rpc, path.join(dir, 'solana-authority.json'));
    solanaRecipient = (await generateKeyPairSigner()).address;
    solanaReward = await mintReward(rpc, sol.authority, sol.deployment, { recipientOwner: solanaRecipient, amount: 2_500_000_000n, transferId: 'tr-1' });
    await writeDeploymentFile(file, {
      ...deploymentRecord(deployed, anvil.rpcUrl, 30),
      chains: [{ name: 'bsc', evmChainId: 56, wormholeChainId: 4, rpcUrl: unreachable, deployedAtBlock: 0, contracts: { wormholeCore: deployed.token } }],
      solana: { rpcUrl: solana.url, mint: sol.deployment.mint, escrow: sol.deployment.escrow, authority: sol.deployment.authority },
    });

    // A deposit, an epoch root paying 3 CXT to one node, the claim that pays it, and an anchor.
    await mined(c.token.approve(deployed.miningPool, 10n * CXT));
    await mined(c.miningPool.deposit(`0x${'0a'.repeat(32)}`, 10n * CXT));
    const leaf = { nodeId: node.nodeId, payout: PAYOUT, cumulative: 3n * CXT };
    const tree = rewardTree([leaf]);
    const asSettler = connectCorex(deployed, settler);
    await mined(asSettler.miningPool.postRoot(1, tree.root, 3n * CXT));
    const [nodeId] = rewardLeafValue(leaf);
    payout = await mined(connectCorex(deployed, anvil.wallet(2)).miningPool.claimFor(nodeId, PAYOUT, 3n * CXT, proofOf(tree, rewardLeafValue(leaf))));
    anchor = await mined(asSettler.proofRegistry.anchorEpoch(1, ROOT, 4));

    h = await startHarness({ env: { COREX_DEPLOYMENT_FILE: file } });
    apiKey = (await h.createAccount('chain-reader')).apiKey;
    const seq = await h.append(subjects.node(node.nodeId), [registered(node.nodeId, 'rig-chain')]);
    await h.api.waitForProjection('marketplace.nodes', seq);
    const challenge = (await h.request('POST', '/v1/operator/challenges', { body: { nodeId: node.nodeId } })).body.challenge as string;
    const session = await h.request('POST', '/v1/operator/sessions', { body: { nodeId: node.nodeId, challenge, signature: signOperatorChallenge(node.nodeId, challenge, node.seed) } });
    operatorToken = session.body.token;
  });
  afterAll(async () => {
    await h?.close();
    await anvil?.stop();
    await solana?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("shows a MiningPool payout as the chain holds it, with RewardPaid and then the pool's CXT transfer decoded, for an API key", async () => {
    const res = await get('ethereum', payout.hash);
    expect(res.status).toBe(200);
    const tx = evmTransactionSchema.parse(res.body);
    const block = await anvil.provider.getBlock(payout.blockNumber);
    expect(tx).toMatchObject({
      kind: 'evm',
      chain: 'ethereum',
      evmChainId: 31337,
      txHash: payout.hash,
      blockNumber: payout.blockNumber,
      blockHash: payout.blockHash,
      timestamp: new Date(block!.timestamp * 1000).toISOString(),
      from: anvil.wallet(2).address,
      to: getAddress(String(c.miningPool.target)),
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
          { name: 'from', type: 'address', value: getAddress(String(c.miningPool.target)) },
          { name: 'to', type: 'address', value: PAYOUT },
          { name: 'value', type: 'uint256', value: (3n * CXT).toString(), unit: 'CXT' },
        ],
      },
    ]);
    expect(tx.events.map((e) => e.logIndex)).toEqual(payout.logs.map((l) => l.index));
  });

  it('shows a ProofRegistry anchor with its epoch and root to an operator session, the hash in any case', async () => {
    const res = await get('ethereum', anchor.hash.toUpperCase().replace('0X', '0x'), operatorToken);
    expect(res.status).toBe(200);
    const tx = evmTransactionSchema.parse(res.body);
    expect(tx.txHash).toBe(anchor.hash);
    expect(tx.events).toEqual([
      {
        logIndex: 0,
        address: getAddress(String(c.proofRegistry.target)),
        contract: 'ProofRegistry',
        event: 'EpochAnchored',
        args: [
          { name: 'epoch', type: 'uint64', value: '1' },
          { name: 'root', type: 'bytes32', value: ROOT },
          { name: 'records', type: 'uint32', value: '4' },
        ],
      },
    ]);
  });

  it('refuses a caller with no credential, an unknown API key and an unknown operator session', async () => {
    expectProblem(await h.request('GET', `/v1/chains/ethereum/transactions/${payout.hash}`), 401, 'AUTH.MISSING_API_KEY');
    expectProblem(await get('ethereum', payout.hash, 'cxk_not-a-key'), 401, 'AUTH.INVALID_API_KEY');
    expectProblem(await get('ethereum', payout.hash, 'cxo_not-a-session'), 401, 'OPERATOR.INVALID_SESSION');
  });

  it('shows a Solana reward delivery as the cluster holds it: slot, time, signer, its memo and the CXT minted to the owner', async () => {
    const res = await get('solana', solanaReward.signature, operatorToken);
    expect(res.status).toBe(200);
    const tx = solanaTransactionSchema.parse(res.body);
    expect(tx).toEqual({
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

  it('answers 400 for a malformed hash or signature, and 404 for an unknown chain and a transaction the chain does not hold', async () => {
    for (const bad of ['0x1234', `0x${'g'.repeat(64)}`, 'a'.repeat(66), `${payout.hash}00`]) expectProblem(await get('ethereum', bad), 400, 'CHAIN.INVALID_TX_HASH');
    expectProblem(await get('solana', payout.hash), 400, 'CHAIN.INVALID_TX_HASH');
    const unknown = await get('polygon', payout.hash);
    expectProblem(unknown, 404, 'CHAIN.UNKNOWN');
    expect(unknown.body.details).toEqual({ known: ['ethereum', 'bsc', 'solana'] });
    expectProblem(await get('ethereum', `0x${'12'.repeat(32)}`), 404, 'CHAIN.TX_NOT_FOUND');
    expectProblem(await get('solana', '1'.repeat(64)), 404, 'CHAIN.TX_NOT_FOUND');
  });

  it('answers 503 CHAIN.UNAVAILABLE, retryable, when the chain does not answer', async () => {
    const res = await get('bsc', payout.hash);
    expectProblem(res, 503, 'CHAIN.UNAVAILABLE');
    expect(res.body.details).toEqual({ retryable: true, chain: 'bsc' });
  });
});

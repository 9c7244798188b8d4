import { createSolanaRpc, generateKeyPairSigner, type Address, type KeyPairSigner, type Signature } from '@solana/kit';
import { getTransferCheckedInstruction } from '@solana-program/token';
import {
  airdrop,
  associatedTokenAddress,
  buildTaskTransfer,
  findTaskTransfers,
  memoInstruction,
  mintReward,
  readStatusMemos,
  sendInstructions,
  sendStatusMemo,
  setupCorexSolana,
  startSolanaDevnet,
  submitTaskTransfer,
  transferFromEscrow,
  type CorexSolanaDeployment,
  type SolanaDevnet,
  type SolanaRpc,
} from '../index';
import { carryAccount } from './status-memo';

const CXT = 1_000_000_000n;
const SPEC_HASH = `0x${'ab'.repeat(32)}`;

describe('Corex on the Solana devnet', () => {
  let devnet: SolanaDevnet;
  let rpc: SolanaRpc;
  let deployment: CorexSolanaDeployment;
  let authority: Awaited<ReturnType<typeof setupCorexSolana>>['authority'];
  let payer: KeyPairSigner;

  const balanceOf = async (tokenAccount: Address) => (await rpc.getTokenAccountBalance(tokenAccount).send()).value;
  const rejectionOf = async (signature: Signature) => (await findTaskTransfers(rpc, deployment)).rejections.find((r) => r.signature === signature);

  beforeAll(async () => {
    devnet = await startSolanaDevnet();
    rpc = createSolanaRpc(devnet.url);
    ({ deployment, authority } = await setupCorexSolana(rpc));
    payer = await generateKeyPairSigner();
    await airdrop(rpc, payer.address, 5_000_000_000n);
    await mintReward(rpc, authority, deployment, { recipientOwner: payer.address, amount: 1000n * CXT });
  });
  afterAll(() => devnet.close());

  it('finds a task payment in the escrow history and parses it into a task', async () => {
    const { cursor } = await findTaskTransfers(rpc, deployment);
    const escrowBefore = BigInt((await balanceOf(deployment.escrow)).amount);
    const sent = await submitTaskTransfer(rpc, deployment, { payer, amount: 25n * CXT, specHash: SPEC_HASH });
    const scan = await findTaskTransfers(rpc, deployment, { until: cursor });
    expect(scan.rejections).toEqual([]);
    expect(scan.tasks).toEqual([
      expect.objectContaining({ taskId: sent.reference, payer: payer.address, amount: 25n * CXT, specHash: SPEC_HASH, signature: sent.signature, slot: sent.slot }),
    ]);
    expect(BigInt((await balanceOf(deployment.escrow)).amount)).toBe(escrowBefore + 25n * CXT);
    const byReference = await findTaskTransfers(rpc, deployment, { address: sent.reference, reference: sent.reference });
    expect(byReference.tasks.map((task) => task.signature)).toEqual([sent.signature]);
    expect((await findTaskTransfers(rpc, deployment, { until: scan.cursor })).tasks).toEqual([]);
  });

  it('rejects a payment of another token that names the escrow as SOLANA.WRONG_MINT', async () => {
    const fake = await setupCorexSolana(rpc);
    await mintReward(rpc, fake.authority, fake.deployment, { recipientOwner: payer.address, amount: 50n * CXT });
    const { instructions } = await buildTaskTransfer(fake.deployment, { payer, amount: 50n * CXT, specHash: SPEC_HASH, reference: deployment.escrow });
    const sent = await sendInstructions(rpc, payer, instructions);
    expect(sent.err).toBeNull();
    expect(await rejectionOf(sent.signature)).toMatchObject({ code: 'SOLANA.WRONG_MINT' });
  });

  it('rejects CXT paid to another account as SOLANA.WRONG_DESTINATION', async () => {
    const other = await generateKeyPairSigner();
    const { tokenAccount } = await mintReward(rpc, authority, deployment, { recipientOwner: other.address, amount: 1n });
    const { instructions, reference } = await buildTaskTransfer({ ...deployment, escrow: tokenAccount }, { payer, amount: 3n * CXT, specHash: SPEC_HASH });
    const sent = await sendInstructions(rpc, payer, instructions);
    const scan = await findTaskTransfers(rpc, deployment, { address: reference });
    expect(scan.rejections).toEqual([expect.objectContaining({ code: 'SOLANA.WRONG_DESTINATION', signature: sent.signature })]);
  });

  it('rejects a payment without the task memo as SOLANA.NO_MEMO', async () => {
    const { instructions } = await buildTaskTransfer(deployment, { payer, amount: 2n * CXT, specHash: SPEC_HASH });
    const sent = await sendInstructions(rpc, payer, instructions.slice(1));
    expect(await rejectionOf(sent.signature)).toMatchObject({ code: 'SOLANA.NO_MEMO' });
  });

  it('rejects a malformed task memo as SOLANA.BAD_MEMO and a transfer without reference as SOLANA.NO_REFERENCE', async () => {
    const { instructions } = await buildTaskTransfer(deployment, { payer, amount: 2n * CXT, specHash: SPEC_HASH });
    const badMemo = await sendInstructions(rpc, payer, [memoInstruction('corex:task:v1:not-a-hash'), instructions[1]]);
    expect(await rejectionOf(badMemo.signature)).toMatchObject({ code: 'SOLANA.BAD_MEMO' });
    const source = await associatedTokenAddress(payer.address, deployment.mint);
    const plain = getTransferCheckedInstruction({ source, mint: deployment.mint, destination: deployment.escrow, authority: payer, amount: 2n * CXT, decimals: 9 });
    const noReference = await sendInstructions(rpc, payer, [instructions[0], plain]);
    expect(await rejectionOf(noReference.signature)).toMatchObject({ code: 'SOLANA.NO_REFERENCE' });
  });

  it('rejects a payment that failed on chain as SOLANA.FAILED_TX', async () => {
    const { instructions } = await buildTaskTransfer(deployment, { payer, amount: 1_000_000n * CXT, specHash: SPEC_HASH });
    const sent = await sendInstructions(rpc, payer, instructions, { skipPreflight: true });
    expect(sent.err).not.toBeNull();
    expect(await rejectionOf(sent.signature)).toMatchObject({ code: 'SOLANA.FAILED_TX' });
  });

  it("reads back a task's status memos written by the authority and ignores forged ones", async () => {
    const { reference: taskId } = await submitTaskTransfer(rpc, deployment, { payer, amount: CXT, specHash: SPEC_HASH });
    await sendStatusMemo(rpc, authority, { taskId, status: 'accepted' });
    const forged = memoInstruction(`corex:status:v2:${taskId}:completed:passed:${'00'.repeat(32)}:${'00'.repeat(32)}`, [payer]);
    await sendInstructions(rpc, payer, [forged, carryAccount(payer, taskId)]);
    await sendStatusMemo(rpc, authority, { taskId, status: 'completed', resultHash: `0x${'cd'.repeat(32)}` });
    const memos = await readStatusMemos(rpc, deployment, taskId);
    expect(memos.map(({ status, resultHash }) => ({ status, resultHash }))).toEqual([
      { status: 'accepted', resultHash: `0x${'00'.repeat(32)}` },
      { status: 'completed', resultHash: `0x${'cd'.repeat(32)}` },
    ]);
  });

  it("mints a reward into the recipient's associated account, creating it once", async () => {
    const node = (await generateKeyPairSigner()).address;
    const first = await mintReward(rpc, authority, deployment, { recipientOwner: node, amount: 7n * CXT, transferId: `0x${'01'.repeat(32)}` });
    const second = await mintReward(rpc, authority, deployment, { recipientOwner: node, amount: 500_000_000n });
    expect(second.tokenAccount).toBe(first.tokenAccount);
    expect(await balanceOf(first.tokenAccount)).toEqual({ amount: '7500000000', decimals: 9, uiAmount: 7.5, uiAmountString: '7.5' });
  });

  it('refunds escrowed CXT to the submitter, listed under the task id and not taken for a task', async () => {
    const sent = await submitTaskTransfer(rpc, deployment, { payer, amount: 4n * CXT, specHash: SPEC_HASH });
    const { cursor } = await findTaskTransfers(rpc, deployment);
    const payerAccount = await associatedTokenAddress(payer.address, deployment.mint);
    const before = BigInt((await balanceOf(payerAccount)).amount);
    const refund = await transferFromEscrow(rpc, authority, deployment, { taskId: sent.reference, recipientOwner: payer.address, amount: 4n * CXT, kind: 'refund' });
    expect(BigInt((await balanceOf(payerAccount)).amount)).toBe(before + 4n * CXT);
    const underTask = await rpc.getSignaturesForAddress(sent.reference).send();
    expect(underTask.map((entry) => entry.signature)).toEqual([refund.signature, sent.signature]);
    expect(await findTaskTransfers(rpc, deployment, { until: cursor })).toMatchObject({ tasks: [], rejections: [] });
  });
});

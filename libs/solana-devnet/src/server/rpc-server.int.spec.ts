import {
  appendTransactionMessageInstructions,
  createSolanaRpc,
  createTransactionMessage,
  estimateResourceLimitsFactory,
  generateKeyPairSigner,
  isSolanaError,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  type Address,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { airdrop, memoInstruction, sendInstructions, type SolanaRpc } from '../index';
import { carryAccount } from '../corex/status-memo';
import { startSolanaDevnet, type SolanaDevnet } from './rpc-server';

describe('solana devnet JSON-RPC server', () => {
  let devnet: SolanaDevnet;
  let rpc: SolanaRpc;
  let payer: KeyPairSigner;

  beforeAll(async () => {
    devnet = await startSolanaDevnet();
    rpc = createSolanaRpc(devnet.url);
    payer = await generateKeyPairSigner();
    await airdrop(rpc, payer.address, 10_000_000_000n);
  });
  afterAll(() => devnet.close());

  it('answers an airdrop with a confirmed transfer that getTransaction reads back', async () => {
    const alice = (await generateKeyPairSigner()).address;
    const signature = await airdrop(rpc, alice, 2_000_000_000n);
    expect((await rpc.getBalance(alice).send()).value).toBe(2_000_000_000n);
    const tx = await rpc.getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }).send();
    expect(tx?.meta?.err).toBeNull();
    expect(tx?.transaction.message.accountKeys).toContain(alice);
    expect(tx?.meta?.postBalances[tx.transaction.message.accountKeys.indexOf(alice)]).toBe(2_000_000_000n);
  });

  it('advances the slot and the blockhash with every landed transaction', async () => {
    const before = await rpc.getLatestBlockhash().send();
    const slot = await rpc.getSlot().send();
    await sendInstructions(rpc, payer, [memoInstruction('tick')]);
    const after = await rpc.getLatestBlockhash().send();
    expect(after.value.blockhash).not.toBe(before.value.blockhash);
    expect(await rpc.getSlot().send()).toBe(slot + 1n);
    expect((await rpc.isBlockhashValid(before.value.blockhash).send()).value).toBe(true);
  });

  it('lands identical instructions sent one after the other as distinct transactions', async () => {
    const first = await sendInstructions(rpc, payer, [memoInstruction('same')]);
    const second = await sendInstructions(rpc, payer, [memoInstruction('same')]);
    expect(second.signature).not.toBe(first.signature);
  });

  it('refuses a failing transaction at preflight and records nothing', async () => {
    const watched = (await generateKeyPairSigner()).address;
    const tooMuch = getTransferSolInstruction({ source: payer, destination: watched, amount: 1_000_000_000_000n });
    const error = await sendInstructions(rpc, payer, [tooMuch]).catch((e: unknown) => e);
    expect(isSolanaError(error)).toBe(true);
    expect(await rpc.getSignaturesForAddress(watched).send()).toEqual([]);
  });

  it('records a failing transaction sent without preflight with its error, findable by address', async () => {
    const watched = (await generateKeyPairSigner()).address;
    const tooMuch = getTransferSolInstruction({ source: payer, destination: watched, amount: 1_000_000_000_000n });
    const sent = await sendInstructions(rpc, payer, [tooMuch], { skipPreflight: true });
    expect(sent.err).toEqual({ InstructionError: [0n, { Custom: 1n }] });
    const [entry] = await rpc.getSignaturesForAddress(watched).send();
    expect(entry.signature).toBe(sent.signature);
    expect(entry.err).toEqual(sent.err);
    const tx = await rpc.getTransaction(sent.signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }).send();
    expect(tx?.meta?.err).toEqual(sent.err);
    expect(tx?.meta?.logMessages?.join('\n')).toContain('insufficient lamports');
  });

  it('pages getSignaturesForAddress newest first with before, until and limit', async () => {
    const watched = (await generateKeyPairSigner()).address;
    const sent: Signature[] = [];
    for (let n = 0; n < 5; n += 1) sent.push((await sendInstructions(rpc, payer, [memoInstruction(`n${n}`), carryAccount(payer, watched)])).signature);
    const newestFirst = [...sent].reverse();
    const all = await rpc.getSignaturesForAddress(watched).send();
    expect(all.map((entry) => entry.signature)).toEqual(newestFirst);
    expect(all[0].memo).toBe('[2] n4');
    const firstPage = await rpc.getSignaturesForAddress(watched, { limit: 2 }).send();
    expect(firstPage.map((entry) => entry.signature)).toEqual(newestFirst.slice(0, 2));
    const secondPage = await rpc.getSignaturesForAddress(watched, { limit: 2, before: firstPage[1].signature }).send();
    expect(secondPage.map((entry) => entry.signature)).toEqual(newestFirst.slice(2, 4));
    const sinceSecond = await rpc.getSignaturesForAddress(watched, { until: sent[1] }).send();
    expect(sinceSecond.map((entry) => entry.signature)).toEqual(newestFirst.slice(0, 3));
    const between = await rpc.getSignaturesForAddress(watched, { before: sent[4], until: sent[0] }).send();
    expect(between.map((entry) => entry.signature)).toEqual([sent[3], sent[2], sent[1]]);
  });

  it("simulates an unsigned message for kit's resource estimate without landing it", async () => {
    const { value: lifetime } = await rpc.getLatestBlockhash().send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
      (m) => appendTransactionMessageInstructions([memoInstruction('estimate me')], m),
    );
    const slot = await rpc.getSlot().send();
    const { computeUnitLimit } = await estimateResourceLimitsFactory({ rpc })(message);
    expect(computeUnitLimit).toBeGreaterThan(0);
    expect(await rpc.getSlot().send()).toBe(slot);
  });

  it('reads accounts in base64 and reports missing ones as null', async () => {
    const missing = (await generateKeyPairSigner()).address as Address;
    expect((await rpc.getAccountInfo(missing, { encoding: 'base64' }).send()).value).toBeNull();
    const payerAccount = (await rpc.getMultipleAccounts([payer.address, missing], { encoding: 'base64' }).send()).value;
    expect(payerAccount[0]?.owner).toBe('11111111111111111111111111111111');
    expect(payerAccount[1]).toBeNull();
    expect(await rpc.getMinimumBalanceForRentExemption(0n).send()).toBe(lamports(890_880n));
  });
});

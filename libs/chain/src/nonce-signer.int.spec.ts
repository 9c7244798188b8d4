import { spawn } from 'node:child_process';
import { Wallet } from 'ethers';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@corex/projections';
import { createTestDatabase } from '../../../test/support/infra';
import { chainMigrations, ChainTxRejectedError, ChainTxRevertedError, NonceSigner } from './index';
import { deployEmitter } from './testing/emitter';
import { startAnvil as startTestAnvil, type AnvilChain as TestAnvil } from '@corex/chain-contracts/src/testing/anvil';
import { until } from '../../../test/support/until';

interface Intent {
  id: string;
  to: string;
  value: string;
}

/** Distinct recipients with distinct amounts: a transfer sent twice shows as a doubled balance. */
const intents = (label: string, n: number): Intent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${label}-${i}`, to: Wallet.createRandom().address, value: String(1000 + i) }));

/** Runs testing/signer-process.ts until it exits (by itself or by its own SIGKILL). */
function runSignerProcess(env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `${__dirname}/testing/signer-process.ts`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.once('exit', (_code, signal) => resolve({ signal, stdout, stderr }));
  });
}

describe('NonceSigner against anvil', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let anvil: TestAnvil;
  let keyIndex = 1;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource({ url: db.url, migrations: chainMigrations, migrationsTableName: 'chain_migrations' });
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });
  afterEach(async () => anvil?.stop());

  /** Each test signs with its own dev key, so outbox rows of one test never meet another's. */
  const openSigner = (wallet: Wallet, extra: Partial<Parameters<typeof NonceSigner.open>[0]> = {}) =>
    NonceSigner.open({ ds, provider: anvil.provider, wallet, chainId: anvil.chainId, pollMs: 20, ...extra });

  const expectEachPaidOnce = async (sent: Intent[], from: string) => {
    for (const i of sent) expect(await anvil.provider.getBalance(i.to)).toBe(BigInt(i.value));
    expect(await anvil.provider.getTransactionCount(from, 'latest')).toBe(sent.length);
  };

  it('killed between persisting an intent and sending it, a restarted signer sends it once and goes on', async () => {
    anvil = await startTestAnvil();
    const wallet = anvil.wallet(keyIndex++);
    const planned = intents('persist-crash', 3);
    const run = await runSignerProcess({
      DATABASE_URL: db.url, RPC_URL: anvil.rpcUrl, CHAIN_ID: String(anvil.chainId), KEY: wallet.privateKey,
      INTENTS: JSON.stringify(planned), CRASH_AT: 'persisted', CRASH_INTENT: planned[1].id,
    });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).toContain(`submitted ${planned[0].id}`);
    expect(await anvil.provider.getTransactionCount(wallet.address, 'pending')).toBe(1);

    const signer = await openSigner(wallet);
    // The caller does not know how far the dead process got: it submits everything again.
    const again = await Promise.all(planned.map((i) => signer.submit(i.id, { to: i.to, value: BigInt(i.value) })));
    const mined = await Promise.all(planned.map((i) => signer.waitMined(i.id)));

    expect(again.map((s) => s.nonce)).toEqual([0, 1, 2]);
    expect(mined.map((m) => m.hash)).toEqual(again.map((s) => s.hash));
    await expectEachPaidOnce(planned, wallet.address);
  });

  it('killed between sending and the receipt, with one transaction lost by the node, a restarted signer re-sends the same bytes and nothing twice', async () => {
    anvil = await startTestAnvil({ args: ['--no-mining'] });
    const wallet = anvil.wallet(keyIndex++);
    const planned = intents('send-crash', 3);
    const run = await runSignerProcess({
      DATABASE_URL: db.url, RPC_URL: anvil.rpcUrl, CHAIN_ID: String(anvil.chainId), KEY: wallet.privateKey,
      INTENTS: JSON.stringify(planned), CRASH_AT: 'sent', CRASH_INTENT: planned[2].id,
    });
    expect(run.signal).toBe('SIGKILL');
    const firstHashes = new Map(run.stdout.trim().split('\n').map((l) => [l.split(' ')[1], l.split(' ')[2]]));
    expect(firstHashes.size).toBe(2);
    const lost = firstHashes.get(planned[1].id)!;
    await anvil.rpc('anvil_dropTransaction', [lost]);
    expect(await anvil.provider.getTransaction(lost)).toBeNull();

    const signer = await openSigner(wallet);
    expect(await anvil.provider.getTransaction(lost)).not.toBeNull();
    expect((await signer.submit(planned[1].id, { to: planned[1].to, value: BigInt(planned[1].value) })).hash).toBe(lost);
    await anvil.rpc('evm_mine');
    const mined = await Promise.all(planned.map((i) => signer.waitMined(i.id)));

    expect(mined.map((m) => m.nonce)).toEqual([0, 1, 2]);
    expect(mined[1].hash).toBe(lost);
    await expectEachPaidOnce(planned, wallet.address);
  });

  it('gives concurrent submits consecutive nonces, and a duplicate intent id its first transaction', async () => {
    anvil = await startTestAnvil();
    const wallet = anvil.wallet(keyIndex++);
    const signer = await openSigner(wallet);
    const planned = intents('concurrent', 12);
    const submitted = await Promise.all([...planned, ...planned].map((i) => signer.submit(i.id, { to: i.to, value: BigInt(i.value) })));
    await Promise.all(planned.map((i) => signer.waitMined(i.id)));

    const firsts = submitted.slice(0, planned.length);
    expect(firsts.map((s) => s.nonce).sort((a, b) => a - b)).toEqual(planned.map((_, n) => n));
    expect(submitted.slice(planned.length)).toEqual(firsts);
    await expectEachPaidOnce(planned, wallet.address);
  });

  it('refuses a duplicate intent id that carries another transaction', async () => {
    anvil = await startTestAnvil();
    const wallet = anvil.wallet(keyIndex++);
    const signer = await openSigner(wallet);
    const [a] = intents('conflict', 1);
    await signer.submit(a.id, { to: a.to, value: 1n });
    await expect(signer.submit(a.id, { to: a.to, value: 2n })).rejects.toMatchObject({ code: 'CHAIN.INTENT_CONFLICT' });
  });

  it('fills the nonce of a transaction the node refuses for good, so later intents are not stuck behind it', async () => {
    anvil = await startTestAnvil();
    const wallet = anvil.wallet(keyIndex++);
    const signer = await openSigner(wallet);
    const [bad, good] = intents('gap', 2);
    // Below the intrinsic 21000 gas of any transaction: no node will ever take it.
    await signer.submit(bad.id, { to: bad.to, value: 5n, gasLimit: 20_000n });
    await signer.submit(good.id, { to: good.to, value: BigInt(good.value) });

    await expect(signer.waitMined(bad.id)).rejects.toBeInstanceOf(ChainTxRejectedError);
    const mined = await signer.waitMined(good.id);
    expect(mined.nonce).toBe(1);
    expect(await anvil.provider.getBalance(bad.to)).toBe(0n);
    expect(await anvil.provider.getBalance(good.to)).toBe(BigInt(good.value));
  });

  it('refuses a call whose gas estimate reverts before taking a nonce; one sent with its own gas limit is mined, reverts, and is not re-sent', async () => {
    anvil = await startTestAnvil();
    const wallet = anvil.wallet(keyIndex++);
    const emitter = await deployEmitter(anvil.wallet(0));
    const signer = await openSigner(wallet);
    const fail = emitter.interface.encodeFunctionData('fail');
    const to = emitter.target as string;

    await expect(signer.submit('revert-estimated', { to, data: fail })).rejects.toThrow();
    expect((await ds.query(`SELECT count(*)::int AS n FROM chain.outbox WHERE intent_id = 'revert-estimated'`))[0].n).toBe(0);

    const sent = await signer.submit('revert-mined', { to, data: fail, gasLimit: 100_000n });
    expect(sent.nonce).toBe(0);
    await expect(signer.waitMined('revert-mined')).rejects.toBeInstanceOf(ChainTxRevertedError);
    await (await openSigner(wallet)).recover();
    expect(await anvil.provider.getTransactionCount(wallet.address, 'latest')).toBe(1);
  });

  it('re-signs a transaction that stays unmined with higher fees at the same nonce; only one version is mined', async () => {
    anvil = await startTestAnvil({ args: ['--no-mining'] });
    const wallet = anvil.wallet(keyIndex++);
    const signer = await openSigner(wallet, { bumpAfterMs: 0 });
    const [i] = intents('bump', 1);
    const first = await signer.submit(i.id, { to: i.to, value: BigInt(i.value) });
    // The pending transaction is older than bumpAfterMs: the next step re-signs it.
    const waiting = signer.waitMined(i.id);
    await waitFor(async () => (await ds.query(`SELECT cardinality(hashes) AS n FROM chain.outbox WHERE intent_id = $1`, [i.id]))[0].n >= 2);
    await anvil.rpc('evm_mine');
    const mined = await waiting;

    expect(mined.nonce).toBe(first.nonce);
    expect(mined.hash).not.toBe(first.hash);
    await expectEachPaidOnce([i], wallet.address);
  });
});

function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<true> {
  return until(async () => ((await condition()) ? true : undefined), 'the condition', timeoutMs, 20);
}

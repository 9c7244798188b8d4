import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createSolanaRpc, generateKeyPairSigner } from '@solana/kit';
import type { CorexSolanaDeployment } from '../corex/deployment';
import { loadCorexSolanaKeys } from '../corex/key-file';
import { airdrop } from '../corex/send';
import { startSolanaDevnet } from './rpc-server';

describe('solana devnet lifecycle', () => {
  let stateDir: string;
  beforeAll(() => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'solana-devnet-'));
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('restores balances and transaction history from its state directory after a restart', async () => {
    const first = await startSolanaDevnet({ stateDir });
    const alice = (await generateKeyPairSigner()).address;
    const signature = await airdrop(createSolanaRpc(first.url), alice, 3_000_000_000n);
    await first.close();

    const second = await startSolanaDevnet({ stateDir });
    const rpc = createSolanaRpc(second.url);
    expect((await rpc.getBalance(alice).send()).value).toBe(3_000_000_000n);
    expect((await rpc.getSignaturesForAddress(alice).send()).map((entry) => entry.signature)).toEqual([signature]);
    const tx = await rpc.getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }).send();
    expect(tx?.meta?.postBalances).toContain(3_000_000_000n);
    const later = await airdrop(rpc, alice, 1_000_000_000n);
    expect((await rpc.getSignaturesForAddress(alice).send()).map((entry) => entry.signature)).toEqual([later, signature]);
    await second.close();
  });

  it('runs from its bin, sets Corex up from a key file and keeps its addresses across a restart', async () => {
    const keyFile = path.join(stateDir, 'corex-keys.json');
    const args = ['--port', '0', '--state-dir', path.join(stateDir, 'bin-chain'), '--corex-keys', keyFile];
    const first = await runBin(args, async ({ url, corex }) => {
      expect(await createSolanaRpc(url).getHealth().send()).toBe('ok');
      return corex;
    });
    const second = await runBin(args, async ({ url, corex }) => {
      expect((await createSolanaRpc(url).getTokenAccountBalance(corex.escrow).send()).value.decimals).toBe(9);
      return corex;
    });
    expect(second).toEqual(first);
    expect((await loadCorexSolanaKeys(keyFile)).authority.address).toBe(first.authority);
  });
});

type ReadyLine = { url: string; corex: CorexSolanaDeployment };

async function runBin<T>(args: string[], use: (ready: ReadyLine) => Promise<T>): Promise<T> {
  const bin = path.join(__dirname, '../../bin/solana-devnet.js');
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    return await use(JSON.parse(line) as ReadyLine);
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
}

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createSolanaRpc, generateKeyPairSigner } from '@solana/kit';
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

  it('runs from its bin and prints one JSON ready line with its URL', async () => {
    const bin = path.join(__dirname, '../../bin/solana-devnet.js');
    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(line) as { url: string };
      expect(await createSolanaRpc(url).getHealth().send()).toBe('ok');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { JsonRpcProvider, Wallet, HDNodeWallet, Mnemonic } from 'ethers';
import { chainProvider } from '../provider';
import { DEV_MNEMONIC } from '../dev-keys';

/** A real anvil process for one test file (until libs/chain-contracts ships its own helper). */
export interface TestAnvil {
  rpcUrl: string;
  chainId: number;
  port: number;
  provider: JsonRpcProvider;
  /** Dev account `index` of anvil's well-known mnemonic, connected to `provider`. */
  wallet(index: number): Wallet;
  /** Raw JSON-RPC (evm_mine, anvil_dropTransaction, ...). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  mine(blocks?: number): Promise<void>;
  stop(): Promise<void>;
}

const ANVIL_BIN = path.resolve(__dirname, '../../../../node_modules/.bin/anvil');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startTestAnvil(options: { chainId?: number; args?: string[] } = {}): Promise<TestAnvil> {
  const chainId = options.chainId ?? 31337;
  const port = await freePort();
  const child: ChildProcess = spawn(ANVIL_BIN, ['--port', String(port), '--chain-id', String(chainId), '--silent', ...(options.args ?? [])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}): ${stderr}`);
    const answered = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`anvil did not answer on ${rpcUrl}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const provider = chainProvider(rpcUrl, chainId);
  const mnemonic = Mnemonic.fromPhrase(DEV_MNEMONIC);
  return {
    rpcUrl,
    chainId,
    port,
    provider,
    wallet: (index) => new Wallet(HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`).privateKey, provider),
    rpc: (method, params = []) => provider.send(method, params),
    mine: async (blocks = 1) => {
      await provider.send('anvil_mine', [`0x${blocks.toString(16)}`]);
    },
    stop: async () => {
      provider.destroy();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

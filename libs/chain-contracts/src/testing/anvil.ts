import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HDNodeWallet, JsonRpcProvider, Mnemonic, Wallet } from 'ethers';
import { repoRoot } from '../build/compile';

/** anvil's well-known development mnemonic: public keys, for local chains only. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/** A real anvil process (one per test file), with funded dev accounts and the evm_* controls tests need. */
export interface AnvilChain {
  rpcUrl: string;
  chainId: number;
  port: number;
  /**
   * `staticNetwork` + `cacheTimeout: -1`, so quick successive transactions read fresh nonces;
   * `batchStallTime: 0`, so a lone request does not wait 10 ms for company.
   */
  provider: JsonRpcProvider;
  /** Dev account `index` (10,000 ETH each), connected to `provider`. */
  wallet(index: number): Wallet;
  /** Raw JSON-RPC. */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  snapshot(): Promise<string>;
  /** Back to a snapshot (which is used up: take a new one to revert again). */
  revert(snapshotId: string): Promise<void>;
  /** Moves the clock forward and mines a block with the new time. */
  increaseTime(seconds: number): Promise<void>;
  mine(blocks?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartAnvilOptions {
  chainId?: number;
  /** Number of funded dev accounts (default 10). */
  accounts?: number;
  /** Extra anvil arguments. */
  args?: string[];
}

const anvilBin = (): string => join(repoRoot(), 'node_modules/.bin/anvil');

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

/** Starts anvil on a free port and resolves once it answers JSON-RPC. */
export async function startAnvil(options: StartAnvilOptions = {}): Promise<AnvilChain> {
  const chainId = options.chainId ?? 31337;
  const accounts = options.accounts ?? 10;
  const port = await freePort();
  const args = ['--port', String(port), '--chain-id', String(chainId), '--accounts', String(accounts), '--silent', ...(options.args ?? [])];
  const child = spawn(anvilBin(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(rpcUrl, child, () => stderr);

  const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1, batchStallTime: 0 });
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(ANVIL_MNEMONIC), "m/44'/60'/0'/0");
  const wallets = new Map<number, Wallet>();
  const rpc = <T>(method: string, params: unknown[] = []): Promise<T> => provider.send(method, params) as Promise<T>;
  return {
    rpcUrl,
    chainId,
    port,
    provider,
    wallet(index) {
      if (index < 0 || index >= accounts) throw new Error(`anvil has ${accounts} dev accounts, not #${index}`);
      let wallet = wallets.get(index);
      if (!wallet) {
        wallet = new Wallet(root.deriveChild(index).privateKey, provider);
        wallets.set(index, wallet);
      }
      return wallet;
    },
    rpc,
    snapshot: () => rpc<string>('evm_snapshot'),
    async revert(snapshotId) {
      if (!(await rpc<boolean>('evm_revert', [snapshotId]))) throw new Error(`evm_revert ${snapshotId} failed`);
    },
    async increaseTime(seconds) {
      await rpc('evm_increaseTime', [seconds]);
      await rpc('evm_mine');
    },
    async mine(blocks = 1) {
      await rpc('anvil_mine', [`0x${blocks.toString(16)}`]);
    },
    async stop() {
      provider.destroy();
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilAnswering(rpcUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}): ${stderr()}`);
    const answered = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`anvil did not answer on ${rpcUrl}: ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

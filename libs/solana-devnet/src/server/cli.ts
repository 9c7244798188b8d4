import { parseArgs } from 'node:util';
import { createSolanaRpc } from '@solana/kit';
import { ensureCorexSolana } from '../corex/key-file';
import { startSolanaDevnet } from './rpc-server';

const USAGE = `usage: solana-devnet [--port 8899] [--host 127.0.0.1] [--state-dir DIR] [--corex-keys FILE]

  Serves a Solana JSON-RPC devnet over LiteSVM (the subset @solana/kit needs) and prints one JSON line when ready:
  {"url"}, plus {"corex": {authority, mint, escrow, decimals}} with --corex-keys.
  --port        0 picks a free port (default 8899, Solana's RPC port)
  --state-dir   keep the chain here across restarts (default: in memory only)
  --corex-keys  set Corex up (CXT mint, escrow) from the seeds in FILE, created if missing (devnet secrets, mode 0600)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8899' },
      host: { type: 'string', default: '127.0.0.1' },
      'state-dir': { type: 'string' },
      'corex-keys': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const devnet = await startSolanaDevnet({ port, host: values.host, stateDir: values['state-dir'] });
  const keyFile = values['corex-keys'];
  const corex = keyFile ? (await ensureCorexSolana(createSolanaRpc(devnet.url), keyFile)).deployment : undefined;
  process.stdout.write(`${JSON.stringify({ url: devnet.url, ...(corex ? { corex } : {}) })}\n`);
  const stop = () => void devnet.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`solana-devnet: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

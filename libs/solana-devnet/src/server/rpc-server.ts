import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LiteSVM } from 'litesvm';
import { DevnetChain } from './devnet-chain';
import { Faucet } from './faucet';
import { loadChain, saveChain } from './persistence';
import { stringifyJson } from './json';
import { accountMethods, type RpcHandler } from './rpc-accounts';
import { RPC_ERROR, RpcError } from './rpc-error';
import { transactionMethods } from './rpc-transactions';

/** A running Solana devnet: its JSON-RPC URL and the chain behind it. */
export interface SolanaDevnet {
  /** `http://host:port`, to give to `createSolanaRpc`. */
  readonly url: string;
  readonly port: number;
  readonly chain: DevnetChain;
  close(): Promise<void>;
}

/** Options of {@link startSolanaDevnet}. */
export interface SolanaDevnetOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** A prepared LiteSVM; a fresh one by default. */
  svm?: LiteSVM;
  /** Keep the bank and the ledger here: restored on start, saved shortly after each landed transaction and on close. */
  stateDir?: string;
}

interface JsonRpcRequest { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown }

/**
 * Starts a Solana JSON-RPC 2.0 server over a LiteSVM bank: the subset of methods that @solana/kit's `createSolanaRpc`
 * needs to send transactions and read them back (libs/solana-devnet/README.md). `GET /health` answers `ok`.
 */
export async function startSolanaDevnet(options: SolanaDevnetOptions = {}): Promise<SolanaDevnet> {
  const chain = options.stateDir && !options.svm ? loadChain(options.stateDir) : new DevnetChain(options.svm);
  const persistence = options.stateDir ? persistTo(chain, options.stateDir) : undefined;
  const faucet = await Faucet.create(chain);
  const methods = { ...accountMethods(chain, faucet), ...transactionMethods(chain) };
  const server = createServer((req, res) => void handle(methods, req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    chain,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }).finally(() => persistence?.flush()),
  };
}

function persistTo(chain: DevnetChain, dir: string): { flush(): void } {
  let pending: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(pending);
    pending = undefined;
    saveChain(chain, dir);
  };
  // Coalesces the saves of a burst of transactions into one write of the bank snapshot.
  chain.onLanded = () => {
    pending ??= setTimeout(flush, 200).unref();
  };
  return { flush };
}

async function handle(methods: Record<string, RpcHandler>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, 'ok', 'text/plain');
  if (req.method !== 'POST') return send(res, 405, 'POST JSON-RPC requests', 'text/plain');
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return send(res, 200, stringifyJson(failure(null, new RpcError(RPC_ERROR.parse, 'Parse error'))));
  }
  const answer = Array.isArray(body)
    ? await Promise.all(body.map((request) => call(methods, request as JsonRpcRequest)))
    : await call(methods, body as JsonRpcRequest);
  send(res, 200, stringifyJson(answer));
}

async function call(methods: Record<string, RpcHandler>, request: JsonRpcRequest): Promise<unknown> {
  const id = request?.id ?? null;
  try {
    if (request?.jsonrpc !== '2.0' || typeof request.method !== 'string') throw new RpcError(RPC_ERROR.invalidRequest, 'Invalid request');
    const handler = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
    if (!handler) throw new RpcError(RPC_ERROR.methodNotFound, `Method not found: ${request.method}`);
    const params = Array.isArray(request.params) ? request.params : [];
    return { jsonrpc: '2.0', id, result: await handler(params) };
  } catch (error) {
    return failure(id, error instanceof RpcError ? error : new RpcError(RPC_ERROR.internal, `Internal error: ${String(error)}`));
  }
}

function failure(id: unknown, error: RpcError) {
  return { jsonrpc: '2.0', id, error: { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

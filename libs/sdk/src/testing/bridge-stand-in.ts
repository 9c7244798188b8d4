import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keccak256 } from 'ethers';

/**
 * A stand-in for the bridge's public HTTP API (apps/bridge): `PUT /v1/specs/0x{keccak hex}` stores a spec only when
 * keccak256(body) is the hash (else 422); `GET /v1/tasks/{taskId}/result` serves whatever bytes the test put in `results`.
 */
export interface BridgeStandIn {
  readonly url: string;
  /** Specs received, by hash (64 hex, no 0x). */
  readonly specs: Map<string, Buffer>;
  /** Result documents to serve, by task id. */
  readonly results: Map<string, Buffer>;
  close(): Promise<void>;
}

export async function startBridgeStandIn(): Promise<BridgeStandIn> {
  const specs = new Map<string, Buffer>();
  const results = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const spec = /^\/v1\/specs\/0x([0-9a-f]{64})$/.exec(req.url ?? '');
      const result = /^\/v1\/tasks\/([^/]+)\/result$/.exec(req.url ?? '');
      if (req.method === 'PUT' && spec) {
        if (keccak256(body).slice(2) !== spec[1]) return void res.writeHead(422).end('{"code":"SPEC.HASH_MISMATCH"}');
        specs.set(spec[1]!, body);
        return void res.writeHead(204).end();
      }
      const served = req.method === 'GET' && result ? results.get(decodeURIComponent(result[1]!)) : undefined;
      if (served) return void res.writeHead(200, { 'content-type': 'application/json' }).end(served);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    specs,
    results,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

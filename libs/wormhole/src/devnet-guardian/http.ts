import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getBytes } from 'ethers';

export interface GuardianHttpServer {
  url: string;
  close(): Promise<void>;
}

export interface GuardianRoutes {
  /** VAA hex by message key (`chain/emitter64/sequence`). */
  signedVaa(key: string): string | undefined;
  health(): unknown;
}

const SIGNED_VAA = /^\/v1\/signed_vaa\/(\d{1,5})\/(?:0x)?([0-9a-fA-F]{64})\/(\d{1,20})\/?$/;

/** The guardian REST shape: `GET /v1/signed_vaa/{chain}/{emitter}/{sequence}` → `{ vaaBytes: base64 }`, 404 until observed. */
export function listen(port: number, host: string, routes: GuardianRoutes): Promise<GuardianHttpServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://guardian').pathname;
    if (req.method !== 'GET') return send(res, 405, { code: 5, message: 'only GET' });
    if (path === '/health') return send(res, 200, routes.health());
    const match = SIGNED_VAA.exec(path);
    if (!match) return send(res, 404, { code: 5, message: `no route ${path}` });
    const key = `${Number(match[1])}/${match[2]!.toLowerCase()}/${BigInt(match[3]!)}`;
    const vaa = routes.signedVaa(key);
    // The guardian's own API answers 404 with gRPC code 5 (NotFound) until the message is signed.
    if (!vaa) return send(res, 404, { code: 5, message: 'requested VAA not found in store' });
    return send(res, 200, { vaaBytes: Buffer.from(getBytes(vaa)).toString('base64') });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${bound}`,
        close: () => new Promise<void>((done) => server.close(() => done()).closeAllConnections()),
      });
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

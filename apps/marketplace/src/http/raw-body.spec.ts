import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request } from 'express';
import { rawBodyStream } from './raw-body';

/** A real HTTP server whose handler reads the body through rawBodyStream and reports what it saw. */
function serve(limit: number): { server: Server; outcome: Promise<{ bytes: number } | { code: string }>; firstChunk: Promise<void> } {
  let report!: (o: { bytes: number } | { code: string }) => void;
  let received!: () => void;
  const outcome = new Promise<{ bytes: number } | { code: string }>((resolve) => (report = resolve));
  const firstChunk = new Promise<void>((resolve) => (received = resolve));
  const server = createServer(async (req, res) => {
    let bytes = 0;
    try {
      for await (const chunk of rawBodyStream(req as unknown as Request, limit)) {
        bytes += chunk.length;
        received();
      }
      report({ bytes });
      res.end('ok');
    } catch (err) {
      report({ code: (err as { code: string }).code });
      res.statusCode = 413;
      res.end('refused');
    }
  });
  return { server, outcome, firstChunk };
}

async function listen(server: Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('rawBodyStream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('fails with REQUEST.ABORTED when the client hangs up mid-body, rather than ending as if complete', async () => {
    const served = serve(1 << 20);
    server = served.server;
    const port = await listen(server);
    const req = request({ port, method: 'POST', headers: { 'content-length': '100000', 'content-type': 'text/csv' } });
    req.on('error', () => undefined);
    req.write('a\n1\n2\n');
    await served.firstChunk;
    req.destroy();
    expect(await served.outcome).toEqual({ code: 'REQUEST.ABORTED' });
  });

  it('refuses a body past the limit with REQUEST.TOO_LARGE and drains the rest, so the client reads the answer', async () => {
    const served = serve(1000);
    server = served.server;
    const port = await listen(server);
    const req = request({ port, method: 'POST', headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/csv' } });
    const response = once(req, 'response') as Promise<[IncomingMessage]>;
    for (let i = 0; i < 50; i++) req.write('x'.repeat(1000));
    req.end();
    const [res] = await response;
    expect(res.statusCode).toBe(413);
    expect(await served.outcome).toEqual({ code: 'REQUEST.TOO_LARGE' });
  });

  it('yields the whole body of a complete request', async () => {
    const served = serve(1 << 20);
    server = served.server;
    const port = await listen(server);
    const req = request({ port, method: 'POST', headers: { 'content-type': 'text/csv' } });
    const response = once(req, 'response');
    req.end('y'.repeat(70_000));
    await response;
    expect(await served.outcome).toEqual({ bytes: 70_000 });
  });
});

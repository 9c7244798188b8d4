import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceOps } from './service-ops';

export interface RunningOpsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Answers a request for `/metrics` or `/health`; anything else is an RFC 9457 problem (404, or 405
 * for another method than GET). For services without an HTTP API of their own (`serveOps`) and
 * for mounting on one (`app.use`).
 */
export function opsRequestHandler(ops: ServiceOps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' && path !== '/health') return problem(res, 404, 'OPS.NOT_FOUND', 'Not found', 'this port serves GET /metrics and GET /health');
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'OPS.METHOD_NOT_ALLOWED', 'Method not allowed', `${path} answers GET only`);
    const answer =
      path === '/metrics'
        ? ops.registry.metrics().then((text) => ({ status: 200, type: ops.registry.contentType as string, body: text }))
        : ops.health().then(({ httpStatus, body }) => ({ status: httpStatus, type: 'application/json', body: JSON.stringify(body) }));
    answer.then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => problem(res, 503, 'OPS.UNAVAILABLE', 'Unavailable', `${path} could not be read; try again`),
    );
  };
}

/** Express-style middleware answering `/metrics` and `/health` on a service's own HTTP API, passing every other request on. */
export function opsMiddleware(ops: ServiceOps) {
  const handle = opsRequestHandler(ops);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '/').split('?')[0];
    if ((path === '/metrics' || path === '/health') && (req.method === 'GET' || req.method === 'HEAD')) handle(req, res);
    else next();
  };
}

/** Listens on `port` (0: any free port) for `/metrics` and `/health` of a service without an HTTP API. */
export function serveOps(ops: ServiceOps, options: { port: number; host?: string }): Promise<RunningOpsServer> {
  const server = createServer(opsRequestHandler(ops));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          (closing ??= new Promise<void>((done) => {
            server.close(() => done());
            // A scraper's keep-alive connection would hold the close open.
            server.closeAllConnections();
          })),
      });
    });
  });
}

function problem(res: ServerResponse, status: number, code: string, title: string, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail, code }));
}

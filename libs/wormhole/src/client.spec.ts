import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, type GuardianHttpServer } from './devnet-guardian/http';
import { fetchSignedVaa, GuardianApiError } from './client';

const EMITTER = `0x${'00'.repeat(12)}${'ab'.repeat(20)}`;

describe('fetchSignedVaa', () => {
  let server: GuardianHttpServer;
  let signed: string | undefined;
  let polls = 0;
  beforeAll(async () => {
    server = await listen(0, '127.0.0.1', {
      signedVaa: () => {
        polls++;
        return signed;
      },
      health: () => ({ ok: true }),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    signed = undefined;
    polls = 0;
  });

  it('polls through 404s until the guardian has signed, then returns the VAA bytes', async () => {
    const fetching = fetchSignedVaa(server.url, 4, EMITTER, 3n, { pollMs: 5 });
    const signedAfter = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (polls < 2) return;
        signed = '0x01c0ffee';
        clearInterval(check);
        resolve();
      }, 1);
    });
    await signedAfter;
    expect(Buffer.from(await fetching).toString('hex')).toBe('01c0ffee');
  });

  it('gives up with GUARDIAN.TIMEOUT when the message is never signed', async () => {
    await expect(fetchSignedVaa(server.url, 4, EMITTER, 3n, { timeoutMs: 50, pollMs: 5 })).rejects.toMatchObject({ code: 'GUARDIAN.TIMEOUT' });
  });

  it('stops polling when its signal aborts', async () => {
    const controller = new AbortController();
    const fetching = fetchSignedVaa(server.url, 4, EMITTER, 3n, { pollMs: 5, signal: controller.signal });
    controller.abort(new Error('shutting down'));
    await expect(fetching).rejects.toThrow('shutting down');
  });

  it('fails with GUARDIAN.BAD_RESPONSE on an error other than 404 instead of polling on', async () => {
    const broken = createServer((_req, res) => res.writeHead(500).end('boom'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
      const failed = fetchSignedVaa(url, 4, EMITTER, 3n, { timeoutMs: 60_000 });
      await expect(failed).rejects.toBeInstanceOf(GuardianApiError);
      await expect(failed).rejects.toMatchObject({ code: 'GUARDIAN.BAD_RESPONSE' });
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});

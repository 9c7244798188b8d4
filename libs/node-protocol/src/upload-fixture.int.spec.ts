import { createHash, randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { jetstreamManager } from '@nats-io/jetstream';
import { ensureUploadStream, UploadStore } from '@corex/eventstore';

/**
 * Uploads a result the way docs/node-protocol.md section 7 says a node does (raw requests: parts
 * of max(64 KiB, max_payload - 16 KiB), each with `Corex-Upload-Parts`), and reads it back with
 * the scheduler's own UploadStore; a second write answers as the document says.
 */
const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const nodeId = 'UCPJPSIT4U3HGCPSVQRH5ENMX6YPJDONM7ITFQR5Y25UBSHCMWWOLBMS';

/** The document's parts, built from its text alone. */
function uploadParts(prefix: string, data: Buffer, maxPayload: number) {
  const partBytes = Math.max(64 * 1024, maxPayload - 16 * 1024);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const count = Math.max(1, Math.ceil(data.length / partBytes));
  const parts = Array.from({ length: count }, (_, i) => ({
    subject: `${prefix}.upload.${nodeId}.${sha256}.${i}`,
    bytes: data.subarray(i * partBytes, (i + 1) * partBytes),
  }));
  return { sha256, count, parts };
}

describe('uploading a result as the node protocol document says', () => {
  let nc: NatsConnection;
  const prefix = `np${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL, name: 'node-protocol-upload' });
    await ensureUploadStream(await jetstreamManager(nc), prefix);
  });

  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(`${prefix}-uploads`).catch(() => undefined);
    await nc.close();
  });

  async function publish(subject: string, bytes: Uint8Array, count: number): Promise<Record<string, unknown>> {
    const h = headers();
    h.set('Corex-Upload-Parts', String(count));
    return (await nc.request(subject, bytes, { headers: h, timeout: 5_000 })).json();
  }

  it('stores parts that the network reads back as the whole, verified, and refuses a second write', async () => {
    const maxPayload = nc.info!.max_payload;
    const data = randomBytes(Math.max(64 * 1024, maxPayload - 16 * 1024) + 1000);
    const { sha256, count, parts } = uploadParts(prefix, data, maxPayload);
    expect(count).toBe(2);
    for (const part of parts) expect(await publish(part.subject, part.bytes, count)).toMatchObject({ stream: `${prefix}-uploads`, seq: expect.any(Number) });

    const store = await UploadStore.open(nc, prefix);
    expect(Buffer.from((await store.get(nodeId, sha256))!).equals(data)).toBe(true);

    const again = await publish(parts[0]!.subject, randomBytes(8), count);
    expect(again).toMatchObject({ error: { err_code: 10077, description: 'maximum messages per subject exceeded' } });
    expect(Buffer.from((await store.get(nodeId, sha256))!).equals(data)).toBe(true);
  });
});

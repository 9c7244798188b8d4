/**
 * What a committed batch tells the other processes of the same projection, through Postgres
 * NOTIFY sent inside the batch's transaction (so it is delivered exactly when the batch is
 * visible, and never for a batch rolled back). Notices only wake readers up early: the
 * checkpoint stays the truth, and standbys also read it when they poll for the lease.
 */
export interface AppliedNotice {
  /** The projector instance that applied the batch: it ignores its own notices. */
  origin: string;
  /** Checkpoint after the batch. */
  position: number;
  /** Keys of rows the batch upserted or deleted (one batch may send several notices). */
  keys: string[];
}

/** Postgres refuses a NOTIFY payload of 8,000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7_900;

/** The LISTEN/NOTIFY channel of a projection (a quoted identifier: case and dots kept). */
export function noticeChannel(projection: string): string {
  const channel = `proj:${projection}`;
  if (!/^[A-Za-z0-9_.:-]{1,63}$/.test(channel)) throw new Error(`projection name unusable as a channel: ${projection}`);
  return channel;
}

/** The payloads announcing a batch: one, or several when its keys do not fit in one. */
export function noticePayloads(origin: string, position: number, keys: string[]): string[] {
  const head = `{"o":${JSON.stringify(origin)},"p":${position},"k":[`;
  const payloads: string[] = [];
  let chunk: string[] = [];
  let bytes = head.length + 2;
  for (const key of keys) {
    const quoted = JSON.stringify(key);
    const size = Buffer.byteLength(quoted) + 1;
    // No key of ours comes near this; one that did could not be announced at all (readers still see the position).
    if (size > MAX_PAYLOAD_BYTES - head.length - 4) continue;
    if (chunk.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
      payloads.push(`${head}${chunk.join(',')}]}`);
      chunk = [];
      bytes = head.length + 2;
    }
    chunk.push(quoted);
    bytes += size;
  }
  payloads.push(`${head}${chunk.join(',')}]}`);
  return payloads;
}

export function parseNotice(payload: string): AppliedNotice | undefined {
  try {
    const { o, p, k } = JSON.parse(payload) as { o: unknown; p: unknown; k: unknown };
    if (typeof o !== 'string' || typeof p !== 'number' || !Array.isArray(k)) return undefined;
    return { origin: o, position: p, keys: k.map(String) };
  } catch {
    return undefined;
  }
}

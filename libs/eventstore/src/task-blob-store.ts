import type { NatsConnection } from '@nats-io/nats-core';
import { BlobStore } from './blob-store';
import type { BlobReader } from './blob-reader';
import type { StreamPublisher } from './stream-publisher';

/** The node-readable bucket of a subject prefix: sealed task blobs only, never tenant data in the clear. */
export function taskBucketName(prefix: string): string {
  return `${prefix}-tasks`;
}

/** Metadata key of a task object's first part: how many parts it has. */
export const TASK_OBJECT_PARTS_KEY = 'corex-parts';

/** Object name of part `index` of the task object `name`: the name itself, then `<name>.1`, `<name>.2`, … */
export function taskObjectPartName(name: string, index: number): string {
  return index === 0 ? name : `${name}.${index}`;
}

/** Parts read at once by a node. */
const PARTS_IN_FLIGHT = 4;

/**
 * The task bucket (`<prefix>-tasks`): sealed copies of what nodes read, each stored as one or
 * more one-chunk objects, so that a node, which may only read by name (direct get of a subject's
 * last message), can read every part of a blob larger than one message. The first part's
 * metadata says how many parts there are; it is written last, so a reader that finds it finds
 * them all.
 */
export class TaskBlobStore {
  private constructor(private readonly store: BlobStore) {}

  static async open(nc: NatsConnection, prefix: string, publisher?: StreamPublisher): Promise<TaskBlobStore> {
    return new TaskBlobStore(await BlobStore.open(nc, taskBucketName(prefix), publisher));
  }

  async has(name: string): Promise<boolean> {
    return this.store.has(name);
  }

  /** Stores the bytes under `name` once (names derive from the bytes: a name present holds them already). */
  async put(name: string, bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) throw new Error('a task object is never empty (sealed bytes carry nonce and tag)');
    const size = this.store.singleChunkBytes;
    const parts = Math.ceil(bytes.length / size);
    for (let from = 1; from < parts; from += PARTS_IN_FLIGHT) {
      const batch = Array.from({ length: Math.min(PARTS_IN_FLIGHT, parts - from) }, (_, i) => from + i);
      await Promise.all(batch.map((i) => this.store.putNamedChunk(taskObjectPartName(name, i), bytes.subarray(i * size, (i + 1) * size))));
    }
    await this.store.putNamedChunk(name, bytes.subarray(0, size), { [TASK_OBJECT_PARTS_KEY]: String(parts) });
  }
}

/** A task object read part by part (direct gets by name only, as a node may); null when absent. */
export async function readTaskObject(reader: BlobReader, name: string): Promise<Uint8Array | null> {
  const first = await reader.namedChunk(name);
  if (!first) return null;
  const parts = Number(first.metadata[TASK_OBJECT_PARTS_KEY] ?? '1');
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`task object ${name}: invalid part count ${first.metadata[TASK_OBJECT_PARTS_KEY]}`);
  const chunks = [first.bytes];
  for (let from = 1; from < parts; from += PARTS_IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(PARTS_IN_FLIGHT, parts - from) }, (_, i) => from + i);
    const read = await Promise.all(batch.map((i) => reader.namedChunk(taskObjectPartName(name, i))));
    read.forEach((part, i) => {
      if (!part) throw new Error(`task object ${name}: part ${batch[i]} of ${parts} is missing`);
      chunks.push(part.bytes);
    });
  }
  return parts === 1 ? first.bytes : new Uint8Array(Buffer.concat(chunks));
}

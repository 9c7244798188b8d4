import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FragmentTask } from '@corex/events';
import type { BlobStore, TaskBlobStore } from '@corex/eventstore';
import { jobSealingKey, sealBlob, sealedBlobName, type TaskSealing } from '@corex/node-protocol';
import type { Logger } from '@corex/platform';

/** Sealed names remembered as stored; past this, the oldest are forgotten (and checked in the bucket again when needed). */
const REMEMBERED_NAMES = 100_000;
/** Job keys kept derived. */
const REMEMBERED_KEYS = 10_000;

/**
 * Gives each assignment its sealing (docs/node-protocol.md, "Sealed task blobs"): the job's key
 * and, for each blob the task names, its sealed name in the task bucket, after making sure the
 * sealed copy is stored there (read from the service-only blob bucket, sealed, written once).
 * Sealing at assignment rather than at planning covers every blob a task can name (planned
 * inputs, a training step's aggregated weights, an uploaded model's graph, weights named in the
 * job's params) with no change to planning, and a scheduler that takes over seals what it needs.
 */
export class TaskSealer {
  private readonly keys = new Map<string, Buffer>();
  private readonly stored = new Map<string, Promise<void>>();

  constructor(
    private readonly secret: Uint8Array,
    private readonly plaintexts: () => Promise<Pick<BlobStore, 'get'>>,
    private readonly sealed: () => Promise<TaskBlobStore>,
  ) {}

  async sealingFor(jobId: string, task: FragmentTask): Promise<TaskSealing> {
    const key = this.keyOf(jobId);
    const hashes = [...new Set([task.graphHash, task.weightsHash, task.inputHash, task.auxHash].filter((h): h is string => h !== null))];
    const blobs: Record<string, string> = {};
    await Promise.all(
      hashes.map(async (sha256) => {
        const name = sealedBlobName(key, sha256);
        blobs[sha256] = name;
        await this.ensureStored(key, sha256, name);
      }),
    );
    return { key: key.toString('base64'), blobs };
  }

  private keyOf(jobId: string): Buffer {
    let key = this.keys.get(jobId);
    if (!key) {
      key = jobSealingKey(this.secret, jobId);
      remember(this.keys, jobId, key, REMEMBERED_KEYS);
    }
    return key;
  }

  private ensureStored(key: Buffer, sha256: string, name: string): Promise<void> {
    let storing = this.stored.get(name);
    if (!storing) {
      storing = this.store(key, sha256, name);
      remember(this.stored, name, storing, REMEMBERED_NAMES);
      storing.catch(() => this.stored.delete(name));
    }
    return storing;
  }

  private async store(key: Buffer, sha256: string, name: string): Promise<void> {
    const sealed = await this.sealed();
    if (await sealed.has(name)) return;
    const plaintext = await (await this.plaintexts()).get(sha256);
    if (!plaintext) {
      // Not sealed: the node finds nothing under the name and fails the fragment RUNNER.BLOB_MISSING, as a missing blob always did.
      this.stored.delete(name);
      return;
    }
    await sealed.put(name, sealBlob(key, plaintext, sha256));
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}

/**
 * The scheduler's sealing secret (`COREX_SEALING_SECRET_FILE`: 64 or more hex characters,
 * generated with the NATS auth into `keys/sealing.secret`). Every scheduler of a network needs
 * the same one, so that a standby derives the keys of the jobs it takes over. Unset: a random
 * secret for this process only (tests, single-scheduler development).
 */
export async function loadSealingSecret(file: string | undefined, logger: Logger): Promise<Buffer> {
  if (!file) {
    logger.warn('COREX_SEALING_SECRET_FILE is not set: task blobs are sealed with a secret of this process only (a standby scheduler would seal under other keys)');
    return randomBytes(32);
  }
  const text = (await readFile(file, 'utf8')).trim();
  if (!/^(?:[0-9a-f]{2}){32,}$/i.test(text)) throw new Error(`${file} must hold the sealing secret as 64 or more hex characters`);
  return Buffer.from(text, 'hex');
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createUser } from '@nats-io/nkeys';
import { loadPenguins, type Dataset } from '@corex/compute';
import { canonicalJson, sha256Hex } from '@corex/platform';
import { loadOrCreateEncryptionKey, storeDataset } from '../../../federation/federation-home';

/** A simulated federation member: a node home holding its identity, encryption key and private rows. */
export interface TestMember {
  readonly nodeId: string;
  readonly seed: string;
  readonly home: string;
  readonly encryptionKey: string;
  /** The raw rows it registered (features as in the CSV, labels as class indices). */
  readonly rows: Dataset;
}

/**
 * `count` members of `federation`, each holding a disjoint slice of the penguins (sizes
 * `sizes[i]`, every third penguin per member so that each holds every species).
 */
export async function createMembers(federation: string, sizes: readonly number[]): Promise<TestMember[]> {
  const penguins = loadPenguins();
  const width = penguins.featureNames.length;
  return Promise.all(
    sizes.map(async (size, m) => {
      const indices = Array.from({ length: size }, (_, k) => m + sizes.length * k);
      const features = new Float64Array(indices.flatMap((i) => Array.from(penguins.features.subarray(i * width, (i + 1) * width))));
      const labels = Int32Array.from(indices, (i) => penguins.labels[i]!);
      const table = { featureNames: penguins.featureNames, classNames: penguins.classNames, rows: size, features, labels, skipped: 0 };
      const home = await mkdtemp(path.join(os.tmpdir(), `corex-member-${m}-`));
      await storeDataset(home, federation, `member-${m}`, table, sha256Hex(canonicalJson({ featureNames: table.featureNames, classNames: table.classNames })));
      const key = await loadOrCreateEncryptionKey(home);
      const user = createUser();
      const rows: Dataset = { ...penguins, rows: size, features: Float32Array.from(features), labels };
      return { nodeId: user.getPublicKey(), seed: new TextDecoder().decode(user.getSeed()), home, encryptionKey: key.publicKey, rows };
    }),
  );
}

export const removeHomes = (members: readonly TestMember[]) => Promise.all(members.map((m) => rm(m.home, { recursive: true, force: true })));

import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateX25519 } from '@corex/secure-aggregation';
import { federationNameSchema, idSchema } from '@corex/events';
import { ValidationError } from '@corex/platform';
import type { PrivateTable } from './private-dataset';

/** A private dataset as this node keeps it: the rows never leave the node, only the schema and size do. */
export interface StoredDataset {
  readonly version: 1;
  readonly federation: string;
  readonly datasetName: string;
  readonly featureNames: string[];
  readonly classNames: string[];
  readonly rows: number;
  readonly schemaHash: string;
  readonly addedAt: string;
  readonly features: number[];
  readonly labels: number[];
}

/** The node's long-term X25519 key pair (hex): peers encrypt their secret shares to its public half. */
export interface EncryptionKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** The masking key pair a node made in a job's setup phase, needed in every update of that job. */
export interface StoredMaskingKey {
  readonly jobId: string;
  readonly maskingKey: string;
  readonly maskingPrivateKey: string;
}

export const ENCRYPTION_KEY_FILE = 'federation-key.json';
const DATASETS_DIR = 'datasets';
const SECAGG_DIR = 'secagg';
const PRIVATE = { mode: 0o600 } as const;

export const datasetFile = (home: string, federation: string) => path.join(home, DATASETS_DIR, `${checkedFederation(federation)}.json`);
const maskingFile = (home: string, jobId: string) => path.join(home, SECAGG_DIR, `${idSchema.parse(jobId)}.json`);

/** Writes (or replaces) the federation's dataset, mode 0600, in a directory only the node's user reads. */
export async function storeDataset(home: string, federation: string, datasetName: string, table: PrivateTable, schemaHash: string): Promise<StoredDataset> {
  const stored: StoredDataset = {
    version: 1,
    federation,
    datasetName,
    featureNames: [...table.featureNames],
    classNames: [...table.classNames],
    rows: table.rows,
    schemaHash,
    addedAt: new Date().toISOString(),
    features: Array.from(table.features),
    labels: Array.from(table.labels),
  };
  await writePrivate(datasetFile(home, federation), JSON.stringify(stored));
  return stored;
}

/** The federation's dataset, or null when this node holds none for it. */
export async function loadDataset(home: string, federation: string): Promise<StoredDataset | null> {
  const text = await readOptional(datasetFile(home, federation));
  return text === null ? null : (JSON.parse(text) as StoredDataset);
}

/** Every dataset this node holds, by federation name. */
export async function listDatasets(home: string): Promise<StoredDataset[]> {
  const names = await readdir(path.join(home, DATASETS_DIR)).catch(() => [] as string[]);
  const federations = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length)).filter((f) => federationNameSchema.safeParse(f).success);
  const loaded = await Promise.all(federations.sort().map((f) => loadDataset(home, f)));
  return loaded.filter((d): d is StoredDataset => d !== null);
}

/** Deletes the federation's dataset; false when there was none. */
export async function removeDataset(home: string, federation: string): Promise<boolean> {
  const file = datasetFile(home, federation);
  const existed = (await readOptional(file)) !== null;
  await rm(file, { force: true });
  return existed;
}

/** The node's encryption key pair from `<home>/federation-key.json` (0600), created on first use. */
export async function loadOrCreateEncryptionKey(home: string): Promise<EncryptionKeyPair & { created: boolean }> {
  const file = path.join(home, ENCRYPTION_KEY_FILE);
  const fresh = generateX25519();
  await mkdir(home, { recursive: true, mode: 0o700 });
  // 'wx' fails if the file exists: two commands at once never replace each other's key.
  const created = await writeFile(file, JSON.stringify(fresh), { ...PRIVATE, flag: 'wx' }).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return false;
      throw err;
    },
  );
  return { ...(await loadEncryptionKey(home))!, created };
}

/** The node's encryption key pair, or null when it never registered a private dataset. */
export async function loadEncryptionKey(home: string): Promise<EncryptionKeyPair | null> {
  const text = await readOptional(path.join(home, ENCRYPTION_KEY_FILE));
  if (text === null) return null;
  const { privateKey, publicKey } = JSON.parse(text) as EncryptionKeyPair;
  return { privateKey, publicKey };
}

/** Keeps the job's masking key pair (0600) for its update phases. */
export async function storeMaskingKey(home: string, key: StoredMaskingKey): Promise<void> {
  await writePrivate(maskingFile(home, key.jobId), JSON.stringify(key));
}

/** The job's masking key pair, or null when this node did not run the job's setup. */
export async function loadMaskingKey(home: string, jobId: string): Promise<StoredMaskingKey | null> {
  const text = await readOptional(maskingFile(home, jobId));
  return text === null ? null : (JSON.parse(text) as StoredMaskingKey);
}

/** Which split of survivors and dropped members this node answered an unmask for, per job and round. */
export interface UnmaskAnswer {
  readonly survivors: readonly string[];
  readonly dropped: readonly string[];
}

const unmaskFile = (home: string, jobId: string, round: number) => path.join(home, SECAGG_DIR, `${idSchema.parse(jobId)}.unmask-${Math.trunc(round)}.json`);

/**
 * Runs `answer` for a round's unmask only if this node answered none for that round, or one with the
 * same split; a coordinator asking twice with the lists swapped would get both shares of one member.
 * The split is written before the answer leaves the node.
 */
export async function answerUnmaskOnce<T>(home: string, jobId: string, round: number, split: UnmaskAnswer, answer: () => T): Promise<T> {
  const file = unmaskFile(home, jobId, round);
  const wanted = JSON.stringify({ survivors: [...split.survivors].sort(), dropped: [...split.dropped].sort() });
  const earlier = await readOptional(file);
  if (earlier !== null && earlier !== wanted) {
    throw new ValidationError('SECAGG.REFUSED', `this node already answered the unmask of round ${round} of job ${jobId} with other survivors and dropped members`, { jobId, round });
  }
  const output = answer();
  if (earlier === null) await writePrivate(file, wanted);
  return output;
}

function checkedFederation(federation: string): string {
  if (!federationNameSchema.safeParse(federation).success) {
    throw new ValidationError('DATASET.FEDERATION_INVALID', `a federation name is 1-63 lower-case letters, digits and dashes, starting with a letter or digit (not ${JSON.stringify(federation)})`);
  }
  return federation;
}

/** Written aside and renamed, mode 0600 from the start: no reader sees half a file or a moment of wider access. */
async function writePrivate(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const aside = `${file}.${process.pid}.tmp`;
  await writeFile(aside, text, PRIVATE);
  await rename(aside, file);
}

async function readOptional(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
}

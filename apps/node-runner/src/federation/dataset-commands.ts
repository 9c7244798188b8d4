import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromSeed } from '@nats-io/nkeys';
import { federationSchemaHash, nodeErrorCodes, type PrivateDatasetReply } from '@corex/node-protocol';
import { IDENTITY_FILE } from '../identity/node-identity';
import { NATS_USER_FILE, type NodeNatsAuth } from '../nats/node-connection';
import { datasetFile, listDatasets, loadDataset, loadEncryptionKey, loadOrCreateEncryptionKey, removeDataset, storeDataset, type StoredDataset } from './federation-home';
import { parsePrivateCsv } from './private-dataset';
import { DatasetCommandError, sendPrivateDataset, type NetworkTarget } from './send-private-dataset';

export interface AddDataset {
  readonly file: string;
  readonly federation: string;
  readonly label: string;
  /** The node's own name for the dataset (default: the file's base name). */
  readonly name?: string;
  readonly classes?: readonly string[];
}

/** What `dataset add` did: the dataset kept here, and what was sent (schema, size, key). */
export interface DatasetAdded {
  readonly nodeId: string;
  readonly dataset: Omit<StoredDataset, 'features' | 'labels'>;
  readonly skipped: number;
  readonly encryptionKey: string;
  readonly encryptionKeyCreated: boolean;
  readonly file: string;
}

/** Parses the CSV here, registers its schema and size with the network, then keeps the rows in the node home. */
export async function addDataset(home: string, add: AddDataset, target: NetworkTarget): Promise<DatasetAdded> {
  const auth = await nodeAuth(home);
  const text = await readFile(add.file, 'utf8').catch((err: Error) => {
    throw new DatasetCommandError('DATASET.FILE_UNREADABLE', `cannot read ${add.file}: ${err.message}`);
  });
  const table = parsePrivateCsv(text, { label: add.label, classes: add.classes });
  datasetFile(home, add.federation); // refuses a bad federation name before anything is sent
  const key = await loadOrCreateEncryptionKey(home);
  const datasetName = (add.name ?? path.basename(add.file, path.extname(add.file))).slice(0, 100) || 'dataset';
  const { featureNames, classNames, rows } = table;
  const announcement = { action: 'register' as const, federation: add.federation, datasetName, featureNames: [...featureNames], classNames: [...classNames], rows, encryptionKey: key.publicKey };
  accepted(await sendPrivateDataset(announcement, auth, target), 'register');
  const stored = await storeDataset(home, add.federation, datasetName, table, federationSchemaHash(featureNames, classNames));
  const { features: _features, labels: _labels, ...dataset } = stored;
  return { nodeId: auth.nodeId, dataset, skipped: table.skipped, encryptionKey: key.publicKey, encryptionKeyCreated: key.created, file: datasetFile(home, add.federation) };
}

/** Withdraws the federation's dataset from the network, then deletes it here. */
export async function removeFederationDataset(home: string, federation: string, target: NetworkTarget): Promise<{ nodeId: string; federation: string; datasetName: string; network: 'withdrawn' | 'not-registered' }> {
  const auth = await nodeAuth(home);
  const stored = await loadDataset(home, federation);
  const key = await loadEncryptionKey(home);
  if (!stored || !key) throw new DatasetCommandError('DATASET.NOT_FOUND', `this node holds no dataset for federation ${federation}`);
  const { datasetName, featureNames, classNames, rows } = stored;
  const reply = await sendPrivateDataset({ action: 'withdraw', federation, datasetName, featureNames, classNames, rows, encryptionKey: key.publicKey }, auth, target);
  // The network never knew it (e.g. its registration was refused): delete it here all the same.
  const notRegistered = !reply.ok && reply.code === nodeErrorCodes.NOT_A_MEMBER;
  if (!notRegistered) accepted(reply, 'withdraw');
  await removeDataset(home, federation);
  return { nodeId: auth.nodeId, federation, datasetName, network: notRegistered ? 'not-registered' : 'withdrawn' };
}

/** The datasets this node holds, without their rows. */
export async function listFederationDatasets(home: string): Promise<{ encryptionKey: string | null; datasets: Array<Omit<StoredDataset, 'features' | 'labels'>> }> {
  const datasets = (await listDatasets(home)).map(({ features: _f, labels: _l, ...rest }) => rest);
  return { encryptionKey: (await loadEncryptionKey(home))?.publicKey ?? null, datasets };
}

function accepted(reply: PrivateDatasetReply, action: string): void {
  if (!reply.ok) throw new DatasetCommandError(reply.code, `the network refused the ${action}: ${reply.message}`);
}

/** The node's identity and issued NATS user: datasets are announced by a node that joined. */
async function nodeAuth(home: string): Promise<NodeNatsAuth> {
  const file = path.join(home, IDENTITY_FILE);
  const seed = await readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => {
      throw new DatasetCommandError('RUNNER.NO_NODE', `no node identity at ${file}: run \`node-runner join\` first`);
    },
  );
  const key = fromSeed(new TextEncoder().encode(seed));
  const nodeId = key.getPublicKey();
  key.clear();
  const jwt = await readFile(path.join(home, NATS_USER_FILE), 'utf8').then((t) => t.trim(), () => undefined);
  return { nodeId, seed, jwt };
}

import { ValidationError } from '@corex/platform';
import { runSetup, runUnmask, SecaggError, type RoundDescriptor, type SetupDescriptor, type SetupOutput, type UnmaskDescriptor, type UnmaskOutput } from '@corex/secure-aggregation';
import { loadDataset, loadEncryptionKey, loadMaskingKey, answerUnmaskOnce, storeMaskingKey, type StoredDataset, type StoredMaskingKey } from '../../federation/federation-home';

/** This node in one federated task: its home, its id and the task's round descriptor. */
export interface FederatedNode {
  readonly home: string;
  readonly nodeId: string;
  readonly descriptor: RoundDescriptor;
}

const refuse = (code: string, message: string, details: Record<string, unknown> = {}) => new ValidationError(code, message, details);

/** Setup (every round): a fresh masking key, kept in the node home (0600) until the next round's setup replaces it; its public half and the key shares go out. */
export async function runFederatedSetup(node: FederatedNode, d: SetupDescriptor): Promise<SetupOutput> {
  await privateDataset(node);
  const encryptionPrivateKey = await encryptionKeyOf(node);
  const { output, maskingPrivateKey } = secagg(() => runSetup({ jobId: d.jobId, self: { nodeId: node.nodeId, encryptionPrivateKey }, members: d.members, threshold: d.threshold }));
  await storeMaskingKey(node.home, { jobId: d.jobId, maskingKey: output.maskingKey, maskingPrivateKey });
  return output;
}

/** Unmask: the shares that remove survivors' self-masks and dropped members' pairwise masks; never both of one node, and one split per round. */
export async function runFederatedUnmask(node: FederatedNode, d: UnmaskDescriptor): Promise<UnmaskOutput> {
  const encryptionPrivateKey = await encryptionKeyOf(node);
  const self = { nodeId: node.nodeId, encryptionPrivateKey };
  return answerUnmaskOnce(node.home, d.jobId, d.round, { survivors: d.survivors, dropped: d.dropped }, () =>
    secagg(() =>
      runUnmask({ jobId: d.jobId, round: d.round, self, members: d.members, survivors: d.survivors, dropped: d.dropped, setupShares: d.setupShares, selfShares: d.selfShares, threshold: d.threshold }),
    ),
  );
}

/** The federation's private dataset on this node; RUNNER.FEDERATION_UNKNOWN when it holds none. */
export async function privateDataset(node: FederatedNode): Promise<StoredDataset> {
  const dataset = await loadDataset(node.home, node.descriptor.federation);
  if (!dataset) throw refuse('RUNNER.FEDERATION_UNKNOWN', `this node holds no dataset for federation ${node.descriptor.federation}`, { federation: node.descriptor.federation });
  return dataset;
}

/** The node's encryption private key, checked against the key the round lists for it. */
export async function encryptionKeyOf(node: FederatedNode): Promise<string> {
  const { federation, members } = node.descriptor;
  const self = members.find((m) => m.nodeId === node.nodeId);
  if (!self) throw refuse('RUNNER.FEDERATION_NOT_MEMBER', `node ${node.nodeId} is not a member of this round of federation ${federation}`, { federation });
  const key = await loadEncryptionKey(node.home);
  if (!key) throw refuse('RUNNER.FEDERATION_UNKNOWN', `this node has no federation key: it never registered a dataset for ${federation}`, { federation });
  if (key.publicKey !== self.encryptionKey) {
    throw refuse('RUNNER.FEDERATION_KEY_MISMATCH', `the round lists encryption key ${self.encryptionKey} for this node, its key is ${key.publicKey}`, { federation });
  }
  return key.privateKey;
}

/** The masking key this node made in the job's setup, checked against the one the round uses. */
export async function maskingKeyOf(node: FederatedNode): Promise<StoredMaskingKey> {
  const { jobId, members } = node.descriptor;
  const stored = await loadMaskingKey(node.home, jobId);
  const listed = members.find((m) => m.nodeId === node.nodeId)?.maskingKey;
  if (!stored || stored.maskingKey !== listed) {
    const why = stored ? 'its masking key is not the one the round lists' : 'it has no masking key (its setup ran elsewhere or the key was lost)';
    throw refuse('RUNNER.SECAGG_KEY_MISSING', `this node cannot mask an update of job ${jobId}: ${why}`, { jobId });
  }
  return stored;
}

/** Runs a secure-aggregation call, its errors as coded validation errors of the task (released with that code). */
export function secagg<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof SecaggError) throw refuse(err.code, err.message);
    throw err;
  }
}

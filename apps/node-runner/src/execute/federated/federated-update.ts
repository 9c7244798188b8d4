import { deserializeMlpWeights, hiddenLayersOf, type MlpWeights } from '@corex/compute';
import type { FragmentTask } from '@corex/events';
import { ValidationError } from '@corex/platform';
import { runUpdate, type UpdateDescriptor, type UpdateOutput } from '@corex/secure-aggregation';
import type { StoredDataset } from '../../federation/federation-home';
import type { ExecutorCaches } from '../executor-caches';
import { fetchBlob, type BlobAccess } from '../fetch-blob';
import { encryptionKeyOf, maskingKeyOf, privateDataset, secagg, type FederatedNode } from './federated-phases';
import { flatDelta, standardizeRows, trainLocally } from './local-training';
import { privateGradientOn } from './private-gradient';

/**
 * Update: `localEpochs` full-batch steps of the job's gradient graph from the global weights on
 * the private rows (standardized with the round's statistics), then the delta local − global
 * clipped, weighted by the row count and masked (runUpdate). Runs on the executor thread.
 */
export async function runFederatedUpdate(node: FederatedNode, d: UpdateDescriptor, task: FragmentTask, blobs: BlobAccess, caches: ExecutorCaches): Promise<{ output: UpdateOutput; executionProvider: string }> {
  const dataset = await privateDataset(node);
  const encryptionPrivateKey = await encryptionKeyOf(node);
  const { maskingPrivateKey } = await maskingKeyOf(node);
  if (!task.weightsHash) throw new ValidationError('RUNNER.ROUND_DESCRIPTOR_INVALID', 'a federated update needs the global weights (task.weightsHash)');
  const global = readWeights(await fetchBlob(blobs, task.weightsHash, 'weights'));
  checkSchema(d, global, dataset);
  const batch = { x: standardizeRows(dataset.features, d.standardization), labels: Int32Array.from(dataset.labels), rows: dataset.rows, width: d.shape.inputs };
  const loadGraph = () => fetchBlob(blobs, task.graphHash, 'graph');
  const { local, executionProvider } = await caches.sessions.use(task.graphHash, loadGraph, async ({ session, executionProvider }) => {
    const trained = await trainLocally(global, privateGradientOn(session, batch), { epochs: d.localEpochs, learningRate: d.learningRate });
    return { local: trained.local, executionProvider };
  });
  const self = { nodeId: node.nodeId, encryptionPrivateKey, maskingPrivateKey };
  const update = { jobId: d.jobId, round: d.round, self, members: d.members, threshold: d.threshold, delta: flatDelta(local, global), rows: dataset.rows, clipNorm: d.clipNorm };
  return { output: secagg(() => runUpdate(update)), executionProvider };
}

function readWeights(bytes: Uint8Array): MlpWeights {
  try {
    return deserializeMlpWeights(bytes);
  } catch (err) {
    throw new ValidationError('RUNNER.FEDERATION_SCHEMA_MISMATCH', `the global weights are not MLP weights: ${(err as Error).message}`);
  }
}

/** The round's model, the global weights and the private dataset must describe the same features and classes. */
function checkSchema(d: UpdateDescriptor, global: MlpWeights, dataset: StoredDataset): void {
  const { inputs, hidden, classes } = d.shape;
  const widths = Array.isArray(hidden) ? hidden : [hidden];
  const sameModel =
    global.shape.inputs === inputs && global.shape.classes === classes && hiddenLayersOf(global.shape) === widths.length && widths.every((w) => w === global.shape.hidden);
  const sameData = dataset.featureNames.length === inputs && dataset.classNames.length === classes;
  if (!sameModel || !sameData) {
    const details = { round: d.shape, weights: global.shape, dataset: { features: dataset.featureNames.length, classes: dataset.classNames.length } };
    throw new ValidationError('RUNNER.FEDERATION_SCHEMA_MISMATCH', 'the round, its global weights and this node\'s dataset disagree on the model\'s shape', details);
  }
}

import { createUser } from '@nats-io/nkeys';
import { nodeErrorCodes } from './error-codes';
import { buildPrivateDatasetMessage, federationSchemaHash } from './private-dataset';
import { signNodeMessage } from './signing';
import { verifyPrivateDataset } from './verify-work';

const node = createUser();
const seed = new TextDecoder().decode(node.getSeed());
const dataset = {
  nodeId: node.getPublicKey(),
  action: 'register' as const,
  federation: 'penguins',
  datasetName: 'clinic-a',
  featureNames: ['bill_length_mm', 'bill_depth_mm'],
  classNames: ['Adelie', 'Gentoo'],
  rows: 80,
  encryptionKey: 'ab'.repeat(32),
};

describe('private-dataset message', () => {
  it('given a built message, when verified, then its body comes back with the canonical schema hash', () => {
    const now = new Date();
    const verified = verifyPrivateDataset(buildPrivateDatasetMessage(dataset, seed, now), { now });
    expect(verified.ok).toBe(true);
    if (verified.ok) expect(verified.body.schemaHash).toBe(federationSchemaHash(dataset.featureNames, dataset.classNames));
  });

  it('given the same names in another order, then the schema hash differs', () => {
    expect(federationSchemaHash(['a', 'b'], ['x', 'y'])).not.toBe(federationSchemaHash(['b', 'a'], ['x', 'y']));
  });

  it('given a tampered row count, when verified, then the signature is refused', () => {
    const now = new Date();
    const message = buildPrivateDatasetMessage(dataset, seed, now);
    const verified = verifyPrivateDataset({ ...message, body: { ...message.body, rows: 1 } }, { now });
    expect(verified.ok || verified.code).toBe(nodeErrorCodes.SIGNATURE_INVALID);
  });

  it('given a body signed as another kind, when verified, then it is refused as malformed', () => {
    const now = new Date();
    const { body } = buildPrivateDatasetMessage(dataset, seed, now);
    const verified = verifyPrivateDataset(signNodeMessage('register', body, seed), { now });
    expect(verified.ok || verified.code).toBe(nodeErrorCodes.MALFORMED);
  });
});

import { PrivateDatasetRegistered, PrivateDatasetWithdrawn } from '@corex/events';
import { federationSchemaHash, nodeErrorCodes, type PrivateDatasetBody } from '@corex/node-protocol';
import { decidePrivateDataset, federationMembers } from './federation-members';

const now = new Date('2026-11-30T09:00:00.000Z');
const features = ['bill_length_mm', 'bill_depth_mm'];
const classes = ['Adelie', 'Gentoo'];

function body(nodeId: string, patch: Partial<PrivateDatasetBody> = {}): PrivateDatasetBody {
  const featureNames = patch.featureNames ?? features;
  const classNames = patch.classNames ?? classes;
  return {
    nodeId, issuedAt: now.toISOString(), nonce: `nonce-${nodeId}-0000000000`, action: 'register', federation: 'penguins', datasetName: 'slice',
    featureNames, classNames, rows: 50, schemaHash: federationSchemaHash(featureNames, classNames), encryptionKey: 'cd'.repeat(32), ...patch,
  };
}

function given(...bodies: PrivateDatasetBody[]) {
  const events = bodies.map((b) => decidePrivateDataset(federationMembers([]), b, now)).map((d) => (d.ok ? d.event : null)!);
  return federationMembers(events);
}

describe('decidePrivateDataset', () => {
  it('given an empty federation, when a node registers, then PrivateDatasetRegistered carries its schema, rows and key', () => {
    const decision = decidePrivateDataset(given(), body('UA'), now);
    expect(decision).toMatchObject({ ok: true, event: { type: PrivateDatasetRegistered.type, data: { nodeId: 'UA', rows: 50, featureNames: features, registeredAt: now.toISOString() } } });
  });

  it('given a member, when another node registers a different schema, then it is refused FEDERATION_SCHEMA_MISMATCH', () => {
    const decision = decidePrivateDataset(given(body('UA')), body('UB', { featureNames: ['flipper_length_mm'] }), now);
    expect(decision).toMatchObject({ ok: false, code: nodeErrorCodes.FEDERATION_SCHEMA_MISMATCH });
  });

  it('given the only member, when it registers again with a new schema, then its registration is replaced', () => {
    const decision = decidePrivateDataset(given(body('UA')), body('UA', { featureNames: ['flipper_length_mm'] }), now);
    expect(decision.ok).toBe(true);
  });

  it('given a schema hash that is not the names\' hash, then it is refused SCHEMA_HASH_MISMATCH', () => {
    const decision = decidePrivateDataset(given(), body('UA', { schemaHash: '0'.repeat(64) }), now);
    expect(decision).toMatchObject({ ok: false, code: nodeErrorCodes.SCHEMA_HASH_MISMATCH });
  });

  it('given a member, when it withdraws, then PrivateDatasetWithdrawn removes it from the members', () => {
    const decision = decidePrivateDataset(given(body('UA'), body('UB')), body('UA', { action: 'withdraw' }), now);
    expect(decision).toMatchObject({ ok: true, event: { type: PrivateDatasetWithdrawn.type } });
    const members = federationMembers([...[body('UA'), body('UB')].map((b) => (decidePrivateDataset(given(), b, now) as { event: { type: string; data: unknown } }).event), (decision as { event: { type: string; data: unknown } }).event]);
    expect([...members.keys()]).toEqual(['UB']);
  });

  it('given a node not in the federation, when it withdraws, then it is refused NOT_A_MEMBER', () => {
    expect(decidePrivateDataset(given(body('UB')), body('UA', { action: 'withdraw' }), now)).toMatchObject({ ok: false, code: nodeErrorCodes.NOT_A_MEMBER });
  });
});

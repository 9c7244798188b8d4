import {
  PrivateDatasetRegistered,
  PrivateDatasetWithdrawn,
  type PrivateDatasetRegisteredData,
  type PrivateDatasetWithdrawnData,
} from '@corex/events';
import { federationSchemaHash, nodeErrorCodes, type PrivateDatasetBody } from '@corex/node-protocol';

/** A federation's current members by node id (a later registration replaces an earlier one). */
export type FederationMembers = ReadonlyMap<string, PrivateDatasetRegisteredData>;

/** Folds a federation aggregate's events into its current members. */
export function federationMembers(events: readonly { type: string; data: unknown }[]): Map<string, PrivateDatasetRegisteredData> {
  const members = new Map<string, PrivateDatasetRegisteredData>();
  for (const { type, data } of events) {
    if (type === PrivateDatasetRegistered.type) members.set((data as PrivateDatasetRegisteredData).nodeId, data as PrivateDatasetRegisteredData);
    if (type === PrivateDatasetWithdrawn.type) members.delete((data as PrivateDatasetWithdrawnData).nodeId);
  }
  return members;
}

export type PrivateDatasetDecision =
  | { ok: true; event: { type: string; id: string; data: PrivateDatasetRegisteredData | PrivateDatasetWithdrawnData } }
  | { ok: false; code: string; message: string };

/**
 * Decides a verified `private-dataset` message against the federation's members: the schema
 * hash must be the names' canonical hash and, on register, every other member's hash too.
 */
export function decidePrivateDataset(members: FederationMembers, body: PrivateDatasetBody, now: Date): PrivateDatasetDecision {
  const { nodeId, federation, nonce } = body;
  if (body.schemaHash !== federationSchemaHash(body.featureNames, body.classNames)) {
    return { ok: false, code: nodeErrorCodes.SCHEMA_HASH_MISMATCH, message: 'schemaHash is not the canonical hash of featureNames and classNames' };
  }
  const id = `federation-${federation}-${nodeId}-${nonce}`;
  if (body.action === 'withdraw') {
    if (!members.has(nodeId)) return { ok: false, code: nodeErrorCodes.NOT_A_MEMBER, message: `the node holds no dataset in federation ${federation}` };
    return { ok: true, event: { type: PrivateDatasetWithdrawn.type, id, data: { federation, nodeId, withdrawnAt: now.toISOString() } } };
  }
  const other = [...members.values()].find((m) => m.nodeId !== nodeId);
  if (other && other.schemaHash !== body.schemaHash) {
    return { ok: false, code: nodeErrorCodes.FEDERATION_SCHEMA_MISMATCH, message: `federation ${federation} holds datasets of another schema (${other.schemaHash.slice(0, 12)}…)` };
  }
  const { datasetName, featureNames, classNames, rows, schemaHash, encryptionKey } = body;
  return {
    ok: true,
    event: {
      type: PrivateDatasetRegistered.type,
      id,
      data: { federation, nodeId, datasetName, featureNames, classNames, rows, schemaHash, encryptionKey, registeredAt: now.toISOString() },
    },
  };
}

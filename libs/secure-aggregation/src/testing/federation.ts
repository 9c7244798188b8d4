import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { generateX25519 } from '../crypto/x25519';
import { secaggThreshold } from '../params';
import { aggregateRound } from '../protocol/aggregate';
import { runSetup } from '../protocol/setup';
import type { AggregateOutput, Member } from '../protocol/types';
import { runUnmask } from '../protocol/unmask';
import { runUpdate } from '../protocol/update';
import { decodeFederatedResult, encodeFederatedResult, type SetupOutput, type UnmaskOutput, type UpdateOutput } from '../wire/results';
import { maskedFromBase64url } from '../wire/masked';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A random node id in the network's format (56 base32 characters). */
export function randomNodeId(): string {
  return Array.from(randomBytes(56), (b) => BASE32[b % 32]).join('');
}

/** An in-memory federation: every member's keys, as the nodes and the coordinator would hold them. */
export interface SimulatedFederation {
  jobId: string;
  threshold: number;
  members: Member[];
  encryptionPrivateKeys: Map<string, string>;
  maskingPrivateKeys: Map<string, string>;
  setupOutputs: Map<string, SetupOutput>;
}

/** n members with long-term keys, after the setup phase (each SetupOutput through the wire codec). */
export function setUpFederation(n: number, jobId = 'job-sim'): SimulatedFederation {
  const keys = Array.from({ length: n }, () => ({ nodeId: randomNodeId(), encryption: generateX25519() }));
  keys.sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  const registered: Member[] = keys.map((k) => ({ nodeId: k.nodeId, encryptionKey: k.encryption.publicKey }));
  const threshold = secaggThreshold(n);
  const federation: SimulatedFederation = {
    jobId,
    threshold,
    members: [],
    encryptionPrivateKeys: new Map(keys.map((k) => [k.nodeId, k.encryption.privateKey])),
    maskingPrivateKeys: new Map(),
    setupOutputs: new Map(),
  };
  for (const k of keys) {
    const self = { nodeId: k.nodeId, encryptionPrivateKey: k.encryption.privateKey };
    const { output, maskingPrivateKey } = runSetup({ jobId, self, members: registered, threshold });
    federation.setupOutputs.set(k.nodeId, decodeFederatedResult(encodeFederatedResult(output)) as SetupOutput);
    federation.maskingPrivateKeys.set(k.nodeId, maskingPrivateKey);
  }
  federation.members = registered.map((m) => ({ ...m, maskingKey: federation.setupOutputs.get(m.nodeId)!.maskingKey }));
  return federation;
}

/** One round's inputs: members of the round (default all), their updates, who drops when. */
export interface SimulatedRoundInput {
  round: number;
  members?: Member[];
  deltas: Map<string, Float32Array>;
  rows: Map<string, number>;
  clipNorm: number;
  /** Members that never send their update (dropped before/while updating). */
  dropBeforeUpdate?: string[];
  /** Survivors that send their update but never answer the unmask. */
  dropDuringUnmask?: string[];
}

/** Everything the coordinator saw in a round, and what it decoded. */
export interface SimulatedRound {
  updates: Map<string, UpdateOutput>;
  masked: Map<string, Uint32Array>;
  unmasks: UnmaskOutput[];
  survivors: string[];
  dropped: string[];
  result: AggregateOutput;
}

/** Milliseconds spent per phase (all members summed), filled in when passed. */
export interface PhaseTimings {
  update: number;
  unmask: number;
  aggregate: number;
}

/** Runs update, unmask and aggregation of one round through the wire codec. */
export function runSimulatedRound(federation: SimulatedFederation, input: SimulatedRoundInput, timings?: PhaseTimings): SimulatedRound {
  let start = performance.now();
  const members = input.members ?? federation.members;
  const { jobId, threshold } = federation;
  const missing = new Set(input.dropBeforeUpdate ?? []);
  const updates = new Map<string, UpdateOutput>();
  for (const m of members.filter((x) => !missing.has(x.nodeId))) {
    const self = selfOf(federation, m.nodeId);
    const delta = input.deltas.get(m.nodeId)!;
    const output = runUpdate({ jobId, round: input.round, self, members, threshold, delta, rows: input.rows.get(m.nodeId)!, clipNorm: input.clipNorm });
    updates.set(m.nodeId, decodeFederatedResult(encodeFederatedResult(output)) as UpdateOutput);
  }
  if (timings) timings.update = performance.now() - start;
  start = performance.now();
  const survivors = [...updates.keys()];
  const dropped = members.map((m) => m.nodeId).filter((id) => missing.has(id));
  const silent = new Set(input.dropDuringUnmask ?? []);
  const unmasks = survivors
    .filter((id) => !silent.has(id))
    .map((id) => {
      const setupShares = Object.fromEntries(members.map((m) => [m.nodeId, federation.setupOutputs.get(m.nodeId)!.shares[id]]));
      const selfShares = Object.fromEntries(survivors.map((s) => [s, updates.get(s)!.selfShares[id]]));
      const self = { nodeId: id, encryptionPrivateKey: federation.encryptionPrivateKeys.get(id)! };
      const output = runUnmask({ jobId, round: input.round, self, members, survivors, dropped, setupShares, selfShares, threshold });
      return decodeFederatedResult(encodeFederatedResult(output)) as UnmaskOutput;
    });
  if (timings) timings.unmask = performance.now() - start;
  start = performance.now();
  const masked = new Map(survivors.map((id) => [id, maskedFromBase64url(updates.get(id)!.masked, updates.get(id)!.length)]));
  const length = members.length > 0 ? input.deltas.values().next().value!.length + 1 : 0;
  const result = aggregateRound({ jobId, round: input.round, members, survivors, dropped, masked: Object.fromEntries(masked), unmasks, threshold, length });
  if (timings) timings.aggregate = performance.now() - start;
  return { updates, masked, unmasks, survivors, dropped, result };
}

function selfOf(federation: SimulatedFederation, nodeId: string) {
  return {
    nodeId,
    encryptionPrivateKey: federation.encryptionPrivateKeys.get(nodeId)!,
    maskingPrivateKey: federation.maskingPrivateKeys.get(nodeId)!,
  };
}

import type { z } from 'zod';
import type { memberSchema } from '../wire/common';
import type { UnmaskOutput } from '../wire/results';

/** A member of a job: long-term `encryptionKey` (registered) and, after setup, its per-job `maskingKey` (hex X25519 public keys). */
export type Member = z.infer<typeof memberSchema>;

/** Node side, setup phase. */
export interface SetupInput {
  jobId: string;
  self: { nodeId: string; encryptionPrivateKey: string };
  members: readonly Member[];
  threshold: number;
}

/** Node side, update phase of one round. `delta` is local − global weights, flattened. */
export interface UpdateInput {
  jobId: string;
  round: number;
  self: { nodeId: string; encryptionPrivateKey: string; maskingPrivateKey: string };
  /** The round's members, each with its maskingKey. */
  members: readonly Member[];
  threshold: number;
  delta: Float32Array;
  /** The member's row count: the weight of its update. */
  rows: number;
  clipNorm: number;
}

/** Node side, unmask phase of one round. */
export interface UnmaskInput {
  jobId: string;
  round: number;
  self: { nodeId: string; encryptionPrivateKey: string };
  /** The round's members (survivors and dropped). */
  members: readonly Member[];
  /** Members whose masked update the coordinator holds. */
  survivors: readonly string[];
  /** Members whose update the coordinator does not hold (their masks must be removed). */
  dropped: readonly string[];
  /** sender nodeId → the sealed setup share it addressed to self. */
  setupShares: Readonly<Record<string, string>>;
  /** sender nodeId → the sealed self-mask share of this round it addressed to self. */
  selfShares: Readonly<Record<string, string>>;
  /** The job threshold (the descriptor's): when given, fewer survivors reveal nothing (SecaggQuorumLost). */
  threshold?: number;
}

/** Coordinator side: everything of one round. */
export interface AggregateInput {
  jobId: string;
  round: number;
  members: readonly Member[];
  survivors: readonly string[];
  dropped: readonly string[];
  /** survivor nodeId → its masked vector (decoded from UpdateOutput.masked). */
  masked: Readonly<Record<string, Uint32Array>>;
  unmasks: readonly UnmaskOutput[];
  threshold: number;
  /** Words per vector: parameters + 1. */
  length: number;
}

/** The unmasked round: Σ rows_i · clip(delta_i) over survivors, and Σ rows_i. */
export interface AggregateOutput {
  weightedSum: Float32Array;
  totalRows: number;
}

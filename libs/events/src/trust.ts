import { z } from 'zod';
import { defineEvent, type DataOf } from './catalog';
import { idSchema, isoTimeSchema } from './common';
import { fragmentSizeSchema, fragmentTaskSchema, sha256Schema } from './fragments';
import { nodeIdSchema } from './nodes';

/*
 * Trust: commit-reveal, verification verdicts, benchmark challenges and reputation (docs/verification.md,
 * docs/reputation.md). Writers, one per subject:
 *   fragment.<id>      scheduler  ResultCommitted, ResultViolation, ReplicaPlanned (on the replica's own id)
 *   verification.<id>  verifier   FragmentVerified, FragmentRejected, VerificationEscalated, FraudDetected (id: the original fragment)
 *   challenge.<id>     verifier   ChallengeIssued, ChallengeJudged, FraudDetected (benchmark fraud)
 *   reputation.<node>  reputation ReputationChanged, TierChanged, NodeSuspended, NodeEvicted
 */

export const nodeTiers = ['edge', 'standard', 'pro', 'elite'] as const;
export const nodeTierSchema = z.enum(nodeTiers);
export type Tier = z.infer<typeof nodeTierSchema>;

/** 32 random bytes as lower-case hex: the salt of a commitment, the seed of a challenge. */
export const hex32Schema = z.string().regex(/^[0-9a-f]{64}$/);
/** `0x` + sha256 of the evidence's canonical JSON (RFC 8785): what the slash transaction carries. */
export const evidenceHashSchema = z.string().regex(/^0x[0-9a-f]{64}$/);

/**
 * How a job's results are checked (docs/verification.md). `adaptive` (default): by the trust of
 * the node that ran each fragment; `redundancy`: every fragment also runs on a second node;
 * `spot-check`: a share `rate` of the fragments is recomputed, whatever the node.
 */
export const verificationPolicySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('adaptive') }),
  z.object({ mode: z.literal('redundancy'), factor: z.literal(2).default(2) }),
  z.object({ mode: z.literal('spot-check'), rate: z.number().min(0.01).max(1) }),
]);
export type VerificationPolicy = z.infer<typeof verificationPolicySchema>;

// ---------------------------------------------------------------- fragment (scheduler)

/** A node committed to a result before revealing it: commitment = sha256 of `corex-commit-v1\n<resultHash>\n<nodeId>\n<leaseId>\n<salt>`. */
export const ResultCommitted = defineEvent(
  'corex.fragment.result-committed',
  1,
  z.object({
    fragmentId: idSchema,
    jobId: idSchema,
    nodeId: nodeIdSchema,
    leaseId: idSchema,
    commitment: sha256Schema,
    committedAt: isoTimeSchema,
  }),
);
export type ResultCommittedData = DataOf<typeof ResultCommitted>;

export const resultViolationKinds = ['duplicate-result', 'unleased-result', 'reveal-mismatch'] as const;

/**
 * A signed result message that no honest node sends: a second, different result for a lease
 * already completed; a result under a lease the node never held; a reveal that does not open its
 * commitment. Kept with the node's signature as evidence; the verifier turns it into FraudDetected.
 */
export const ResultViolation = defineEvent(
  'corex.fragment.result-violation',
  1,
  z.object({
    fragmentId: idSchema,
    jobId: idSchema,
    nodeId: nodeIdSchema,
    /** The lease the message named. */
    leaseId: idSchema,
    kind: z.enum(resultViolationKinds),
    resultHash: sha256Schema,
    /** sha256 of the signed message's canonical bytes, and the node's signature over them. */
    messageHash: sha256Schema,
    signature: z.string().min(1).max(200),
    detail: z.string().max(500),
    observedAt: isoTimeSchema,
  }),
);
export type ResultViolationData = DataOf<typeof ResultViolation>;

/**
 * A second execution of a fragment (redundancy), on its own subject `fragment.<replicaId>`, with
 * `replicaId` = `<fragmentId>-r<n>`. Leased like any fragment but never to `excludeNodes`; its result
 * does not count for the job, only for the verifier's comparison.
 */
export const ReplicaPlanned = defineEvent(
  'corex.fragment.replica-planned',
  1,
  z.object({
    fragmentId: idSchema,
    replicaOf: idSchema,
    jobId: idSchema,
    index: z.number().int().nonnegative(),
    rowRange: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
    size: fragmentSizeSchema,
    task: fragmentTaskSchema,
    excludeNodes: z.array(nodeIdSchema).max(64),
    reason: z.enum(['policy', 'escalated']),
    plannedAt: isoTimeSchema,
  }),
);
export type ReplicaPlannedData = DataOf<typeof ReplicaPlanned>;

// ---------------------------------------------------------------- verification (verifier)

export const checkOutcomes = ['pass', 'inconclusive', 'fail'] as const;

/** One check the verifier ran on a result, with what it measured. */
export const checkRecordSchema = z.object({
  check: z.string().min(1).max(64),
  outcome: z.enum(checkOutcomes),
  detail: z.string().max(500).optional(),
  metrics: z.record(z.string().max(32), z.number()).optional(),
});
export type CheckRecord = z.infer<typeof checkRecordSchema>;

/** What verifying one result cost: recomputed FLOPs (in the verifier or on a replica node) and wall time. */
export const verificationCostSchema = z.object({ flops: z.number().nonnegative(), ms: z.number().nonnegative() });

/** `structural`: a federated phase's result, checked for form only (decoded, phase, node, round, length): its content is masked by design. */
export const verificationMethods = ['cheap-checks', 'sampled-rows', 'recompute', 'replica', 'structural'] as const;

const judgedResult = {
  /** The fragment (or replica) whose lease is judged. */
  fragmentId: idSchema,
  jobId: idSchema,
  nodeId: nodeIdSchema,
  leaseId: idSchema,
  resultHash: sha256Schema,
};

/** The result is accepted: the fragment counts for its job and is paid. */
export const FragmentVerified = defineEvent(
  'corex.verification.fragment-verified',
  1,
  z.object({
    ...judgedResult,
    method: z.enum(verificationMethods),
    /** Chosen by the spot-check draw (or the policy) for a recomputation. */
    sampled: z.boolean(),
    checks: z.array(checkRecordSchema).max(16),
    cost: verificationCostSchema,
    verifiedAt: isoTimeSchema,
  }),
);
export type FragmentVerifiedData = DataOf<typeof FragmentVerified>;

/** The result is not accepted and the node is not punished (a check could not decide, or failed on our side): the fragment is redone elsewhere. */
export const FragmentRejected = defineEvent(
  'corex.verification.fragment-rejected',
  1,
  z.object({ ...judgedResult, reason: z.string().max(500), checks: z.array(checkRecordSchema).max(16), cost: verificationCostSchema, rejectedAt: isoTimeSchema }),
);
export type FragmentRejectedData = DataOf<typeof FragmentRejected>;

/** A check could not decide: a replica runs on another node (the scheduler plans it, reason `escalated`); no verdict yet. */
export const VerificationEscalated = defineEvent(
  'corex.verification.escalated',
  1,
  z.object({ ...judgedResult, check: z.string().max(64), reason: z.string().max(500), escalatedAt: isoTimeSchema }),
);
export type VerificationEscalatedData = DataOf<typeof VerificationEscalated>;

export const fraudKinds = [
  'wrong-output',
  'wrong-gradient',
  'copied-result',
  'replayed-result',
  'duplicate-result',
  'unleased-result',
  'reveal-mismatch',
  'benchmark-overclaim',
  'wrong-challenge',
] as const;
export type FraudKind = (typeof fraudKinds)[number];

/** What was checked, what was expected against what came, and the hashes that pin it. `evidenceHash` is over exactly this object. */
export const fraudEvidenceSchema = z.object({
  check: z.string().min(1).max(64),
  expected: z.string().max(2000),
  got: z.string().max(2000),
  hashes: z.record(z.string().max(32), z.string().max(200)),
  detail: z.string().max(1000),
});
export type FraudEvidence = z.infer<typeof fraudEvidenceSchema>;

/**
 * Proven cheating. The staking service slashes on-chain with `evidenceHash` (intent `slash:<fraudId>`),
 * the reputation service demotes, the scheduler redoes the fragment elsewhere, settlement never pays it.
 * Subject `verification.<fragmentId>` (result fraud) or `challenge.<challengeId>` (benchmark fraud).
 */
export const FraudDetected = defineEvent(
  'corex.verification.fraud-detected',
  1,
  z.object({
    /** Deterministic: `fraud-<kind>-<leaseId or challengeId>`. */
    fraudId: idSchema,
    nodeId: nodeIdSchema,
    kind: z.enum(fraudKinds),
    jobId: idSchema.optional(),
    fragmentId: idSchema.optional(),
    leaseId: idSchema.optional(),
    challengeId: idSchema.optional(),
    evidence: fraudEvidenceSchema,
    evidenceHash: evidenceHashSchema,
    detectedAt: isoTimeSchema,
  }),
);
export type FraudDetectedData = DataOf<typeof FraudDetected>;

// ---------------------------------------------------------------- benchmark challenges (verifier)

/**
 * A timed, seeded challenge for a node (docs/node-protocol.md, "Benchmark challenges"): with A, B
 * the `size`×`size` float32 matrices drawn from `seed`, the node returns the column sums of relu(A·B).
 * The scheduler gives the node no new work while one is open.
 */
export const ChallengeIssued = defineEvent(
  'corex.challenge.issued',
  1,
  z.object({
    challengeId: idSchema,
    nodeId: nodeIdSchema,
    reason: z.enum(['join', 'random', 'recheck']),
    size: z.number().int().min(16).max(4096),
    seed: hex32Schema,
    claimedGflops: z.number().positive(),
    /** From the node's start request to its answer, at most. */
    deadlineMs: z.number().int().positive(),
    issuedAt: isoTimeSchema,
  }),
);
export type ChallengeIssuedData = DataOf<typeof ChallengeIssued>;

export const challengeOutcomes = ['confirmed', 'slow', 'overclaim', 'wrong', 'expired'] as const;

/** The verifier's judgement of a challenge; `overclaim` and `wrong` come with a FraudDetected. */
export const ChallengeJudged = defineEvent(
  'corex.challenge.judged',
  1,
  z.object({
    challengeId: idSchema,
    nodeId: nodeIdSchema,
    outcome: z.enum(challengeOutcomes),
    claimedGflops: z.number().positive(),
    measuredGflops: z.number().nonnegative().nullable(),
    elapsedMs: z.number().nonnegative().nullable(),
    checkedColumns: z.number().int().nonnegative(),
    maxRelativeError: z.number().nonnegative().nullable(),
    judgedAt: isoTimeSchema,
  }),
);
export type ChallengeJudgedData = DataOf<typeof ChallengeJudged>;

// ---------------------------------------------------------------- reputation (reputation service)

/** Each 0..1, higher is better (docs/reputation.md). */
export const reputationComponentsSchema = z.object({
  performance: z.number().min(0).max(1),
  uptime: z.number().min(0).max(1),
  latency: z.number().min(0).max(1),
  load: z.number().min(0).max(1),
  history: z.number().min(0).max(1),
  violations: z.number().min(0).max(1),
});
export type ReputationComponents = z.infer<typeof reputationComponentsSchema>;

export const ReputationChanged = defineEvent(
  'corex.reputation.changed',
  1,
  z.object({
    nodeId: nodeIdSchema,
    score: z.number().min(0).max(1),
    previous: z.number().min(0).max(1).nullable(),
    components: reputationComponentsSchema,
    /** The raw indicators the components come from (claimedGflops, confirmedGflops, verified, failed, frauds, uptimeRatio, …). */
    indicators: z.record(z.string().max(32), z.number().nullable()),
    reason: z.string().max(200),
    changedAt: isoTimeSchema,
  }),
);
export type ReputationChangedData = DataOf<typeof ReputationChanged>;

export const TierChanged = defineEvent(
  'corex.reputation.tier-changed',
  1,
  z.object({ nodeId: nodeIdSchema, from: nodeTierSchema.nullable(), to: nodeTierSchema, reason: z.string().max(200), changedAt: isoTimeSchema }),
);
export type TierChangedData = DataOf<typeof TierChanged>;

/** No work until `until`; open leases run out. */
export const NodeSuspended = defineEvent(
  'corex.reputation.node-suspended',
  1,
  z.object({ nodeId: nodeIdSchema, until: isoTimeSchema, reason: z.string().max(200), fraudIds: z.array(idSchema).max(64), suspendedAt: isoTimeSchema }),
);
export type NodeSuspendedData = DataOf<typeof NodeSuspended>;

/** Removed for good: no work, and its registration is refused (NODE.EVICTED). */
export const NodeEvicted = defineEvent(
  'corex.reputation.node-evicted',
  1,
  z.object({ nodeId: nodeIdSchema, reason: z.string().max(200), fraudIds: z.array(idSchema).max(64), evictedAt: isoTimeSchema }),
);
export type NodeEvictedData = DataOf<typeof NodeEvicted>;

export const trustEvents = [
  ResultCommitted,
  ResultViolation,
  ReplicaPlanned,
  FragmentVerified,
  FragmentRejected,
  VerificationEscalated,
  FraudDetected,
  ChallengeIssued,
  ChallengeJudged,
  ReputationChanged,
  TierChanged,
  NodeSuspended,
  NodeEvicted,
] as const;

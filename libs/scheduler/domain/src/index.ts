export { planFragments, type DataShape, type FragmentPlan, type JobPriority, type JobToPlan, type JobType } from './planning/plan-fragments';
export { MEMORY_SAFETY_FACTOR, type FragmentSize } from './planning/fragment-size';
export { batchRows, checkJobParams, integerParam, sliceRows, trainingParams, type JobParams, type TrainingParams } from './planning/job-params';
export { groupInputBlocks, INPUT_BLOCK_LIMITS, type BlockLimits, type InputBlock } from './planning/input-blocks';

export { nodeInputFromReport, nodeTiers, tierFromGflops, TIER_GFLOPS_THRESHOLDS } from './nodes/node-profile';
export { NEUTRAL_REPUTATION, NO_STAKE_BOOST, type NodeInput, type NodeProfile, type NodeTier } from './nodes/node-profile';

export { cxtToWei, NO_STAKE, stakeBoostOf, type NodeStake } from './nodes/node-stake';
export { FairShare, MAX_LAG } from './matching/fair-share';
export { PRIORITY_WEIGHTS, REPLICA_VERIFIER_BONUS, scoreAssignment, sizeFit, TIER_WEIGHTS, type ScoreBreakdown } from './matching/score';

export { attemptError, clip, nodeAttemptError, UNCODED_NODE_ERROR } from './leases/attempt-error';
export { attemptLeaseId, epochLeaseId, checkResult, grantLease, leaseRefusalCodes } from './leases/lease';
export type { Lease, LeaseCheck, LeaseClaim, LeaseIdFactory, LeaseRefusalCode } from './leases/lease';
export type { Renewal } from './leases/lease-table';

export { SchedulerState } from './scheduler/scheduler-state';
export { CHALLENGE_BLOCK_MS, NodeTrustBook, type NodeTrust, type WorkBlock } from './nodes/node-trust';
export { unratedTier } from './nodes/node-profile';
export { evolveTrust, isReplicaId, type TrustEvolved } from './scheduler/trust-evolve';
export {
  decideJobEnd,
  decideCompletion,
  decideEviction,
  decideLeave,
  decideLeaseEnd,
  decideSweep,
  decideWork,
  decideWorkRound,
  evolveScheduler,
  SchedulerLeaseRefused,
} from './scheduler/scheduler-decider';
export type {
  AssignedEvent,
  CompleteCommand,
  CompletedEvent,
  EndLeaseCommand,
  EvolveContext,
  Evolved,
  LeaseEndedEvent,
  NodeLeftEvent,
  RequestWorkCommand,
  SchedulerEvent,
} from './scheduler/scheduler-decider';
export type {
  Assignment,
  Cancellation,
  Completion,
  FragmentView,
  LeaseEnd,
  Release,
  Reopened,
  RequeueReason,
  SchedulerOptions,
  SchedulerStats,
  SweepResult,
  VerificationMode,
  WorkRequest,
} from './scheduler/scheduler-types';
export type { FragmentStatus } from './matching/fragment-record';

export { RevealBook } from './commit-reveal/reveal-book';
export {
  decideCommit,
  decideReplica,
  decideReveal,
  gateHolds,
  REPLICA_WAIT_MS,
  REVEAL_RETRY_MS,
  type CommitCommand,
  type CommitDecision,
  type CommittedEvent,
  type PlanReplicaCommand,
  type ReplicaPlannedEvent,
  type RevealCommand,
  type RevealDecision,
  type ViolationEvent,
} from './commit-reveal/commit-reveal-decider';

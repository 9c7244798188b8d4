import { decodeTensorMap } from '@corex/compute';
import { BlobHashMismatchError } from '@corex/eventstore';
import { nodeErrorCodes, resultCommitment, verifyResult, type ResultBody, type ResultReply } from '@corex/node-protocol';
import type { FragmentTask } from '@corex/events';
import type { Logger } from '@corex/platform';
import { attemptError, decideCompletion, decideLeaseEnd, decideReveal, SchedulerLeaseRefused, type RevealDecision } from '@corex/scheduler-domain';
import type { JobCoordinator } from '../coordination/job-coordinator';
import type { NodeGate } from '../node-gate/node-gate';
import { AppendConflict, type SchedulerRuntime } from '../runtime/scheduler-runtime';
import { gateRefusal, leaseRefusal, refuseAndAudit, refuseUnverified, unavailable, type Audit, type Reply } from './refusals';
import { promoteResult, readResultUpload } from './result-blob';
import { outputProblem } from './result-validation';
import { federatedResultProblem, isFederatedTask } from '../federated/federated-result';

type Problem = { code: string; message: string };

/**
 * A node reports a finished fragment: the reveal of commit-reveal (decideReveal: re-delivery,
 * violations, the lease, the commitment, the replica gate). Accepted only under the fragment's
 * current lease (fencing), opening the commitment recorded for it, with the result blob present,
 * hashing to `resultHash`, and every output of the task's dtype and dims with finite values
 * (`NODE.RESULT_INVALID` otherwise: the lease fails, the node's fault).
 * Decide → append → evolve: a failed append answers `NODE.UNAVAILABLE` and changes nothing.
 */
export class ResultHandler {
  constructor(
    private readonly runtime: SchedulerRuntime,
    private readonly coordinator: JobCoordinator,
    private readonly audit: Audit,
    private readonly gate: NodeGate,
    private readonly logger: Logger,
    /** REPLICA_WAIT_MS: a replica without a lease this long stops holding its group's reveals. */
    private readonly replicaWaitMs?: number,
  ) {}

  async handle(message: unknown): Promise<ResultReply | Reply> {
    const now = new Date();
    const verified = verifyResult(message, { now });
    if (!verified.ok) return refuseUnverified(this.audit, this.logger, verified, 'result');
    // The same signed result comes again after a lost reply or a REVEAL_TOO_EARLY: completion is once per lease.
    const refused = await gateRefusal(this.gate, this.audit, this.logger, verified.body, 'result', await this.runtime.knowsNode(verified.body.nodeId), true);
    if (refused) return refused;
    const body = verified.body;
    const opens = (commitment: string) => resultCommitment(body.resultHash, body.nodeId, body.leaseId, body.salt) === commitment;
    const reveal = { ...body, signature: verified.signature, messageHash: verified.hash, opens, now: now.getTime(), replicaWaitMs: this.replicaWaitMs };
    const decision = decideReveal(this.runtime.state, reveal);
    if (decision.outcome !== 'open') return this.notOpened(body, decision);
    let problem: Problem | null;
    try {
      problem = await this.resultProblem(body);
    } catch (err) {
      // NATS or the blob store failed, not the node: nothing is charged, the node retries.
      this.logger.warn({ err, fragmentId: body.fragmentId }, 'result could not be read or stored; answered UNAVAILABLE');
      return unavailable();
    }
    if (problem) {
      await this.failLease(body, problem);
      return refuseAndAudit(this.audit, this.logger, body.nodeId, 'result', { ok: false, ...problem });
    }
    return this.complete(body, verified.signature, decision.commitment, now.getTime());
  }

  /** Every reveal decision but `open`: ok for a re-delivery, a recorded violation, or a refusal. */
  private async notOpened(body: ResultBody, decision: Exclude<RevealDecision, { outcome: 'open' }>): Promise<ResultReply | Reply> {
    const refuse = (reply: Reply) => refuseAndAudit(this.audit, this.logger, body.nodeId, 'result', reply);
    switch (decision.outcome) {
      case 'redelivered':
        return { ok: true };
      case 'violation': {
        const { kind, detail } = decision.event.data;
        const recorded = await this.runtime.withFragment(body.fragmentId, () => this.runtime.recordFragment(decision.event)).then(
          () => true,
          (err: unknown) => err instanceof AppendConflict,
        );
        if (!recorded) return unavailable();
        const code = violationCodes[kind];
        if (kind === 'reveal-mismatch') await this.failLease(body, { code, message: detail });
        return refuse({ ok: false, code, message: detail });
      }
      case 'refused':
        if (decision.code === 'REVEAL.TOO_EARLY') {
          const message = 'another execution of this fragment has not committed yet; send the same result again later';
          return { ok: false, code: nodeErrorCodes.REVEAL_TOO_EARLY, message, retryAfterMs: decision.retryAfterMs };
        }
        if (decision.code === 'REVEAL.NOT_COMMITTED') return refuse({ ok: false, code: nodeErrorCodes.NOT_COMMITTED, message: 'no commitment recorded for this lease: send the commit first' });
        return refuse(leaseRefusal(decision.code));
    }
  }

  /** Decide (the lease is checked again, on the state as it is now), append, evolve. */
  /** `receivedAt`: the lease is judged at the result's arrival, not after its (slow) validation. */
  private async complete(body: ResultBody, signature: string, commitment: string, receivedAt: number): Promise<ResultReply | Reply> {
    try {
      await this.runtime.withFragment(body.fragmentId, () => {
        const event = decideCompletion(this.runtime.state, { ...body, signature, commitment, now: receivedAt });
        return this.runtime.recordFragment(event);
      });
    } catch (err) {
      // The same message, delivered twice at once: the other copy completed the lease.
      if (err instanceof SchedulerLeaseRefused && this.runtime.state.reveals.completedResult(body.fragmentId)?.signature === signature) return { ok: true };
      if (err instanceof SchedulerLeaseRefused) return refuseAndAudit(this.audit, this.logger, body.nodeId, 'result', leaseRefusal(err.refusal));
      if (err instanceof AppendConflict) return unavailable();
      throw err;
    }
    // The node has a free slot again: a long-polling request of its may now be served.
    this.runtime.notifyWork();
    this.coordinator.poke(this.runtime.jobOf(body.fragmentId));
    return { ok: true };
  }

  /** What is wrong with the result, or null. Reading the blob verifies its sha256; a good one is kept for the job's assembly (RecentResults). */
  private async resultProblem(body: ResultBody): Promise<Problem | null> {
    const task = this.runtime.tasks.get(body.fragmentId);
    let bytes: Uint8Array | null;
    try {
      bytes = await this.readResult(body);
    } catch (err) {
      if (!(err instanceof BlobHashMismatchError)) throw err;
      return blobInvalid(`result blob does not hash to ${body.resultHash}`);
    }
    if (!bytes) return blobInvalid(`no result blob ${body.resultHash} in the blob store`);
    if (task && isFederatedTask(task)) return this.federatedProblem(body, task, bytes);
    let outputs: ReturnType<typeof decodeTensorMap>;
    try {
      outputs = decodeTensorMap(bytes);
    } catch {
      return blobInvalid('result blob is not a tensor map');
    }
    const missing = (task?.outputs ?? []).filter((name) => !outputs[name]);
    if (missing.length) return blobInvalid(`result lacks outputs ${missing.join(', ')}`);
    if (task && body.rowsProcessed !== task.rows) return resultInvalid(`rowsProcessed is ${body.rowsProcessed}, the fragment has ${task.rows} rows`);
    const expected = task ? await this.coordinator.expectedOutputs(this.runtime.jobOf(body.fragmentId), task) : [];
    const wrong = outputProblem(outputs, expected);
    if (wrong) return resultInvalid(wrong);
    await promoteResult(this.runtime.log, bytes);
    this.runtime.recentResults.remember(body.resultHash, bytes);
    return null;
  }

  /** A federated phase's result: a secure-aggregation document checked against the task's round descriptor (no tensor map). */
  private async federatedProblem(body: ResultBody, task: FragmentTask, bytes: Uint8Array): Promise<Problem | null> {
    const descriptor = await (await this.runtime.log.blobs()).get(task.inputHash);
    if (!descriptor) throw new Error(`round descriptor ${task.inputHash} is missing`);
    const wrong = federatedResultProblem(bytes, task, body.nodeId, descriptor);
    if (wrong) return resultInvalid(wrong);
    if (body.rowsProcessed !== task.rows) return resultInvalid(`rowsProcessed is ${body.rowsProcessed}, the fragment has ${task.rows} rows`);
    await promoteResult(this.runtime.log, bytes);
    this.runtime.recentResults.remember(body.resultHash, bytes);
    return null;
  }

  /** The result blob's bytes (verified against its hash), null when absent. */
  private async readResult(body: ResultBody): Promise<Uint8Array | null> {
    return readResultUpload(this.runtime.log, body.nodeId, body.resultHash);
  }

  /** A refused result ends its lease as failed (the node's fault), with why; a lease already gone is left alone. */
  private async failLease(body: ResultBody, problem: Problem): Promise<void> {
    const error = attemptError(problem.code, problem.message);
    await this.runtime
      .withFragment(body.fragmentId, () => this.runtime.recordFragment(decideLeaseEnd(this.runtime.state, { ...body, now: Date.now(), reason: 'failed', error })))
      .catch((err) => {
        if (!(err instanceof SchedulerLeaseRefused)) this.logger.warn({ err, fragmentId: body.fragmentId }, 'refused result: lease end not recorded; it will expire');
      });
  }
}

const violationCodes = {
  'duplicate-result': nodeErrorCodes.DUPLICATE_RESULT,
  'unleased-result': nodeErrorCodes.UNLEASED_RESULT,
  'reveal-mismatch': nodeErrorCodes.REVEAL_MISMATCH,
} as const;

function blobInvalid(message: string): Problem {
  return { code: nodeErrorCodes.RESULT_BLOB_INVALID, message };
}

function resultInvalid(message: string): Problem {
  return { code: nodeErrorCodes.RESULT_INVALID, message };
}

import { NodeBenchmarked, NodeRegistered, subjects, type StoredEvent } from '@corex/events';
import { WrongExpectedVersionError, type EventStore } from '@corex/eventstore';
import {
  decideNode,
  evolveNode,
  initialNodeState,
  registrationStatusOf,
  type NodeEvent,
  type RegisterNode,
  type NodeState,
} from '@corex/node-domain';
import {
  nodeErrorCodes,
  notJsonRefusal,
  verifyRegisterRequest,
  type NodeMessageRefusal,
  type RegisterReply,
  type RegisterRequestBody,
  type RegistrationStatus,
} from '@corex/node-protocol';
import type { Logger } from '@corex/platform';
import type { RejectionAudit } from './rejection-audit';

const MAX_ATTEMPTS = 6;
const nodeEventTypes: readonly string[] = [NodeRegistered.type, NodeBenchmarked.type];
const decoder = new TextDecoder();

export interface RegisterNodeHandlerDeps {
  store: EventStore;
  audit: Pick<RejectionAudit, 'record'>;
  logger: Logger;
  now?: () => Date;
  /** Told about every recorded report, so the matcher knows the node before the log feed catches up. */
  onRecorded?: (nodeId: string, hardware: RegisterRequestBody['hardware'], benchmark: RegisterRequestBody['benchmark']) => void;
  /** True for a node the reputation service evicted: its registration is refused NODE.EVICTED. */
  isEvicted?: (nodeId: string) => Promise<boolean>;
  /** Secured NATS: issues the registered node a NATS user of its own (a fresh one on every join). */
  issueNatsUser?: (nodeId: string, now: Date) => Promise<{ jwt: string }>;
}

/**
 * Handles one `register` request: verifies the signed report, decides against the node's
 * recorded events and appends the outcome, or refuses and records the refusal for audit.
 */
export class RegisterNodeHandler {
  constructor(private readonly deps: RegisterNodeHandlerDeps) {}

  /** Never throws: every outcome, including an unexpected failure, is a reply. */
  async handle(payload: Uint8Array): Promise<RegisterReply> {
    try {
      return await this.register(payload);
    } catch (err) {
      this.deps.logger.error({ err }, 'node registration could not be recorded');
      return { ok: false, code: nodeErrorCodes.UNAVAILABLE, message: 'registration could not be recorded; retry later' };
    }
  }

  private async register(payload: Uint8Array): Promise<RegisterReply> {
    const now = this.deps.now?.() ?? new Date();
    const message = parseJson(payload);
    const verified = message === undefined ? notJsonRefusal() : verifyRegisterRequest(message, { now });
    if (!verified.ok) return this.refuse(verified, now);
    const { nodeId, name, hardware, benchmark, runnerVersion } = verified.body;
    const { hash: reportHash, signature } = verified;
    if (await this.deps.isEvicted?.(nodeId)) {
      return this.refuse({ ok: false, code: nodeErrorCodes.EVICTED, message: 'this node was evicted for fraud and may not join again', claimedNodeId: nodeId, kind: 'register' }, now);
    }
    const command: RegisterNode = {
      type: 'RegisterNode',
      data: { nodeId, name, hardware, benchmark, runnerVersion, reportHash, signature, now },
    };
    const status = await this.decideAndAppend(command);
    this.deps.onRecorded?.(nodeId, hardware, benchmark);
    this.deps.logger.info({ nodeId, status, gflops: benchmark.gflops }, 'node report recorded');
    const natsUser = await this.deps.issueNatsUser?.(nodeId, now);
    return { ok: true, nodeId, status, ...(natsUser ? { natsJwt: natsUser.jwt } : {}) };
  }

  /** Optimistic concurrency: another scheduler may append to the same node between read and append. */
  private async decideAndAppend(command: RegisterNode): Promise<RegistrationStatus> {
    const subject = subjects.node(command.data.nodeId);
    for (let attempt = 1; ; attempt++) {
      const { version, events } = await this.deps.store.read(subject);
      const state = toNodeEvents(events).reduce(evolveNode, initialNodeState());
      const decided = decideNode(command, state);
      try {
        if (decided.length > 0) await this.deps.store.append(subject, decided, version);
        return registrationStatusOf(decided.reduce<NodeState>(evolveNode, state), command.data.reportHash);
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw err;
        this.deps.logger.debug({ subject, attempt }, 'node moved on while deciding; deciding again');
        await backOff(attempt);
      }
    }
  }

  private async refuse(refusal: NodeMessageRefusal, now: Date): Promise<RegisterReply> {
    const { code, message, claimedNodeId, kind: messageKind } = refusal;
    this.deps.logger.warn({ code, reason: message, claimedNodeId }, 'node message refused');
    // The refusal stands even when the audit write fails: it must not depend on the log being up.
    await this.deps.audit
      .record({ claimedNodeId, messageKind, code, reason: message, rejectedAt: now })
      .catch((err) => this.deps.logger.error({ err }, 'could not record a refused node message'));
    return { ok: false, code, message };
  }
}

/** Random, growing pauses, so that a scheduler replaying the node is not overtaken every time. */
function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
}

function parseJson(payload: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(payload));
  } catch {
    return undefined;
  }
}

/** The log validated each payload against its schema when decoding it. */
function toNodeEvents(stored: StoredEvent[]): NodeEvent[] {
  return stored
    .filter((s) => nodeEventTypes.includes(s.event.type))
    .map((s) => ({ id: s.event.id, type: s.event.type, data: s.event.data }) as NodeEvent);
}

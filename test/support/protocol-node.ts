import { createUser } from '@nats-io/nkeys';
import type { Benchmark, Hardware } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import {
  newCommitmentSalt,
  newNonce,
  resultCommitment,
  nodeSubjects,
  signNodeMessage,
  workReplySchema,
  type Assignment,
  type NodeSubjects,
  type ResultReply,
} from '@corex/node-protocol';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A node speaking the wire protocol directly (signed messages over real NATS), for tests that
 * need to control exactly what a node sends: forged signatures, wrong hashes, stale leases.
 */
export class ProtocolNode {
  readonly seed: string;
  readonly nodeId: string;
  private readonly subjects: NodeSubjects;

  constructor(
    private readonly log: EventLog,
    readonly hardware: Hardware,
    readonly gflops = 10,
  ) {
    const key = createUser();
    this.seed = decoder.decode(key.getSeed());
    this.nodeId = key.getPublicKey();
    this.subjects = nodeSubjects(log.store.names.prefix);
  }

  static hardware(memoryBytes: number, gpus = 0): Hardware {
    const gpuList = Array.from({ length: gpus }, () => ({ name: 'Test GPU', memoryBytes: 8 * 2 ** 30 }));
    return { cpuModel: 'Test CPU', cpuCores: 8, memoryBytes, gpus: gpuList, executionProviders: ['cpu'], os: 'linux', arch: 'x64' };
  }

  private base() {
    return { nodeId: this.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce() };
  }

  signed(kind: string, body: Record<string, unknown>, seed = this.seed) {
    return signNodeMessage(kind, { ...this.base(), ...body } as never, seed);
  }

  /** How long a request waits for the scheduler's answer. */
  requestTimeoutMs = 10_000;

  async request(subject: keyof NodeSubjects, message: unknown): Promise<any> {
    const reply = await this.log.nc.request(this.subjects[subject], encoder.encode(JSON.stringify(message)), { timeout: this.requestTimeoutMs });
    return JSON.parse(decoder.decode(reply.data));
  }

  async register(): Promise<void> {
    const benchmark: Benchmark = { kind: 'matmul-f32', size: 256, iterations: 10, durationMs: 100, gflops: this.gflops, executionProvider: 'cpu' };
    const reply = await this.request('register', this.signed('register', { name: 'protocol-node', hardware: this.hardware, benchmark, runnerVersion: 'test' }));
    if (!reply.ok) throw new Error(`register refused: ${JSON.stringify(reply)}`);
  }

  async requestWork(slots = 1, freeMemoryBytes = this.hardware.memoryBytes): Promise<Assignment[]> {
    const reply = workReplySchema.parse(await this.request('work', this.signed('work-request', { slots, freeMemoryBytes })));
    if (!reply.ok) throw new Error(`work refused: ${reply.code}`);
    return reply.assignments;
  }

  /** Commits to `resultHash` under the assignment's lease (commit-reveal); the salt to reveal with is returned. */
  async commit(assignment: Assignment, resultHash: string, salt = newCommitmentSalt(), seed?: string): Promise<{ reply: ResultReply; salt: string }> {
    const commitment = resultCommitment(resultHash, this.nodeId, assignment.leaseId, salt);
    const reply = await this.request('commit', this.signed('commit', { fragmentId: assignment.fragmentId, leaseId: assignment.leaseId, commitment }, seed));
    return { reply, salt };
  }

  /** The signed result (reveal) message, to send with `send` (e.g. twice, identically). */
  resultMessage(assignment: Assignment, resultHash: string, salt: string, extra: Record<string, unknown> = {}, seed?: string) {
    const body = { fragmentId: assignment.fragmentId, leaseId: assignment.leaseId, resultHash, salt, durationMs: 5, rowsProcessed: assignment.task.rows, metrics: {}, ...extra };
    return this.signed('result', body, seed);
  }

  reveal(assignment: Assignment, resultHash: string, salt: string, extra: Record<string, unknown> = {}, seed?: string): Promise<ResultReply> {
    return this.request('result', this.resultMessage(assignment, resultHash, salt, extra, seed));
  }

  /** An honest node's result: commit, then reveal (a refused commit is returned as is). */
  async submit(assignment: Assignment, resultHash: string, extra: Record<string, unknown> = {}, seed?: string): Promise<ResultReply> {
    const { reply, salt } = await this.commit(assignment, resultHash, undefined, seed);
    if (!reply.ok) return reply;
    return this.reveal(assignment, resultHash, salt, extra, seed);
  }

  release(assignment: Assignment, reason: 'shutdown' | 'error' = 'shutdown', error?: string): Promise<ResultReply> {
    return this.request('release', this.signed('release', { fragmentId: assignment.fragmentId, leaseId: assignment.leaseId, reason, ...(error === undefined ? {} : { error }) }));
  }

  heartbeat(leaseIds: string[]): void {
    const message = this.signed('heartbeat', { leaseIds, freeMemoryBytes: this.hardware.memoryBytes, slots: 1 });
    this.log.nc.publish(this.subjects.heartbeat, encoder.encode(JSON.stringify(message)));
  }
}

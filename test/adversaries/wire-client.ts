import { createHash } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Benchmark, Hardware } from '@corex/events';
import { newNonce, nodeSubjects, signNodeMessage, type NodeSubjects, type SignedNodeMessage } from '@corex/node-protocol';

/**
 * The adversary's side of the node protocol, written from docs/node-protocol.md and the trust
 * decisions, not from our node-runner: every message is built and signed here and sent as raw
 * JSON, and replies are read as plain JSON (no schema of ours filters what comes back).
 */
export interface WireReply {
  ok: boolean;
  code?: string;
  message?: string;
  retryAfterMs?: number;
  [field: string]: unknown;
}

/** sha256 hex of `corex-commit-v1\n<resultHash>\n<nodeId>\n<leaseId>\n<salt>` (the documented commitment). */
export function commitmentOf(resultHash: string, nodeId: string, leaseId: string, salt: string): string {
  return createHash('sha256').update(`corex-commit-v1\n${resultHash}\n${nodeId}\n${leaseId}\n${salt}`, 'utf8').digest('hex');
}

export class WireClient {
  private readonly subjects: NodeSubjects;

  constructor(
    private readonly nc: NatsConnection,
    prefix: string,
    readonly nodeId: string,
    private readonly seed: string,
    private readonly timeoutMs = 15_000,
  ) {
    this.subjects = nodeSubjects(prefix);
  }

  /** A signed message of `kind` with a fresh nonce and issue time. */
  sign(kind: string, fields: Record<string, unknown>): SignedNodeMessage {
    return signNodeMessage(kind, { nodeId: this.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), ...fields }, this.seed);
  }

  async send(subject: keyof NodeSubjects, message: SignedNodeMessage): Promise<WireReply> {
    const reply = await this.nc.request(this.subjects[subject], JSON.stringify(message), { timeout: this.timeoutMs });
    return reply.json<WireReply>();
  }

  register(name: string, hardware: Hardware, benchmark: Benchmark): Promise<WireReply> {
    return this.send('register', this.sign('register', { name, hardware, benchmark, runnerVersion: 'adversary-0.1' }));
  }

  heartbeat(leaseIds: string[], slots: number, freeMemoryBytes: number): void {
    this.nc.publish(this.subjects.heartbeat, JSON.stringify(this.sign('heartbeat', { leaseIds, freeMemoryBytes, slots })));
  }

  requestWork(slots: number, freeMemoryBytes: number): Promise<WireReply> {
    return this.send('work', this.sign('work-request', { slots, freeMemoryBytes }));
  }

  commit(fragmentId: string, leaseId: string, commitment: string): Promise<WireReply> {
    return this.send('commit', this.sign('commit', { fragmentId, leaseId, commitment }));
  }

  /** A signed reveal; send the same message again to retry it (same nonce), or sign a new one to send a different result. */
  resultMessage(fields: { fragmentId: string; leaseId: string; resultHash: string; salt: string; rowsProcessed: number; metrics: Record<string, number>; durationMs: number }): SignedNodeMessage {
    return this.sign('result', fields);
  }

  release(fragmentId: string, leaseId: string, reason: 'shutdown' | 'error', error?: string): Promise<WireReply> {
    return this.send('release', this.sign('release', { fragmentId, leaseId, reason, ...(error ? { error } : {}) }));
  }

  challengeStart(challengeId: string): Promise<WireReply> {
    return this.send('challenge', this.sign('challenge-start', { challengeId }));
  }

  challengeAnswer(challengeId: string, columnSums: Float32Array): Promise<WireReply> {
    const bytes = Buffer.from(columnSums.buffer, columnSums.byteOffset, columnSums.byteLength);
    return this.send('challengeResult', this.sign('challenge-result', { challengeId, columnSums: bytes.toString('base64') }));
  }

  leave(): Promise<WireReply> {
    return this.send('leave', this.sign('leave', { reason: 'shutdown' }));
  }
}

import { createUser } from '@nats-io/nkeys';
import { NodeBenchmarked, NodeMessageRejected, NodeRegistered, subjects, type Benchmark, type Hardware } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import {
  newNonce,
  nodeErrorCodes,
  nodeSubjects,
  registerReplySchema,
  signNodeMessage,
  type RegisterReply,
  type RegisterRequestBody,
} from '@corex/node-protocol';
import { loadConfig } from '@corex/platform';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { schedulerConfigSchema } from '../config';
import { startScheduler, type RunningScheduler } from '../start-scheduler';
import { rejectionAuditSubject } from './rejection-audit';


const hardware: Hardware = {
  cpuModel: 'Test CPU',
  cpuCores: 4,
  memoryBytes: 8 * 2 ** 30,
  gpus: [],
  executionProviders: ['cpu'],
  os: 'linux',
  arch: 'x64',
};
const benchmark: Benchmark = { kind: 'matmul-f32', size: 256, iterations: 20, durationMs: 250, gflops: 2.7, executionProvider: 'cpu' };

function newNode() {
  const key = createUser();
  return { seed: new TextDecoder().decode(key.getSeed()), nodeId: key.getPublicKey() };
}

function report(nodeId: string, issuedAt = new Date()): RegisterRequestBody {
  return { nodeId, name: 'test rig', hardware, benchmark, runnerVersion: '0.1.0', issuedAt: issuedAt.toISOString(), nonce: newNonce() };
}

describe('register-node over NATS', () => {
  const names = uniqueNames('reg');
  const config = loadConfig(schedulerConfigSchema, {
    NATS_URL,
    COREX_STREAM: names.stream,
    COREX_SUBJECT_PREFIX: names.prefix,
    LOG_LEVEL: 'silent',
  });
  let log: EventLog;
  let scheduler: RunningScheduler;

  beforeAll(async () => {
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startScheduler(config);
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
  });

  async function send(payload: unknown): Promise<RegisterReply> {
    const bytes = payload instanceof Uint8Array ? payload : new TextEncoder().encode(JSON.stringify(payload));
    const reply = await log.nc.request(nodeSubjects(names.prefix).register, bytes, { timeout: 10_000 });
    return registerReplySchema.parse(reply.json());
  }
  async function nodeEventTypes(nodeId: string): Promise<string[]> {
    return (await log.store.read(subjects.node(nodeId))).events.map((e) => e.event.type);
  }
  async function rejectionsFor(claimedNodeId: string) {
    const { events } = await log.store.read(rejectionAuditSubject(claimedNodeId));
    return events.filter((e) => e.event.type === NodeMessageRejected.type).map((e) => e.event.data as Record<string, unknown>);
  }

  it('records NodeRegistered and NodeBenchmarked for a new node and replies registered', async () => {
    const node = newNode();
    expect(await send(signNodeMessage('register', report(node.nodeId), node.seed))).toEqual({
      ok: true,
      nodeId: node.nodeId,
      status: 'registered',
    });
    const { events } = await log.store.read(subjects.node(node.nodeId));
    expect(events.map((e) => e.event.type)).toEqual([NodeRegistered.type, NodeBenchmarked.type]);
    expect(events[1]!.event.data).toMatchObject({ nodeId: node.nodeId, benchmark, reportHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('records only NodeBenchmarked when a registered node joins again', async () => {
    const node = newNode();
    await send(signNodeMessage('register', report(node.nodeId), node.seed));
    const again = await send(signNodeMessage('register', report(node.nodeId), node.seed));
    expect(again).toEqual({ ok: true, nodeId: node.nodeId, status: 're-benchmarked' });
    expect(await nodeEventTypes(node.nodeId)).toEqual([NodeRegistered.type, NodeBenchmarked.type, NodeBenchmarked.type]);
  });

  it('refuses a report with a forged signature, records nothing for the node and audits the refusal', async () => {
    const victim = newNode();
    const attacker = newNode();
    const signedByAttacker = signNodeMessage('register', report(attacker.nodeId), attacker.seed);
    const forged = { ...signedByAttacker, body: { ...signedByAttacker.body, nodeId: victim.nodeId } };
    expect(await send(forged)).toMatchObject({ ok: false, code: nodeErrorCodes.SIGNATURE_INVALID });
    expect(await nodeEventTypes(victim.nodeId)).toEqual([]);
    expect(await rejectionsFor(victim.nodeId)).toEqual([
      expect.objectContaining({ claimedNodeId: victim.nodeId, messageKind: 'register', code: nodeErrorCodes.SIGNATURE_INVALID }),
    ]);
  });

  it('audits refused reports of one claimed node at a bounded rate, however many arrive', async () => {
    const victim = newNode();
    const attacker = newNode();
    const signed = signNodeMessage('register', report(attacker.nodeId), attacker.seed);
    const forged = { ...signed, body: { ...signed.body, nodeId: victim.nodeId } };
    const replies = await Promise.all(Array.from({ length: 40 }, () => send(forged)));
    expect(replies.every((r) => !r.ok && r.code === nodeErrorCodes.SIGNATURE_INVALID)).toBe(true);
    // The burst of the per-node audit rate (COREX_AUDIT_PER_NODE_BURST, 5), not one event per refusal.
    expect((await rejectionsFor(victim.nodeId)).length).toBeLessThanOrEqual(5);
  });

  it('refuses a report whose body was changed after signing', async () => {
    const node = newNode();
    await send(signNodeMessage('register', report(node.nodeId), node.seed));
    const signed = signNodeMessage('register', report(node.nodeId), node.seed);
    const inflated = { ...signed, body: { ...signed.body, benchmark: { ...benchmark, gflops: 9_000 } } };
    expect(await send(inflated)).toMatchObject({ ok: false, code: nodeErrorCodes.SIGNATURE_INVALID });
    expect(await nodeEventTypes(node.nodeId)).toEqual([NodeRegistered.type, NodeBenchmarked.type]);
    expect(await rejectionsFor(node.nodeId)).toHaveLength(1);
  });

  it('refuses an unsigned report and a garbage payload as malformed', async () => {
    const node = newNode();
    expect(await send({ kind: 'register', body: report(node.nodeId) })).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED });
    expect(await send(new TextEncoder().encode('\u0000{not json'))).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED });
    expect(await send([1, 2, 3])).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED });
    expect(await nodeEventTypes(node.nodeId)).toEqual([]);
    expect((await rejectionsFor(node.nodeId)).map((r) => r.code)).toEqual([nodeErrorCodes.MALFORMED]);
    expect((await rejectionsFor('')).map((r) => r.reason)).toContain('payload is not JSON');
  });

  it('refuses a correctly signed report issued more than 5 minutes ago as stale', async () => {
    const node = newNode();
    const old = signNodeMessage('register', report(node.nodeId, new Date(Date.now() - 6 * 60_000)), node.seed);
    expect(await send(old)).toMatchObject({ ok: false, code: nodeErrorCodes.STALE });
    expect(await nodeEventTypes(node.nodeId)).toEqual([]);
  });

  it('refuses a signed report whose body does not match the register schema', async () => {
    const node = newNode();
    const noHardware = { nodeId: node.nodeId, issuedAt: new Date().toISOString(), nonce: newNonce(), name: 'x' };
    expect(await send(signNodeMessage('register', noHardware, node.seed))).toMatchObject({ ok: false, code: nodeErrorCodes.MALFORMED });
    expect(await nodeEventTypes(node.nodeId)).toEqual([]);
  });

  it('answers a replayed report without recording it twice', async () => {
    const node = newNode();
    const signed = signNodeMessage('register', report(node.nodeId), node.seed);
    expect(await send(signed)).toMatchObject({ ok: true, status: 'registered' });
    expect(await send(signed)).toMatchObject({ ok: true, status: 'registered' });
    expect(await nodeEventTypes(node.nodeId)).toEqual([NodeRegistered.type, NodeBenchmarked.type]);
  });

  it('registers a node once when two first reports reach two schedulers at the same time', async () => {
    const second = await startScheduler(config);
    try {
      const node = newNode();
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => send(signNodeMessage('register', report(node.nodeId), node.seed))),
      );
      expect(replies.every((r) => r.ok)).toBe(true);
      expect(replies.filter((r) => r.ok && r.status === 'registered')).toHaveLength(1);
      const types = await nodeEventTypes(node.nodeId);
      expect(types.filter((t) => t === NodeRegistered.type)).toHaveLength(1);
      expect(types.filter((t) => t === NodeBenchmarked.type)).toHaveLength(6);
    } finally {
      await second.close();
    }
  });
});

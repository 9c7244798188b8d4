import { PermissionViolationError } from '@nats-io/nats-core';
import { subjects } from '@corex/events';
import { openEventLog, type EventLog } from '@corex/eventstore';
import { nodeSubjects } from '@corex/node-protocol';
import { uniqueNames } from '../../../test/support/infra';
import { startSecuredNats, type SecuredNats } from '../../../test/support/secured-nats';

const fact = (fraudId: string) => ({
  type: 'corex.reputation.tier-changed.v1',
  data: { nodeId: 'A'.repeat(56), from: null, to: 'edge', reason: fraudId, changedAt: new Date().toISOString() },
});

/** The event log of a service user on the secured server (the shipped config, generated auth). */
describe('the verifier, reputation and bridge users on the shipped config: their own aggregates and requests only', () => {
  let nats: SecuredNats;
  let stream: string;
  const logs: EventLog[] = [];
  const open = async (user: string) => {
    const log = await openEventLog({ url: nats.url, service: user, stream, prefix: nats.prefix, credsFile: nats.credsFile(user) });
    logs.push(log);
    return log;
  };
  // A refused publish never reaches the stream: no ack comes (the server tells the connection a permissions violation, asynchronously).
  const permissionDenied = (p: Promise<unknown>) => expect(p).rejects.toThrow(/permission|no JetStream ack/i);

  beforeAll(async () => {
    nats = await startSecuredNats();
    stream = uniqueNames('perm').stream;
    await open('scheduler');
  }, 60_000);
  afterAll(async () => {
    for (const log of logs) await log.close();
    await nats?.stop();
  });

  it('the reputation service appends to reputation.<node> and reads the stream, and cannot write another aggregate or delete the stream', async () => {
    const log = await open('reputation');
    await log.store.append(subjects.reputation('A'.repeat(56)), [fact('ok')], 0);
    expect((await log.store.read(subjects.reputation('A'.repeat(56)))).events).toHaveLength(1);
    await permissionDenied(log.store.append(subjects.verification('frag-1'), [fact('not its own')], 0));
    await permissionDenied(log.jsm.streams.delete(stream));
  }, 60_000);

  it('the reputation service hears node heartbeats; the verifier serves challenge requests and cannot serve heartbeats', async () => {
    const reputation = await open('reputation');
    const verifier = await open('verifier');
    const s = nodeSubjects(nats.prefix);
    const heard = new Promise<string>((resolve) => reputation.nc.subscribe(s.heartbeat, { callback: (_e, m) => resolve(m.string()) }));
    verifier.nc.subscribe(s.challenge, {
      callback: (_e, m) => {
        m.respond('started');
      },
    });
    await reputation.nc.flush();
    await verifier.nc.flush();
    const admin = await nats.connectAs('admin');
    try {
      admin.publish(s.heartbeat, 'beat');
      expect(await heard).toBe('beat');
      expect((await admin.request(s.challenge, 'start', { timeout: 5_000 })).string()).toBe('started');
    } finally {
      await admin.close();
    }
    const refused = new Promise<unknown>((resolve) => {
      verifier.nc.subscribe(s.heartbeat, { callback: (err) => resolve(err) });
    });
    expect(await refused).toBeInstanceOf(PermissionViolationError);
  }, 60_000);

  it('the verifier appends to verification.<fragment> and challenge.<id>, and not to a job', async () => {
    const log = await open('verifier');
    await log.store.append(subjects.verification('frag-2'), [fact('verdict')], 0);
    await log.store.append(subjects.challenge('ch-1'), [fact('challenge')], 0);
    await permissionDenied(log.store.append(subjects.job('job-1'), [fact('not its own')], 0));
    await permissionDenied(log.store.append(subjects.reputation('B'.repeat(56)), [fact('not its own')], 0));
  }, 60_000);

  it('the verifier reads blobs the scheduler stored, and cannot store one', async () => {
    const bytes = new TextEncoder().encode('a result the verifier recomputes');
    const hash = await (await logs[0]!.blobs()).put(bytes);
    const blobs = await (await open('verifier')).blobs();
    expect(await blobs.get(hash)).toEqual(bytes);
    await expect(blobs.put(new TextEncoder().encode('not its own'))).rejects.toThrow();
  }, 60_000);

  it('the bridge appends to cross-chain-task.<id> and reward-transfer.<id>, stores a spec blob, and cannot write a job, a payout route or a verdict', async () => {
    const log = await open('bridge');
    await log.store.append(subjects.crossChainTask('task-1'), [fact('task')], 0);
    await log.store.append(subjects.rewardTransfer('transfer-1'), [fact('transfer')], 0);
    const spec = new TextEncoder().encode('{"type":"inference"}');
    const hash = await (await log.blobs()).put(spec);
    expect(await (await logs[0]!.blobs()).get(hash)).toEqual(spec);
    await permissionDenied(log.store.append(subjects.job('job-1'), [fact('not its own')], 0));
    await permissionDenied(log.store.append(subjects.payoutRoute('C'.repeat(56)), [fact('not its own')], 0));
    await permissionDenied(log.store.append(subjects.verification('frag-1'), [fact('not its own')], 0));
  }, 60_000);
});

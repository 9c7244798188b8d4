import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JobFragmentsPlanned, type JobFragmentsPlannedData } from '@corex/events';
import { BlobReader, openEventLog, readTaskObject, taskBucketName, type EventLog } from '@corex/eventstore';
import { jobSealingKey, openSealedBlob, SealedBlobError, type Assignment } from '@corex/node-protocol';
import { disposeTestLog, NATS_URL, uniqueNames } from '../../../../test/support/infra';
import { submitPenguinsJob } from '../../../../test/support/job-submitted';
import { ProtocolNode } from '../../../../test/support/protocol-node';
import { startTestScheduler } from '../../../../test/support/scheduler';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import type { RunningScheduler } from '../start-scheduler';

const GiB = 2 ** 30;
const blobsOf = (a: Assignment) => [a.task.graphHash, a.task.weightsHash!, a.task.inputHash];

describe('assignments seal the blobs their tasks name', () => {
  const names = uniqueNames('seal');
  const secret = randomBytes(32);
  let dir: string;
  let log: EventLog;
  let scheduler: RunningScheduler;
  let tasks: BlobReader;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sealing-'));
    await writeFile(path.join(dir, 'sealing.secret'), `${secret.toString('hex')}\n`);
    log = await openEventLog({ url: NATS_URL, service: 'test', ...names });
    scheduler = await startTestScheduler(names, { COREX_SEALING_SECRET_FILE: path.join(dir, 'sealing.secret') });
    tasks = await BlobReader.open(log.nc, taskBucketName(names.prefix));
  });
  afterAll(async () => {
    await scheduler?.close();
    await disposeTestLog(log);
    await rm(dir, { recursive: true, force: true });
  });

  async function assignmentOfNewJob(node: ProtocolNode): Promise<Assignment> {
    const jobId = await submitPenguinsJob(log, { params: { batchRows: 400 } });
    await waitForEvent<JobFragmentsPlannedData>(log, JobFragmentsPlanned.type, (d) => d.jobId === jobId);
    const [assignment] = await node.requestWork(1);
    expect(assignment?.jobId).toBe(jobId);
    return assignment!;
  }

  async function registeredNode(): Promise<ProtocolNode> {
    const node = new ProtocolNode(log, ProtocolNode.hardware(8 * GiB), 10);
    await node.register();
    return node;
  }

  it('gives the job key derived from the configured secret, and a sealed copy of each blob that opens to it', async () => {
    const a = await assignmentOfNewJob(await registeredNode());
    expect(a.sealing.key).toBe(jobSealingKey(secret, a.jobId).toString('base64'));
    expect(Object.keys(a.sealing.blobs).sort()).toEqual([...new Set(blobsOf(a))].sort());
    const plain = await log.blobs();
    for (const hash of blobsOf(a)) {
      const sealed = await readTaskObject(tasks, a.sealing.blobs[hash]!);
      expect(sealed).not.toBeNull();
      expect(Buffer.from(sealed!).equals(Buffer.from((await plain.get(hash))!))).toBe(false);
      expect(Buffer.from(openSealedBlob(Buffer.from(a.sealing.key, 'base64'), hash, sealed!)).equals(Buffer.from((await plain.get(hash))!))).toBe(true);
    }
  });

  it("seals the same blobs of two jobs under two names, and job B's do not open with job A's key", async () => {
    const node = await registeredNode();
    const a = await assignmentOfNewJob(node);
    const b = await assignmentOfNewJob(node);
    expect(b.task.graphHash).toBe(a.task.graphHash);
    expect(b.sealing.key).not.toBe(a.sealing.key);
    expect(b.sealing.blobs[b.task.graphHash]).not.toBe(a.sealing.blobs[a.task.graphHash]);
    const sealedB = await readTaskObject(tasks, b.sealing.blobs[b.task.graphHash]!);
    expect(() => openSealedBlob(Buffer.from(a.sealing.key, 'base64'), b.task.graphHash, sealedB!)).toThrow(SealedBlobError);
  });

  it('never writes a job key into the event log', async () => {
    const a = await assignmentOfNewJob(await registeredNode());
    const key = Buffer.from(a.sealing.key, 'base64');
    const { state } = await log.jsm.streams.info(names.stream);
    expect(state.last_seq).toBeGreaterThan(0);
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const msg = await log.jsm.streams.getMessage(names.stream, { seq });
      const data = Buffer.from(msg!.data);
      for (const form of [a.sealing.key, key.toString('hex'), key.toString('base64url')]) expect(data.includes(form)).toBe(false);
      expect(data.includes(key)).toBe(false);
    }
  });
});

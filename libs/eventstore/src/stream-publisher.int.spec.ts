import { disposeTestLog, openTestLog } from '../../../test/support/infra';
import { StreamPublisher, StreamPublishError, type EventLog } from './index';

describe('StreamPublisher on JetStream', () => {
  let log: EventLog;
  let publisher: StreamPublisher;
  const bytes = (text: string) => new TextEncoder().encode(text);
  beforeAll(async () => {
    log = await openTestLog('test', 'pub');
    publisher = new StreamPublisher(log.nc, 500);
  });
  afterAll(async () => {
    publisher.close();
    await disposeTestLog(log);
  });

  it('answers each of many concurrent publishes with its own stream sequence', async () => {
    const subject = log.store.subjectOf('pub.many');
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) => publisher.publish(subject, bytes(`m${i}`))));
    const seqs = acks.map((a) => a.seq);
    expect(new Set(seqs).size).toBe(200);
    expect(acks.every((a) => a.stream === log.store.names.stream && !a.duplicate)).toBe(true);
    // Each ack names the message it stored.
    for (const i of [0, 99, 199]) expect(new TextDecoder().decode((await log.jsm.streams.getMessage(log.store.names.stream, { seq: seqs[i]! }))!.data)).toBe(`m${i}`);
  });

  it('reports a second message with the same id as a duplicate of the first, stored once', async () => {
    const subject = log.store.subjectOf('pub.dedupe');
    const first = await publisher.publish(subject, bytes('once'), { msgId: 'pub-dedupe-1' });
    const again = await publisher.publish(subject, bytes('once'), { msgId: 'pub-dedupe-1' });
    expect(again).toEqual({ ...first, duplicate: true });
    expect((await log.jsm.streams.getMessage(log.store.names.stream, { last_by_subj: subject }))!.seq).toBe(first.seq);
  });

  it('refuses a message whose expected last subject sequence is not the last one, with err_code 10071', async () => {
    const subject = log.store.subjectOf('pub.occ');
    const { seq } = await publisher.publish(subject, bytes('first'), { lastSubjectSequence: 0 });
    const refused = publisher.publish(subject, bytes('stale'), { lastSubjectSequence: seq - 1 });
    await expect(refused).rejects.toBeInstanceOf(StreamPublishError);
    await expect(refused).rejects.toMatchObject({ errCode: 10071 });
    expect((await publisher.publish(subject, bytes('next'), { lastSubjectSequence: seq })).seq).toBeGreaterThan(seq);
  });

  it('fails at once when no stream stores the subject', async () => {
    await expect(publisher.publish(`nostream.${Date.now()}`, bytes('x'))).rejects.toThrow(/no stream stores nostream\..* \(no responders\)/);
  });

  it('fails after its timeout when something else answers nothing', async () => {
    const subject = `silent.${Date.now()}`;
    const swallowed = new Promise<void>((resolve) => log.nc.subscribe(subject, { max: 1, callback: () => resolve() }));
    const publishing = publisher.publish(subject, bytes('x'));
    await swallowed;
    await expect(publishing).rejects.toThrow(`no JetStream ack for ${subject} within 500 ms`);
  });
});

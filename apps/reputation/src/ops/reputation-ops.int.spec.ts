import { randomUUID } from 'node:crypto';
import { subjects } from '@corex/events';
import type { EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { disposeTestLog, NATS_URL, openTestLog } from '../../../../test/support/infra';
import { jobSubmitted } from '../../../../test/support/job-submitted';
import { health, sample, scrapeMetrics } from '../../../../test/support/metrics';
import { until } from '../../../../test/support/until';
import { reputationConfigSchema } from '../config';
import { startReputation, type RunningReputation } from '../start-reputation';

describe('reputation /metrics and /health', () => {
  let log: EventLog;
  let reputation: RunningReputation;
  let url: string;

  beforeAll(async () => {
    log = await openTestLog('test', 'rops');
    const { stream, prefix } = log.store.names;
    reputation = await startReputation(
      loadConfig(reputationConfigSchema, { NATS_URL, COREX_STREAM: stream, COREX_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'silent', COREX_REPUTATION_HTTP_PORT: '0' }),
    );
    url = reputation.opsUrl!;
  });
  afterAll(async () => {
    await reputation?.close();
    await disposeTestLog(log);
  });

  it('reports NATS up and its engine caught up again after new events', async () => {
    for (let i = 0; i < 3; i++) {
      const jobId = randomUUID();
      await log.store.append(subjects.job(jobId), [jobSubmitted(jobId)], 0);
    }
    const { body } = await until(async () => {
      const answer = await health(url);
      return answer.body.consumers?.['reputation-engine']?.lag === 0 ? answer : undefined;
    }, 'the engine caught up');
    expect(body).toEqual({ status: 'ok', service: 'reputation', dependencies: { nats: 'ok' }, consumers: { 'reputation-engine': { lag: 0 } } });
    const text = await scrapeMetrics(url);
    expect(sample(text, 'corex_consumer_lag_events', { consumer: 'reputation-engine' })).toBe(0);
    expect(sample(text, 'corex_dependency_up', { dependency: 'nats' })).toBe(1);
  });

  it('stops answering once closed', async () => {
    const other = await startReputation(
      loadConfig(reputationConfigSchema, { NATS_URL, COREX_STREAM: log.store.names.stream, COREX_SUBJECT_PREFIX: log.store.names.prefix, LOG_LEVEL: 'silent', COREX_REPUTATION_HTTP_PORT: '0' }),
    );
    expect((await health(other.opsUrl!)).status).toBe(200);
    await other.close();
    await expect(fetch(`${other.opsUrl}/health`)).rejects.toThrow();
  });
});

import { FragmentCompleted, FragmentVerified, subjects, type FragmentVerifiedData } from '@corex/events';
import { health, sample, scrapeMetrics } from '../../../../test/support/metrics';
import { until } from '../../../../test/support/until';
import { waitForEvent } from '../../../../test/support/wait-for-event';
import { VerifierFixture, zeroed } from '../results/testing/verifier-fixture';

describe('verifier /metrics and /health', () => {
  let fx: VerifierFixture;
  let url: string;

  beforeAll(async () => {
    fx = await VerifierFixture.open();
    url = (await fx.start({ COREX_VERIFIER_HTTP_PORT: '0' })).opsUrl!;
  }, 60_000);
  afterAll(() => fx.dispose());

  const outcome = async (verdict: string) => sample(await scrapeMetrics(url), 'corex_verification_outcomes_total', { verdict });

  it('reports NATS up and both consumers of the log caught up', async () => {
    const body = await until(async () => {
      const { status, body } = await health(url);
      expect(status).toBe(200);
      return body.consumers?.['verifier-results']?.lag === 0 && body.consumers?.['verifier-challenges']?.lag === 0 ? body : undefined;
    }, 'both consumers caught up');
    expect(body).toMatchObject({ status: 'ok', service: 'verifier', dependencies: { nats: 'ok' } });
  });

  it('counts each verdict it appends by outcome: a correct result verified, a zeroed one fraud', async () => {
    expect([await outcome('verified'), await outcome('fraud'), await outcome('rejected'), await outcome('escalated')]).toEqual([0, 0, 0, 0]);
    const good = await fx.plan('inference');
    await fx.complete(good, await fx.result(good.task));
    await until(async () => ((await outcome('verified')) === 1 ? true : undefined), 'the verified outcome counted');
    const bad = await fx.plan('inference');
    await fx.complete(bad, await fx.result(bad.task, zeroed));
    await until(async () => ((await outcome('fraud')) === 1 ? true : undefined), 'the fraud outcome counted');
    expect(await outcome('verified')).toBe(1);
  });

  it('appends each verdict under the correlation of the completion it judged, caused by it', async () => {
    const fragment = await fx.plan('inference');
    const leaseId = await fx.complete(fragment, await fx.result(fragment.task));
    const verdict = await waitForEvent<FragmentVerifiedData>(fx.log, FragmentVerified.type, (d) => d.leaseId === leaseId);
    const completion = (await fx.log.store.read(subjects.fragment(fragment.fragmentId))).events.find((e) => e.event.type === FragmentCompleted.type)!.event;
    expect([verdict.correlationid, verdict.causationid]).toEqual([completion.correlationid, completion.id]);
  });
});

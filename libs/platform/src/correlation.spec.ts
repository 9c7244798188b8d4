import { Writable } from 'node:stream';
import { causedBy, currentCorrelation, withCorrelation } from './correlation';
import { createLogger } from './logger';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('svc', 'info', sink), lines };
}

describe('correlation', () => {
  it('given work started under an event, when it awaits and sets timers, then it still runs under that event', async () => {
    const event = { id: 'evt-2', correlationid: 'req-1' };
    const seen = await withCorrelation(causedBy(event), async () => {
      await Promise.resolve();
      return new Promise((resolve) => setTimeout(() => resolve(currentCorrelation()), 1));
    });
    expect(seen).toEqual({ correlationId: 'req-1', causationId: 'evt-2' });
    expect(currentCorrelation()).toBeUndefined();
  });

  it('given a line logged under a correlation, then it names the correlation and the cause; outside, it names none', async () => {
    const { logger, lines } = capturedLogger();
    withCorrelation({ correlationId: 'req-1', causationId: 'evt-2' }, () => logger.info('judged'));
    logger.info('idle');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => [l.msg, l.correlationId, l.causationId])).toEqual([
      ['judged', 'req-1', 'evt-2'],
      ['idle', undefined, undefined],
    ]);
  });
});

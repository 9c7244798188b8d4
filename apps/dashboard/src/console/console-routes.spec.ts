import { consoleHref, parseConsoleRoute } from './console-routes';

const parse = (hash: string) => parseConsoleRoute(hash.split('/').filter(Boolean), new URLSearchParams());

describe('console routes', () => {
  it('given #/jobs/new, when parsed, then it is the submission page and links back to itself', () => {
    expect(parse('jobs/new')).toEqual({ page: 'submit' });
    expect(consoleHref({ page: 'submit' })).toBe('#/jobs/new');
  });

  it('given a job id, when parsed, then it is that job', () => {
    expect(parse('jobs/0193a2f4-5c1e')).toEqual({ page: 'job', jobId: '0193a2f4-5c1e' });
    expect(parse('jobs')).toEqual({ page: 'jobs' });
    expect(parse('nodes')).toBeNull();
  });
});

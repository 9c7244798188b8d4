import { hrefOf, parseRoute } from './routes';

describe('dashboard routes', () => {
  it('given the sign-in link node-runner login prints, when parsed, then it carries the token', () => {
    expect(parseRoute('#/signin?token=cxo_abc-_12')).toEqual({ page: 'signin', token: 'cxo_abc-_12' });
  });

  it('given a sign-in link with a page to open next, when parsed, then it carries both', () => {
    expect(parseRoute('#/signin?token=k&next=jobs/0193')).toEqual({ page: 'signin', token: 'k', next: { page: 'job', jobId: '0193' } });
    expect(parseRoute('#/signin?token=k&next=signin')).toEqual({ page: 'signin', token: 'k' });
  });

  it('given a job page, when parsed and linked again, then the id survives encoding', () => {
    const route = parseRoute('#/jobs/0193a2f4-5c1e');
    expect(route).toEqual({ page: 'job', jobId: '0193a2f4-5c1e' });
    expect(hrefOf(route)).toBe('#/jobs/0193a2f4-5c1e');
  });

  it('given no or an unknown fragment, when parsed, then it is the sign-in page without a token', () => {
    expect(parseRoute('')).toEqual({ page: 'signin', token: null });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'signin', token: null });
  });

  it('given the list and the node pages, when parsed, then each is its page', () => {
    expect(parseRoute('#/jobs')).toEqual({ page: 'jobs' });
    expect(parseRoute('#/node')).toEqual({ page: 'node' });
  });
});

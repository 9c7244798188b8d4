import { nodeHref, parseNodeRoute, type NodeRoute } from './node-routes';

const parse = (hash: string) => parseNodeRoute(hash.split('/').filter(Boolean).map(decodeURIComponent), new URLSearchParams());

describe('node dashboard routes', () => {
  it.each<[string, NodeRoute]>([
    ['node', { page: 'node' }],
    ['node/fragments', { page: 'node-fragments' }],
    ['node/fragments/job-1%2Ff-2', { page: 'node-fragment', fragmentId: 'job-1/f-2' }],
    ['node/payouts', { page: 'node-payouts' }],
    ['node/reconciliation', { page: 'node-reconciliation' }],
    ['node/history', { page: 'node-history' }],
  ])('given #/%s, when parsed and linked again, then it is the same page', (path, route) => {
    expect(parse(path)).toEqual(route);
    expect(nodeHref(route)).toBe(`#/${path}`);
  });

  it('given an unknown section under node, when parsed, then it opens the overview', () => {
    expect(parse('node/nowhere')).toEqual({ page: 'node' });
    expect(parse('node/toString')).toEqual({ page: 'node' });
  });

  it('given a path outside the node area, when parsed, then no node page answers', () => {
    expect(parse('jobs')).toBeNull();
  });
});

/** The pages, addressed by the URL's fragment (`#/jobs/<id>`), so the server serves one index.html for all. */
export type Route =
  /** `next`: the page to open once signed in (a deep link), e.g. `jobs/<id>`. */
  | { page: 'signin'; token: string | null; next?: Route }
  | { page: 'jobs' }
  | { page: 'job'; jobId: string }
  | { page: 'node' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'signin') {
    const params = new URLSearchParams(query);
    const next = params.get('next') ? parseRoute(`#/${params.get('next')}`) : null;
    return { page: 'signin', token: params.get('token'), ...(next && next.page !== 'signin' && { next }) };
  }
  if (parts[0] === 'jobs' && parts[1]) return { page: 'job', jobId: parts[1] };
  if (parts[0] === 'jobs') return { page: 'jobs' };
  if (parts[0] === 'node') return { page: 'node' };
  return { page: 'signin', token: null };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'signin':
      return route.token ? `#/signin?token=${encodeURIComponent(route.token)}` : '#/signin';
    case 'jobs':
      return '#/jobs';
    case 'job':
      return `#/jobs/${encodeURIComponent(route.jobId)}`;
    case 'node':
      return '#/node';
  }
}

/** The enterprise console's pages (API-key sign-in), addressed by the URL's fragment. */
export type ConsoleRoute = { page: 'jobs' } | { page: 'job'; jobId: string } | { page: 'submit' };

/** `parts`: the fragment's path segments, decoded; null when they name no console page. */
export function parseConsoleRoute(parts: string[], _params: URLSearchParams): ConsoleRoute | null {
  // Job ids are UUIDs: `new` never names one.
  if (parts[0] === 'jobs' && parts[1] === 'new') return { page: 'submit' };
  if (parts[0] === 'jobs' && parts[1]) return { page: 'job', jobId: parts[1] };
  if (parts[0] === 'jobs') return { page: 'jobs' };
  return null;
}

export function consoleHref(route: ConsoleRoute): string {
  switch (route.page) {
    case 'jobs':
      return '#/jobs';
    case 'job':
      return `#/jobs/${encodeURIComponent(route.jobId)}`;
    case 'submit':
      return '#/jobs/new';
  }
}

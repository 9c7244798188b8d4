/** The enterprise console's pages (API-key sign-in), addressed by the URL's fragment. */
export type ConsoleRoute = { page: 'jobs' } | { page: 'job'; jobId: string };

/** `parts`: the fragment's path segments, decoded; null when they name no console page. */
export function parseConsoleRoute(parts: string[], _params: URLSearchParams): ConsoleRoute | null {
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
  }
}

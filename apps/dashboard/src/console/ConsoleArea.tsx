import type { Session } from '../session';
import type { ConsoleRoute } from './console-routes';
import { JobDetail } from './JobDetail';
import { JobList } from './JobList';
import { JobSubmit } from './JobSubmit';
import './console.css';

/** The enterprise console's pages. */
export function ConsoleArea({ route, session }: { route: ConsoleRoute; session: Session }) {
  switch (route.page) {
    case 'jobs':
      return <JobList session={session} />;
    case 'job':
      return <JobDetail session={session} jobId={route.jobId} />;
    case 'submit':
      return <JobSubmit session={session} />;
  }
}

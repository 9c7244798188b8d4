import { useCallback, useEffect, useState } from 'react';
import { isFinished, type Job } from '@corex/client';
import { clientFor, describeError } from '../api';
import type { Session } from '../session';
import { consoleHref } from './console-routes';
import { LiveJobRow } from './LiveJobRow';

/** Streams per API key are limited (SSE_MAX_STREAMS_PER_KEY, 16 by default): the newest running jobs are followed, the rest shown as read. */
const FOLLOWED = 6;

/** The customer's jobs, newest first (GET /v1/jobs), with live progress and cost against budget. */
export function JobList({ session }: { session: Session }) {
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const { data, error: problem, response } = await clientFor(session).GET('/v1/jobs', { params: { query: { limit: 50 } } });
    if (data) setJobs(data.items);
    else setError(describeError(problem, response));
  }, [session]);

  useEffect(() => {
    void load();
  }, [load]);
  const followed = new Set((jobs ?? []).filter((j) => !isFinished(j)).slice(0, FOLLOWED).map((j) => j.id));

  return (
    <section aria-labelledby="jobs-title">
      <div className="title-row">
        <h1 id="jobs-title">Jobs</h1>
        <div className="console-actions">
          <a className="button-link" href={consoleHref({ page: 'submit' })}>
            Submit a job
          </a>
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
        </div>
      </div>
      {error && <p role="alert">{error}</p>}
      {jobs === null && !error && <p aria-live="polite">Loading…</p>}
      {jobs?.length === 0 && <p>No jobs yet.</p>}
      {jobs && jobs.length > 0 && (
        <div className="console-scroll">
          <table aria-live="polite">
            <caption className="visually-hidden">Your jobs, newest first, with progress and cost against budget</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Type</th>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Cost against budget</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <LiveJobRow key={`${job.id}:${job.updatedAt}`} session={session} initial={job} follow={followed.has(job.id)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

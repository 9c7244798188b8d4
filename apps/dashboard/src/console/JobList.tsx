import { useCallback, useEffect, useState } from 'react';
import type { Job } from '@corex/client';
import { clientFor, describeError } from '../api';
import { consoleHref } from './console-routes';
import type { Session } from '../session';
import { Progress } from './Progress';

/** The customer's jobs, newest first (GET /v1/jobs), with status and progress. */
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

  return (
    <section aria-labelledby="jobs-title">
      <div className="title-row">
        <h1 id="jobs-title">Jobs</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {jobs === null && !error && <p aria-live="polite">Loading…</p>}
      {jobs?.length === 0 && <p>No jobs yet.</p>}
      {jobs && jobs.length > 0 && (
        <table>
          <caption className="visually-hidden">Your jobs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Type</th>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>
                  <a href={consoleHref({ page: 'job', jobId: job.id })}>{job.id}</a>
                </td>
                <td>{job.type}</td>
                <td>{job.model}</td>
                <td>
                  <span className={`status status-${job.status}`}>{job.status}</span>
                </td>
                <td>
                  <Progress job={job} />
                </td>
                <td>{new Date(job.submittedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { followJob, isFinished, type Job, type Schemas } from '@corex/client';
import { clientFor } from '../api';
import type { Session } from '../session';
import { consoleHref } from './console-routes';
import { CostMeter } from './CostMeter';
import { recordsKey } from './job-figures';
import { Progress } from './Progress';

/** A job of the list, followed live while it runs, its cost read again whenever its progress moves. */
export function LiveJobRow({ session, initial, follow }: { session: Session; initial: Job; follow: boolean }) {
  const [job, setJob] = useState(initial);
  const [cost, setCost] = useState<Schemas['JobCost'] | null>(null);

  useEffect(() => {
    if (!follow || isFinished(initial)) return;
    const abort = new AbortController();
    void (async () => {
      try {
        for await (const next of followJob(clientFor(session), initial.id, { signal: abort.signal })) setJob(next);
      } catch {
        // The row keeps the last view it had; the job's own page says why its stream ended.
      }
    })();
    return () => abort.abort();
  }, [session, initial, follow]);

  const key = recordsKey(job);
  useEffect(() => {
    const abort = new AbortController();
    clientFor(session)
      .GET('/v1/jobs/{id}/cost', { params: { path: { id: job.id }, query: { limit: 1 } }, signal: abort.signal })
      .then(({ data }) => data && setCost(data.cost), () => undefined);
    return () => abort.abort();
  }, [session, job.id, key]);

  return (
    <tr data-job-id={job.id}>
      <th scope="row">
        <a href={consoleHref({ page: 'job', jobId: job.id })}>{job.id}</a>
      </th>
      <td>{job.type}</td>
      <td>{job.model}</td>
      <td>
        <span className={`status status-${job.status}`}>{job.status}</span>
      </td>
      <td>
        <Progress job={job} />
      </td>
      <td>{cost ? <CostMeter cost={cost} /> : `budget ${job.budget} CXT`}</td>
      <td>{new Date(job.submittedAt).toLocaleString()}</td>
    </tr>
  );
}

import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { followJob, type CorexClient, type Job } from '@corex/client';
import { clientFor, describeError } from '../api';
import { mergeSteps, formatCxt, type CurvePoint } from '../chart-data';
import type { Session } from '../session';
import { Progress } from './Progress';

async function allSteps(client: CorexClient, jobId: string) {
  const steps = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await client.GET('/v1/jobs/{id}/steps', { params: { path: { id: jobId }, query: { limit: 200, ...(cursor && { cursor }) } } });
    if (!data) throw new Error(describeError(error, response));
    steps.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return steps;
}

/**
 * One job: its view followed live over SSE (GET /v1/jobs/{id}/events, fetch streaming so the API
 * key goes in the Authorization header), and its loss and accuracy curves from /steps, each new
 * step added as the stream delivers it.
 */
export function JobDetail({ session, jobId }: { session: Session; jobId: string }) {
  const [job, setJob] = useState<Job | null>(null);
  const [curve, setCurve] = useState<CurvePoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  // The stream's view has no cost (GET /v1/jobs/{id} only): read once when the page opens.
  const [cost, setCost] = useState<Job['cost'] | null>(null);

  useEffect(() => {
    const client = clientFor(session);
    const abort = new AbortController();
    void (async () => {
      try {
        const { data } = await client.GET('/v1/jobs/{id}', { params: { path: { id: jobId } }, signal: abort.signal });
        if (data?.cost) setCost(data.cost);
        setCurve(mergeSteps([], await allSteps(client, jobId)));
        for await (const next of followJob(client, jobId, { signal: abort.signal })) {
          setLive(true);
          setJob(next);
          const step = next.latestStep;
          if (step) setCurve((known) => mergeSteps(known, [step]));
        }
      } catch (err) {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      } finally {
        if (!abort.signal.aborted) setLive(false);
      }
    })();
    return () => abort.abort();
  }, [session, jobId]);

  return (
    <section aria-labelledby="job-title">
      <h1 id="job-title">Job {jobId}</h1>
      {error && <p role="alert">{error}</p>}
      {!job && !error && <p aria-live="polite">Loading…</p>}
      {job && (
        <>
          <p aria-live="polite" className="live">
            {live ? 'Live: updates as the job runs' : 'Not live: the job finished or the stream ended'}
          </p>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <span className={`status status-${job.status}`}>{job.status}</span>
            </dd>
            <dt>Type</dt>
            <dd>{job.type}</dd>
            <dt>Model</dt>
            <dd>{job.model}</dd>
            <dt>Progress</dt>
            <dd>
              <Progress job={job} />
            </dd>
            <dt>Budget</dt>
            <dd>{job.budget} CXT</dd>
            {cost && (
              <>
                <dt>Cost against budget</dt>
                <dd>
                  {formatCxt(cost.spent)} of {formatCxt(cost.budget)} ({cost.rewardedFragments} fragments rewarded)
                </dd>
              </>
            )}
            {job.failure && (
              <>
                <dt>Failure</dt>
                <dd>
                  {job.failure.reason} ({job.failure.code})
                </dd>
              </>
            )}
          </dl>
        </>
      )}
      <section aria-labelledby="curves-title" className="card">
        <h2 id="curves-title">Training loss and accuracy</h2>
        {curve.length === 0 ? (
          <p>No training steps yet.</p>
        ) : (
          <figure aria-label={`Loss and accuracy over ${curve.length} steps`}>
            <ResponsiveContainer width="100%" height={320}>
              <LineChart data={curve} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="step" label={{ value: 'step', position: 'insideBottomRight', offset: -4 }} />
                <YAxis yAxisId="loss" />
                <YAxis yAxisId="accuracy" orientation="right" domain={[0, 1]} />
                <Tooltip />
                <Legend />
                <Line yAxisId="loss" type="monotone" dataKey="loss" name="loss" stroke="#c2410c" dot={false} isAnimationActive={false} />
                <Line yAxisId="accuracy" type="monotone" dataKey="accuracy" name="accuracy" stroke="#1d4ed8" dot={false} isAnimationActive={false} connectNulls />
              </LineChart>
            </ResponsiveContainer>
          </figure>
        )}
      </section>
    </section>
  );
}

import { useEffect, useState } from 'react';
import { followJob, isFinished, type CorexClient, type Job } from '@corex/client';
import { clientFor, describeError } from '../api';
import { mergeSteps, type CurvePoint } from '../chart-data';
import type { Session } from '../session';
import { CostMeter } from './CostMeter';
import { FragmentsTable } from './FragmentsTable';
import { recordsKey } from './job-figures';
import { useJobRecords } from './job-records';
import { LossCurves } from './LossCurves';
import { ModelVersionsTable } from './ModelVersionsTable';
import { Progress } from './Progress';
import { ProofsTable } from './ProofsTable';
import { QuoteFacts } from './QuoteFacts';

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

/** The job followed live over SSE (fetch streaming, so the API key goes in the Authorization header), its curve growing step by step. */
function useLiveJob(session: Session, jobId: string) {
  const [job, setJob] = useState<Job | null>(null);
  const [curve, setCurve] = useState<CurvePoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  // The stream's view has no verification quote (GET /v1/jobs/{id} only): read once when the page opens.
  const [verification, setVerification] = useState<Job['verification'] | null>(null);

  useEffect(() => {
    const client = clientFor(session);
    const abort = new AbortController();
    void (async () => {
      try {
        const { data, error: problem, response } = await client.GET('/v1/jobs/{id}', { params: { path: { id: jobId } }, signal: abort.signal });
        if (!data) throw new Error(describeError(problem, response));
        setVerification(data.verification ?? null);
        setCurve(mergeSteps([], await allSteps(client, jobId)));
        for await (const next of followJob(client, jobId, { signal: abort.signal })) {
          setLive(!isFinished(next));
          setJob(next);
          const step = next.latestStep;
          if (step) setCurve((known) => mergeSteps(known, [step]));
        }
        // Steps delivered close together arrive as one view: the finished curve is read whole once more.
        setCurve(mergeSteps([], await allSteps(client, jobId)));
      } catch (err) {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      } finally {
        if (!abort.signal.aborted) setLive(false);
      }
    })();
    return () => abort.abort();
  }, [session, jobId]);

  return { job, curve, error, live, verification };
}

/** One job: live progress, cost against budget, curves, verdicts per fragment, proofs and model versions. */
export function JobDetail({ session, jobId }: { session: Session; jobId: string }) {
  const { job, curve, error, live, verification } = useLiveJob(session, jobId);
  const training = job?.type === 'training';
  const { records, error: recordsError } = useJobRecords(session, jobId, training, job ? recordsKey(job) : null, !!job && isFinished(job));

  return (
    <section aria-labelledby="job-title" className="console-job">
      <h1 id="job-title">
        Job <span className="mono">{jobId}</span>
      </h1>
      {error && <p role="alert">{error}</p>}
      {recordsError && <p role="alert">{recordsError}</p>}
      {!job && !error && <p aria-live="polite">Loading…</p>}
      {job && (
        <div className="console-summary card">
          <p aria-live="polite" className="live">
            {live ? 'Live: updates as the job runs' : `Not live: the job is ${job.status}`}
          </p>
          <dl className="facts" aria-live="polite">
            <dt>Status</dt>
            <dd>
              <span className={`status status-${job.status}`} data-testid="job-status">
                {job.status}
              </span>
            </dd>
            <dt>Type, model, dataset</dt>
            <dd>
              {job.type}, {job.model}, <span className="mono">{job.dataset}</span>
            </dd>
            <dt>Progress</dt>
            <dd data-testid="job-progress">
              <Progress job={job} />
            </dd>
            <dt>Cost against budget</dt>
            <dd data-testid="job-cost">{records?.cost ? <CostMeter cost={records.cost} /> : `budget ${job.budget} CXT`}</dd>
            {job.failure && (
              <>
                <dt>Failure</dt>
                <dd>
                  {job.failure.reason} ({job.failure.code})
                </dd>
              </>
            )}
          </dl>
          {verification && <QuoteFacts quote={verification.quote} />}
        </div>
      )}
      {job && training && <LossCurves curve={curve} />}
      {records && (
        <div className="console-records">
          <ProofsTable proofs={records.proofs} chain={records.homeChain} />
          {training && <ModelVersionsTable versions={records.versions} chain={records.homeChain} />}
          <FragmentsTable fragments={records.fragments} />
        </div>
      )}
    </section>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import type { Schemas } from '@corex/client';
import { clientFor, describeError } from '../api';
import type { Session } from '../session';
import { consoleHref } from './console-routes';
import { emptyForm, JOB_TYPES, modelsFor, submissionBody, type JobForm } from './job-form';
import { QuoteFacts } from './QuoteFacts';
import { useQuote } from './use-quote';

function useCatalog(session: Session) {
  const [catalog, setCatalog] = useState<Schemas['Catalog'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void clientFor(session)
      .GET('/v1/catalog')
      .then(({ data, error: problem, response }) => (data ? setCatalog(data) : setError(describeError(problem, response))));
  }, [session]);
  return { catalog, error };
}

const label = (entry: { id: string; name?: string }) => (entry.name && entry.name !== entry.id ? `${entry.name} (${entry.id})` : entry.id);

/** A job from the catalog: type, model, dataset, budget and verification policy, quoted by the marketplace before it is submitted. */
export function JobSubmit({ session }: { session: Session }) {
  const { catalog, error: catalogError } = useCatalog(session);
  const [form, setForm] = useState<JobForm>(emptyForm);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const built = submissionBody(form);
  const body = 'body' in built ? built.body : null;
  const quote = useQuote(session, body);
  const models = catalog ? modelsFor(catalog.models, form.type) : [];
  const set = (change: Partial<JobForm>) => setForm((f) => ({ ...f, ...change }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body || quote.state !== 'quoted') return;
    setSubmitting(true);
    setSubmitError(null);
    const { data, error, response } = await clientFor(session).POST('/v1/jobs', { body });
    setSubmitting(false);
    if (data) window.location.hash = consoleHref({ page: 'job', jobId: data.id });
    else setSubmitError(describeError(error, response));
  };

  return (
    <section aria-labelledby="submit-title" className="console-submit">
      <h1 id="submit-title">Submit a job</h1>
      {catalogError && <p role="alert">{catalogError}</p>}
      {!catalog && !catalogError && <p aria-live="polite">Loading the catalog…</p>}
      {catalog && (
        <form onSubmit={(e) => void submit(e)} className="card console-form" noValidate>
          <label htmlFor="job-type">Job type</label>
          <select id="job-type" value={form.type} onChange={(e) => set({ type: e.target.value as JobForm['type'], model: '' })}>
            {JOB_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <label htmlFor="job-model">Model</label>
          <select id="job-model" value={form.model} onChange={(e) => set({ model: e.target.value })}>
            <option value="">Choose a model…</option>
            {models.map((id) => (
              <option key={id} value={id}>
                {label(catalog.models.find((m) => m.id === id)!)}
              </option>
            ))}
          </select>
          <label htmlFor="job-dataset">Dataset</label>
          <select id="job-dataset" value={form.dataset} onChange={(e) => set({ dataset: e.target.value })}>
            <option value="">Choose a dataset…</option>
            {catalog.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {label(d)}
              </option>
            ))}
          </select>
          <label htmlFor="job-budget">Budget (CXT)</label>
          <input id="job-budget" inputMode="decimal" value={form.budget} onChange={(e) => set({ budget: e.target.value })} />
          <label htmlFor="job-verification">Verification policy</label>
          <select id="job-verification" value={form.mode} onChange={(e) => set({ mode: e.target.value as JobForm['mode'] })}>
            <option value="adaptive">adaptive: by each node’s trust</option>
            <option value="spot-check">spot-check: recompute a share of fragments</option>
            <option value="redundancy">redundancy: every fragment on two nodes</option>
          </select>
          {form.mode === 'spot-check' && (
            <>
              <label htmlFor="job-rate">Share of fragments recomputed (0.01 to 1)</label>
              <input id="job-rate" inputMode="decimal" value={form.rate} onChange={(e) => set({ rate: e.target.value })} />
            </>
          )}
          <label htmlFor="job-params">Params (JSON, optional)</label>
          <textarea id="job-params" rows={2} value={form.params} placeholder='{"epochs": 2}' onChange={(e) => set({ params: e.target.value })} />
          <section aria-labelledby="quote-title" aria-live="polite" className="console-quote">
            <h2 id="quote-title">Quote</h2>
            {'problem' in built && <p>{built.problem}</p>}
            {quote.state === 'asking' && <p>Asking the marketplace for a quote…</p>}
            {quote.state === 'refused' && <p role="alert">{quote.problem}</p>}
            {quote.state === 'quoted' && <QuoteFacts quote={quote.quote.verification.quote} />}
          </section>
          {submitError && <p role="alert">{submitError}</p>}
          <button type="submit" disabled={submitting || quote.state !== 'quoted'}>
            {submitting ? 'Submitting…' : 'Submit the job'}
          </button>
        </form>
      )}
    </section>
  );
}

import type { Schemas } from '@corex/client';
import { verdictCounts } from './job-figures';

const METHOD_WORDS: Record<string, string> = {
  'cheap-checks': 'cheap checks',
  'sampled-rows': 'sampled rows recomputed',
  recompute: 'recomputed',
  replica: 'compared with a replica',
  structural: 'structural checks',
};

/** Each fragment's latest verification verdict (GET /v1/jobs/{id}/fragments), with a count per outcome. */
export function FragmentsTable({ fragments }: { fragments: Schemas['JobFragment'][] }) {
  const counts = verdictCounts(fragments);
  return (
    <section aria-labelledby="fragments-title" className="card">
      <h2 id="fragments-title">Verification of each fragment</h2>
      <p data-testid="verdict-counts">
        {Object.entries(counts)
          .map(([outcome, n]) => `${n} ${outcome}`)
          .join(', ')}
      </p>
      {fragments.length === 0 ? (
        <p>No fragment has a result yet.</p>
      ) : (
        <div className="console-scroll">
          <table className="console-fragments">
            <caption className="visually-hidden">Verification outcome of each fragment</caption>
            <thead>
              <tr>
                <th scope="col">Fragment</th>
                <th scope="col">Node</th>
                <th scope="col">Outcome</th>
                <th scope="col">How checked</th>
                <th scope="col">Checks</th>
              </tr>
            </thead>
            <tbody>
              {fragments.map((f) => (
                <tr key={f.fragmentId} data-fragment-id={f.fragmentId}>
                  <th scope="row" className="mono">
                    {f.fragmentId}
                  </th>
                  <td className="mono">{f.nodeId ?? '—'}</td>
                  <td>
                    <span className={`verdict verdict-${f.verification.outcome}`}>{f.verification.outcome}</span>
                  </td>
                  <td>{f.verification.method ? (METHOD_WORDS[f.verification.method] ?? f.verification.method) : '—'}</td>
                  <td>{f.verification.checks.map((c) => `${c.check}: ${c.outcome}`).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

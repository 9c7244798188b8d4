import type { Schemas } from '@corex/client';
import { TxLink } from '../chain/TxLink';
import { shortHash } from './job-figures';

/** The job's Proof-of-Compute records (GET /v1/jobs/{id}/proofs): epoch, its root, and the anchor transaction once anchored. */
export function ProofsTable({ proofs, chain }: { proofs: Schemas['FragmentProof'][]; chain: string }) {
  const anchored = proofs.filter((p) => p.anchored).length;
  return (
    <section aria-labelledby="proofs-title" className="card">
      <h2 id="proofs-title">Proofs of compute</h2>
      <p aria-live="polite">
        {anchored} of {proofs.length} proofs anchored on-chain
      </p>
      {proofs.length > 0 && (
        <div className="console-scroll">
          <table>
            <caption className="visually-hidden">Proof of each fragment, its epoch root and anchor transaction</caption>
            <thead>
              <tr>
                <th scope="col">Fragment</th>
                <th scope="col">Epoch</th>
                <th scope="col">Epoch root</th>
                <th scope="col">Anchored</th>
                <th scope="col">Anchor transaction</th>
              </tr>
            </thead>
            <tbody>
              {proofs.map((p) => (
                <tr key={p.fragmentId} data-fragment-id={p.fragmentId}>
                  <th scope="row" className="mono">
                    {p.fragmentId}
                  </th>
                  <td>{p.epoch}</td>
                  <td className="mono" title={p.root ?? undefined}>
                    {p.root ? shortHash(p.root) : 'epoch still open'}
                  </td>
                  <td>{p.anchored ? 'yes' : 'not yet'}</td>
                  <td>{p.anchorTxHash ? <TxLink tx={{ chain, txHash: p.anchorTxHash }} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

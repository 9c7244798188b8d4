import type { Schemas } from '@corex/client';
import { TxLink } from '../chain/TxLink';

/** A training job's model versions (GET /v1/models/{job}/versions): weights hashes and their on-chain records. */
export function ModelVersionsTable({ versions, chain }: { versions: Schemas['ModelVersion'][]; chain: string }) {
  return (
    <section aria-labelledby="versions-title" className="card">
      <h2 id="versions-title">Model versions</h2>
      {versions.length === 0 ? (
        <p>No model version yet: each accepted training step registers one.</p>
      ) : (
        <div className="console-scroll">
          <table>
            <caption className="visually-hidden">Model versions with their weights hashes and anchors</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Step</th>
                <th scope="col">Weights hash (sha256)</th>
                <th scope="col">Loss</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Anchor</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <th scope="row">{v.version}</th>
                  <td>{v.step}</td>
                  <td className="mono weights-hash">{v.weightsHash}</td>
                  <td>{v.loss}</td>
                  <td>{v.accuracy ?? '—'}</td>
                  <td>
                    {v.anchor?.txHash ? (
                      <>
                        epoch {v.anchor.epoch}: <TxLink tx={{ chain, txHash: v.anchor.txHash }} />
                      </>
                    ) : (
                      'not yet anchored'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import type { Schemas } from '@corex/client';
import { formatCxt } from '../chart-data';
import { TxLink } from '../chain/TxLink';
import { formatTime } from './node-format';
import { nodeHref } from './node-routes';

/** Proven frauds: what was caught, the evidence in words, its hash, and the on-chain slash that carried it. */
export function Violations({ violations }: { violations: Schemas['NodeViolation'][] }) {
  if (violations.length === 0) return <p>None.</p>;
  return (
    <ul className="violations" aria-label="Violations">
      {violations.map((v) => (
        <li key={v.fraudId} data-testid="violation">
          <strong>{v.kind}</strong> on {formatTime(v.detectedAt)}
          {v.fragmentId && (
            <>
              {' '}
              in fragment <a href={nodeHref({ page: 'node-fragment', fragmentId: v.fragmentId })}>{v.fragmentId}</a>
            </>
          )}
          <p className="why">
            Why: {v.evidence.detail} (check {v.evidence.check})
          </p>
          <p>
            Evidence hash <span className="mono">{v.evidenceHash}</span>;{' '}
            {v.slash ? (
              <>
                slashed {formatCxt(v.slash.amount)} of stake in <TxLink tx={{ chain: 'ethereum', txHash: v.slash.txHash }} /> (block {v.slash.block})
              </>
            ) : (
              'no slash mined yet'
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

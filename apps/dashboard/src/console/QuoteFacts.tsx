import type { Schemas } from '@corex/client';
import { percent } from './job-form';

type Policy = Schemas['VerificationQuote']['policy'];

export function policyWords(policy: Policy): string {
  if (policy.mode === 'spot-check') return `spot-check, ${percent(policy.rate)} of fragments recomputed`;
  if (policy.mode === 'redundancy') return `redundancy, every fragment on ${policy.factor} nodes`;
  return 'adaptive, by the trust of each node';
}

/** What a verification policy costs and buys (its quote), as the submission and the job show it. */
export function QuoteFacts({ quote }: { quote: Schemas['VerificationQuote'] }) {
  return (
    <dl className="facts" data-testid="quote">
      <dt>Verification policy</dt>
      <dd>{policyWords(quote.policy)}</dd>
      <dt>Quoted verification cost</dt>
      <dd>
        at most <span data-testid="quote-extra-cost">{quote.extraCost}</span> CXT of the budget (extra compute {percent(quote.extraComputeShare)})
      </dd>
      <dt>Detection</dt>
      <dd>
        {percent(quote.detectionPerFragment)} per wrong fragment; {percent(quote.detectionWithin50)} within 50 wrong fragments
      </dd>
    </dl>
  );
}

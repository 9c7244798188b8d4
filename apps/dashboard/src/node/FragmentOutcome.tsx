import type { Schemas } from '@corex/client';
import { formatCxt } from '../chart-data';
import { describeDecidingEvent, formatTime, needsExplanation, statusWords } from './node-format';

type Fragment = Schemas['OperatorFragment'];

/** A lease's status in words, and for a failed or unpaid one why, with the event that decided it. */
export function FragmentOutcome({ fragment }: { fragment: Fragment }) {
  return (
    <>
      <span className={`verdict verdict-${fragment.status}`}>{statusWords(fragment.status)}</span>
      {needsExplanation(fragment) && (
        <>
          <p className="why" data-testid="fragment-why">
            {fragment.why ?? statusWords(fragment.status)}
          </p>
          <p className="decided-by" data-testid="fragment-decided-by">
            Decided by {describeDecidingEvent(fragment.decidedBy)} at {formatTime(fragment.decidedBy.time)}
          </p>
        </>
      )}
    </>
  );
}

/** The reward of a lease and its epoch, or a dash. */
export function FragmentReward({ reward }: { reward: Fragment['reward'] }) {
  if (!reward) return <>—</>;
  return (
    <>
      {formatCxt(reward.amount)}
      <br />
      <span className="decided-by">
        epoch {reward.epoch}
        {reward.epochSettled ? ', settled' : ', open'}
      </span>
    </>
  );
}

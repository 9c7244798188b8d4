export interface AssignmentFacts {
  nodeId: string;
  fragmentId: string;
  attempt: number;
  score: Record<string, number>;
  outcome: string;
  leaseExpiresAt: string;
  endedAt: string | null;
  /** Why a failed lease failed, when known. */
  error?: { code: string; message: string } | null;
}

const round = (n: number) => Number(n.toPrecision(4));

/**
 * One line on why a node got a fragment and how the lease went: the total score, then every
 * factor, largest first, joined by × when the total is their product (the scheduler's rule
 * today) and listed otherwise. The breakdown is the scheduler's; nothing here recomputes it.
 */
export function explainAssignment(a: AssignmentFacts): string {
  const { total, ...rest } = a.score;
  const factors = Object.entries(rest).sort(([ka, va], [kb, vb]) => Math.abs(vb) - Math.abs(va) || ka.localeCompare(kb));
  const terms = factors.map(([k, v]) => `${k} ${round(v)}`);
  const product = factors.reduce((p, [, v]) => p * v, 1);
  const isProduct = total !== undefined && factors.length > 0 && Math.abs(product - total) <= 1e-9 * Math.max(1, Math.abs(total));
  const scored = total === undefined ? 'scored' : `scored ${round(total)}`;
  const why = !terms.length ? ' (no factors recorded)' : isProduct ? ` = ${terms.join(' × ')}` : ` from ${terms.join(', ')}`;
  return `Node ${a.nodeId} got fragment ${a.fragmentId} on attempt ${a.attempt}, ${scored}${why}; ${outcomeOf(a)}.`;
}

function outcomeOf(a: AssignmentFacts): string {
  if (a.outcome === 'active') return `the lease runs until ${a.leaseExpiresAt}`;
  if (a.outcome === 'completed') return `the node returned a result at ${a.endedAt}`;
  const error = a.error ? `: ${a.error.code}: ${a.error.message}` : '';
  return `the lease ended without a result (${a.outcome}${error}) at ${a.endedAt}`;
}

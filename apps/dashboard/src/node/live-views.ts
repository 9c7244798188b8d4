import type { OperatorNodeEvent, OperatorView } from '@corex/client';

/** How often each view was announced changed since the page opened: a page reloads its view when its count moves. */
export type ViewVersions = Readonly<Record<OperatorView, number>>;

export const INITIAL_VERSIONS: ViewVersions = { node: 0, allocations: 0, fragments: 0, payouts: 0, reconciliation: 0, history: 0 };

const KNOWN = new Set(Object.keys(INITIAL_VERSIONS));

/** The views a stream message asks to reload: those `changed` names (unknown names ignored), and the overview when `node` carries a new one. */
export function viewsToReload(event: OperatorNodeEvent): OperatorView[] {
  if (event.type === 'node') return ['node'];
  return [...new Set(event.views)].filter((view) => KNOWN.has(view));
}

/** The versions after a message: each view it names one further, the others unchanged (the same object when none moves). */
export function afterEvent(versions: ViewVersions, event: OperatorNodeEvent): ViewVersions {
  const views = viewsToReload(event);
  if (views.length === 0) return versions;
  const next = { ...versions };
  for (const view of views) next[view] += 1;
  return next;
}

import type { CorexClient } from './client';
import type { components } from './generated/marketplace';
import { CorexProblemError, isProblem } from './problem';
import { readSse } from './sse';

export type OperatorNode = components['schemas']['OperatorNode'];

/** The operator views a `changed` message may name (docs/operator-api.md). */
export type OperatorView = 'node' | 'allocations' | 'fragments' | 'payouts' | 'reconciliation' | 'history';

/** One message of the operator's stream: the node's overview, or the names of the views to refetch. */
export type OperatorNodeEvent = { type: 'node'; node: OperatorNode } | { type: 'changed'; views: OperatorView[]; position: number };

/**
 * The signed-in node's views as they change, live (GET /v1/operator/node/events): first the
 * overview (`node`), then `changed` with the views to refetch, until the server ends the stream
 * or `signal` aborts it. The client must carry the operator session (`cxo_…`) as its key.
 */
export async function* followNode(client: CorexClient, options: { signal?: AbortSignal } = {}): AsyncGenerator<OperatorNodeEvent> {
  const { data, error, response } = await client.GET('/v1/operator/node/events', {
    parseAs: 'stream',
    headers: { accept: 'text/event-stream' },
    ...(options.signal && { signal: options.signal }),
  });
  if (!response.ok || !data) {
    if (isProblem(error)) throw new CorexProblemError(error);
    throw new Error(`${response.status} following the operator's node`);
  }
  for await (const message of readSse(data)) {
    const body: unknown = JSON.parse(message.data);
    if (message.event === 'node') yield { type: 'node', node: body as OperatorNode };
    else if (message.event === 'changed') {
      const { views, position } = body as { views: OperatorView[]; position: number };
      yield { type: 'changed', views, position };
    }
  }
}

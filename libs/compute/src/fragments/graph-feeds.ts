import { ValidationError } from '@corex/platform';

/** Where a graph's inputs come from: the input tensor map, the decoded weights and the aux map. */
export interface FeedSources<T> {
  input: Record<string, T>;
  weights?: Record<string, T>;
  aux?: Record<string, T>;
}

/**
 * Feeds for exactly the graph's `inputNames`, each looked up in the input map, then the weights,
 * then the aux map. A custom uploaded model whose first input is not named `x` gets the input
 * map's `x`: uploaded datasets always store their features under `x`.
 */
export function buildFeeds<T>(inputNames: readonly string[], sources: FeedSources<T>): Record<string, T> {
  const feeds: Record<string, T> = {};
  const missing: string[] = [];
  inputNames.forEach((name, index) => {
    const value = lookup(name, sources) ?? (index === 0 ? sources.input.x : undefined);
    if (value === undefined) missing.push(name);
    else feeds[name] = value;
  });
  if (missing.length > 0) {
    const offered = [sources.input, sources.weights ?? {}, sources.aux ?? {}].flatMap(Object.keys);
    throw new ValidationError(
      'RUNNER.GRAPH_INPUT_UNFED',
      `graph inputs ${missing.join(', ')} have no feed (the task offers ${offered.join(', ') || 'nothing'})`,
      { missing, offered },
    );
  }
  return feeds;
}

function lookup<T>(name: string, { input, weights, aux }: FeedSources<T>): T | undefined {
  return own(input, name) ?? own(weights, name) ?? own(aux, name);
}

function own<T>(map: Record<string, T> | undefined, name: string): T | undefined {
  return map && Object.hasOwn(map, name) ? map[name] : undefined;
}

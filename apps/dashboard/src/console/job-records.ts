import { useEffect, useState } from 'react';
import type { CorexClient, Schemas } from '@corex/client';
import { clientFor, describeError } from '../api';
import type { Session } from '../session';
import { awaitingAnchors } from './job-figures';

type Page<T> = { data?: { items: T[]; nextCursor?: string | null }; error?: unknown; response: Response };

/** Every item of a paged view, following nextCursor. */
async function allPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await read(cursor);
    if (!data) throw new Error(describeError(error, response));
    items.push(...data.items);
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export interface JobRecords {
  cost: Schemas['JobCost'] | null;
  fragments: Schemas['JobFragment'][];
  proofs: Schemas['FragmentProof'][];
  /** Training jobs only; empty for the others. */
  versions: Schemas['ModelVersion'][];
  /** The chain proofs and model versions are anchored on (GET /v1/network's home chain). */
  homeChain: string;
}

const page = (cursor: string | undefined, limit: number) => ({ limit, ...(cursor && { cursor }) });

async function readRecords(client: CorexClient, jobId: string, training: boolean, signal: AbortSignal): Promise<JobRecords> {
  const path = { id: jobId };
  const [cost, fragments, proofs, versions, network] = await Promise.all([
    client.GET('/v1/jobs/{id}/cost', { params: { path, query: { limit: 1 } }, signal }),
    allPages((cursor) => client.GET('/v1/jobs/{id}/fragments', { params: { path, query: page(cursor, 200) }, signal })),
    allPages((cursor) => client.GET('/v1/jobs/{id}/proofs', { params: { path, query: page(cursor, 200) }, signal })),
    training ? allPages((cursor) => client.GET('/v1/models/{id}/versions', { params: { path, query: page(cursor, 100) }, signal })) : Promise.resolve([]),
    client.GET('/v1/network', { signal }),
  ]);
  // Before the bridge is deployed the network lists no chains: the home chain is then the one named ethereum.
  const homeChain = network.data?.chains.find((c) => c.home)?.name ?? 'ethereum';
  return { cost: cost.data?.cost ?? null, fragments, proofs, versions: versions as Schemas['ModelVersion'][], homeChain };
}

const ANCHOR_POLL_MS = 3000;

/**
 * The job's records, read again whenever `key` changes (the followed view moved) and, once the job
 * finished, every few seconds until every proof and model version is anchored: anchoring happens
 * when the settlement closes an epoch, which no job event announces.
 */
export function useJobRecords(session: Session, jobId: string, training: boolean, key: string | null, finished: boolean) {
  const [records, setRecords] = useState<JobRecords | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    readRecords(clientFor(session), jobId, training, abort.signal).then(
      (read) => {
        setRecords(read);
        setError(null);
        if (finished && awaitingAnchors(read.proofs, read.versions)) timer = setTimeout(() => setRound((n) => n + 1), ANCHOR_POLL_MS);
      },
      (err: unknown) => {
        if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [session, jobId, training, key, finished, round]);

  return { records, error };
}

/** Aggregate kinds that own a subject `<prefix>.evt.<kind>.<id>`. */
export const aggregateKinds = ['account', 'job', 'fragment', 'node', 'dataset', 'model', 'security', 'upload-name', 'stake', 'reward', 'epoch', 'funds', 'verification', 'challenge', 'reputation', 'federation', 'cross-chain-task', 'reward-transfer', 'payout-route'] as const;
export type AggregateKind = (typeof aggregateKinds)[number];

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/** Relative subject of one aggregate's events; the event store adds the prefix. */
export function aggregateSubject(kind: AggregateKind, id: string): string {
  if (!TOKEN.test(id)) throw new Error(`invalid aggregate id for subject: ${JSON.stringify(id)}`);
  return `${kind}.${id}`;
}

/** Relative filter matching every aggregate of one kind. */
export function kindFilter(kind: AggregateKind): string {
  return `${kind}.*`;
}

export const subjects = {
  account: (id: string) => aggregateSubject('account', id),
  job: (id: string) => aggregateSubject('job', id),
  fragment: (id: string) => aggregateSubject('fragment', id),
  dataset: (id: string) => aggregateSubject('dataset', id),
  model: (id: string) => aggregateSubject('model', id),
  node: (id: string) => aggregateSubject('node', id),
  security: (id: string) => aggregateSubject('security', id),
  /** On-chain stake facts of one node (its string id). */
  stake: (id: string) => aggregateSubject('stake', id),
  /** One account's funds: chain deposits, job reservations, spending, releases. */
  funds: (accountId: string) => aggregateSubject('funds', accountId),
  /** The reward of one completed fragment (its id): written once. */
  reward: (id: string) => aggregateSubject('reward', id),
  /** One settlement epoch (its number): closed, claimed batches, settled. */
  epoch: (n: number) => aggregateSubject('epoch', String(n)),
  /** One upload name within one account; `id` is a hash of kind, account and name (names are free text). */
  uploadName: (id: string) => aggregateSubject('upload-name', id),
  /** Verdicts on the results of one fragment (its id; replicas' verdicts too): written by the verifier. */
  verification: (fragmentId: string) => aggregateSubject('verification', fragmentId),
  /** One benchmark challenge: written by the verifier. */
  challenge: (id: string) => aggregateSubject('challenge', id),
  /** One node's reputation, tier, suspension, eviction: written by the reputation service. */
  reputation: (nodeId: string) => aggregateSubject('reputation', nodeId),
  /** A federation (a name private datasets are registered under): its members' registrations, written by the scheduler. */
  federation: (name: string) => aggregateSubject('federation', name),
  /** One cross-chain task (its taskId: bytes32 hex, or the Solana reference key): submitted or rejected, then its statuses. Written by the bridge. */
  crossChainTask: (taskId: string) => aggregateSubject('cross-chain-task', taskId),
  /** One reward transfer to another chain (its transferId): queued, held, published, delivered. Written by the bridge. */
  rewardTransfer: (transferId: string) => aggregateSubject('reward-transfer', transferId),
  /** One node's payout route (the chain and recipient its rewards go to), chosen by a message the node signed. */
  payoutRoute: (nodeId: string) => aggregateSubject('payout-route', nodeId),
};

/** Splits a relative subject back into kind and id. */
export function parseAggregateSubject(subject: string): { kind: string; id: string } {
  const dot = subject.indexOf('.');
  return { kind: subject.slice(0, dot), id: subject.slice(dot + 1) };
}

/**
 * Stake-weighted fair share among nodes asking for the same work at once (stride scheduling,
 * Waldspurger & Weihl 1995): each node has a pass; a fragment given to it advances its pass by
 * 1/boost, and among contenders the node whose pass would end lowest gets the next fragment.
 * Two nodes always asking split contended work in the ratio of their boosts.
 *
 * A node that was away keeps an old, low pass; it is lifted to at most MAX_LAG behind the
 * virtual time (the start of the last grant), so returning buys at most one 1x fragment of
 * catch-up instead of a burst.
 */
export const MAX_LAG = 1;

export class FairShare {
  private readonly _passes: Map<string, number>;
  private _virtualTime: number;

  constructor(passes = new Map<string, number>(), virtualTime = 0) {
    this._passes = passes;
    this._virtualTime = virtualTime;
  }

  /** A copy to simulate a round on (decisions change nothing). */
  clone(): FairShare {
    return new FairShare(new Map(this._passes), this._virtualTime);
  }

  /** Where the node's next fragment would end; the lowest wins. */
  finishTag(nodeId: string, boost: number): number {
    return this._start(nodeId) + 1 / boost;
  }

  /** Records a fragment given to the node. */
  charge(nodeId: string, boost: number): void {
    const start = this._start(nodeId);
    this._passes.set(nodeId, start + 1 / boost);
    this._virtualTime = Math.max(this._virtualTime, start);
  }

  /** Forgets a node that left. */
  forget(nodeId: string): void {
    this._passes.delete(nodeId);
  }

  private _start(nodeId: string): number {
    return Math.max(this._passes.get(nodeId) ?? 0, this._virtualTime - MAX_LAG);
  }
}

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
  private readonly _passes = new Map<string, number>();
  private _virtualTime = 0;

  /**
   * A copy to simulate a round on (decisions change nothing). O(1): it reads this share's passes
   * and keeps its own changes apart, so deciding costs nothing per known node.
   */
  clone(): FairShare {
    const copy = new FairShare(this);
    copy._virtualTime = this._virtualTime;
    return copy;
  }

  constructor(private readonly _base?: FairShare) {}

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

  private _pass(nodeId: string): number {
    return this._passes.get(nodeId) ?? this._base?._pass(nodeId) ?? 0;
  }

  private _start(nodeId: string): number {
    return Math.max(this._pass(nodeId), this._virtualTime - MAX_LAG);
  }
}

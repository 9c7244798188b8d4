import type { OperatorNode } from '@corex/client';
import { afterEvent, INITIAL_VERSIONS, viewsToReload } from './live-views';

describe('which operator views a live message reloads', () => {
  it('given a changed message naming fragments and payouts, when applied, then only those two move on', () => {
    const next = afterEvent(INITIAL_VERSIONS, { type: 'changed', views: ['fragments', 'payouts'], position: 12 });
    expect(next).toEqual({ ...INITIAL_VERSIONS, fragments: 1, payouts: 1 });
  });

  it('given a view named twice in one message, when applied, then it moves on once', () => {
    expect(afterEvent(INITIAL_VERSIONS, { type: 'changed', views: ['history', 'history'], position: 3 }).history).toBe(1);
  });

  it('given the node overview arriving, when read, then the overview is reloaded', () => {
    expect(viewsToReload({ type: 'node', node: {} as OperatorNode })).toEqual(['node']);
  });

  it('given a message naming only a view this dashboard does not know, when applied, then nothing changes', () => {
    const event = { type: 'changed', views: ['someday'], position: 4 } as never;
    expect(afterEvent(INITIAL_VERSIONS, event)).toBe(INITIAL_VERSIONS);
  });
});

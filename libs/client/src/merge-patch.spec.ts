import { applyMergePatch } from './merge-patch';

describe('applyMergePatch (RFC 7386)', () => {
  it('replaces the members a patch names and keeps the others', () => {
    expect(applyMergePatch({ status: 'running', budget: '10' }, { status: 'completed' })).toEqual({ status: 'completed', budget: '10' });
  });

  it('merges nested objects member by member', () => {
    const job = { progress: { step: 1, fragments: { planned: 7, completed: 2 } } };
    expect(applyMergePatch(job, { progress: { fragments: { completed: 3 } } })).toEqual({ progress: { step: 1, fragments: { planned: 7, completed: 3 } } });
  });

  it('removes a member the patch sets to null', () => {
    expect(applyMergePatch({ failure: { reason: 'x' }, status: 'failed' }, { failure: null })).toEqual({ status: 'failed' });
  });

  it('sets a member the patch sets to null to null when nulls are kept, at any depth', () => {
    const job = { failure: { reason: 'x' }, latestStep: { step: 1, loss: 0.5 } };
    expect(applyMergePatch(job, { failure: null, latestStep: { loss: null } }, 'keep')).toEqual({ failure: null, latestStep: { step: 1, loss: null } });
  });

  it('replaces arrays whole', () => {
    expect(applyMergePatch({ tags: ['a', 'b'] }, { tags: ['c'] })).toEqual({ tags: ['c'] });
  });

  it('leaves the target as it was', () => {
    const job = { progress: { step: 1 } };
    applyMergePatch(job, { progress: { step: 2 } });
    expect(job).toEqual({ progress: { step: 1 } });
  });
});

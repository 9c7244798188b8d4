import fc from 'fast-check';
import { applyMergePatch, mergePatch } from './view-patch';

describe('merge patch of job views', () => {
  it('carries only the members that changed, nested members one by one', () => {
    const before = { status: 'running', progress: { step: 3, fragments: { planned: 4, inProgress: 2 } }, result: null, id: 'j' };
    const after = { status: 'running', progress: { step: 3, fragments: { planned: 4, inProgress: 1 } }, result: null, id: 'j' };
    expect(mergePatch(before, after)).toEqual({ progress: { fragments: { inProgress: 1 } } });
  });

  it('replaces arrays and values whole, and is undefined when nothing changed', () => {
    expect(mergePatch({ a: [1, 2], b: { c: 1 } }, { a: [1, 3], b: { c: 1 } })).toEqual({ a: [1, 3] });
    expect(mergePatch({ a: { b: [1] } }, { a: { b: [1] } })).toBeUndefined();
    expect(mergePatch({ failure: null }, { failure: { code: 'X' } })).toEqual({ failure: { code: 'X' } });
  });

  it('gives the view after when applied to the view before (views without nulls)', () => {
    const json = fc.dictionary(
      fc.constantFrom('status', 'progress', 'step', 'a', 'b'),
      fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'y'), fc.integer())),
    );
    fc.assert(
      fc.property(json, json, (before, after) => {
        const patch = mergePatch(before, after);
        expect(patch === undefined ? before : applyMergePatch(before, patch)).toEqual(after);
      }),
    );
  });
});

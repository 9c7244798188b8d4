import { BODY_LIMITS, findStringFault, stringFault } from './request-strings';

describe('stringFault', () => {
  it.each([
    ['plain text', 'penguins', null],
    ['unicode, emoji and a surrogate pair', 'größe 名前 🧪 \u{10ffff}', null],
    ['SQL-ish and path-ish text', "'; DROP TABLE x; -- ../../", null],
    ['a NUL', 'a\u0000b', 'nul'],
    ['a lone high surrogate', 'a\ud800', 'lone-surrogate'],
    ['a lone low surrogate', '\udc00a', 'lone-surrogate'],
    ['surrogates in the wrong order', '\udc00\ud800', 'lone-surrogate'],
    ['text over the limit', 'x'.repeat(65), 'too-long'],
  ])('%s: %s', (_what, text, fault) => {
    expect(stringFault(text, 64)).toBe(fault);
  });
});

describe('findStringFault', () => {
  it('names the first fault by its path, in keys as in values, at any depth', () => {
    expect(findStringFault({ a: [1, { b: 'ok', c: 'x\u0000' }] }, 'body', BODY_LIMITS)).toEqual({ location: 'body.a[1].c', fault: 'nul' });
    expect(findStringFault({ p: { 'k\ud800': 1 } }, 'body', BODY_LIMITS)).toEqual({ location: 'body.p.(key)', fault: 'lone-surrogate' });
    expect(findStringFault({ 'a b': 'x\ud800' }, 'body', BODY_LIMITS)).toEqual({ location: 'body."a b"', fault: 'lone-surrogate' });
  });

  it('refuses nesting past the depth limit and takes numbers, booleans and null', () => {
    expect(findStringFault([[[1]]], 'body', { ...BODY_LIMITS, depth: 2 })).toEqual({ location: 'body[0][0]', fault: 'too-deep' });
    expect(findStringFault({ n: 1, b: true, z: null, s: 'é' }, 'body', BODY_LIMITS)).toBeNull();
  });
});

import { classifySendError } from './send-errors';

describe('classifySendError', () => {
  const rpcError = (message: string, code = 'UNKNOWN_ERROR') => Object.assign(new Error(`could not coalesce error (error={ "code": -32003, "message": "${message}" })`), { code, error: { message } });

  it.each([
    ['already known', 'known'],
    ['nonce too low', 'nonce-used'],
    ['replacement transaction underpriced', 'underpriced'],
    ['max fee per gas less than block base fee', 'underpriced'],
    ['insufficient funds for gas * price + value', 'retry'],
    ['intrinsic gas too low', 'rejected'],
    ['exceeds block gas limit', 'rejected'],
  ])('given the node answers "%s", it is %s', (message, kind) => {
    expect(classifySendError(rpcError(message))).toBe(kind);
  });

  it('given ethers codes, they decide', () => {
    expect(classifySendError(Object.assign(new Error('x'), { code: 'NONCE_EXPIRED' }))).toBe('nonce-used');
    expect(classifySendError(Object.assign(new Error('x'), { code: 'REPLACEMENT_UNDERPRICED' }))).toBe('underpriced');
  });

  it('given the node does not answer, the send is retried later', () => {
    expect(classifySendError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8547'), { code: 'ECONNREFUSED' }))).toBe('retry');
    expect(classifySendError(new TypeError('fetch failed'))).toBe('retry');
  });
});

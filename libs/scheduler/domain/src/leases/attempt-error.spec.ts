import { attemptError, nodeAttemptError, UNCODED_NODE_ERROR } from './attempt-error';

describe('nodeAttemptError', () => {
  it('given "<CODE>: <message>", when read, then the code and the message are split', () => {
    expect(nodeAttemptError('RUNNER.GRAPH_INPUT_UNFED: graph inputs mean have no feed')).toEqual({
      code: 'RUNNER.GRAPH_INPUT_UNFED',
      message: 'graph inputs mean have no feed',
    });
  });

  it('given free text from an older node, when read, then the code is NODE.TASK_FAILED and the text the message', () => {
    expect(nodeAttemptError('onnxruntime: Non-zero status code')).toEqual({ code: UNCODED_NODE_ERROR, message: 'onnxruntime: Non-zero status code' });
  });

  it('given no error or blanks, when read, then there is none', () => {
    expect(nodeAttemptError(undefined)).toBeNull();
    expect(nodeAttemptError('   ')).toBeNull();
  });

  it('given a code longer than 64 characters, when read, then it is not taken as a code', () => {
    const long = `A.${'B'.repeat(70)}`;
    expect(nodeAttemptError(`${long}: boom`)).toEqual({ code: UNCODED_NODE_ERROR, message: `${long}: boom` });
  });
});

describe('attemptError', () => {
  it('given control characters, NUL and a lone surrogate, when sanitized, then they are gone and the message stays readable', () => {
    expect(attemptError('X.Y', 'a\u0000b\nc\td \ud800e')).toEqual({ code: 'X.Y', message: 'a b c d \ufffde' });
  });

  it('given a long message, when sanitized, then it is cut to 500 characters without splitting a surrogate pair', () => {
    const message = attemptError('X.Y', `${'a'.repeat(497)}😀😀😀`).message;
    expect(message.length).toBeLessThanOrEqual(500);
    expect(message.endsWith('😀…')).toBe(true);
    expect(attemptError('X.Y', `${'a'.repeat(498)}😀😀😀`).message).toBe(`${'a'.repeat(498)}…`);
  });

  it('given an invalid code, when sanitized, then NODE.TASK_FAILED stands in', () => {
    expect(attemptError('lower.case', 'm').code).toBe(UNCODED_NODE_ERROR);
  });
});

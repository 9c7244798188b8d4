import { parseStatusMemo } from './status-memo';

const TASK = 'GiXqCRjkvGL5N4a9183hHnxLQyTmP1TgeZhQmY6hnnCN';
const RESULT = 'a'.repeat(64);
const WEIGHTS = 'b'.repeat(64);
const ZERO = `0x${'0'.repeat(64)}`;

describe('status memos', () => {
  it('reads a v2 memo: status, verification, result and weights hashes', () => {
    expect(parseStatusMemo(`corex:status:v2:${TASK}:completed:passed:${RESULT}:${WEIGHTS}`, TASK)).toEqual({
      status: 'completed',
      verification: 'passed',
      resultHash: `0x${RESULT}`,
      weightsHash: `0x${WEIGHTS}`,
    });
  });

  it('still reads a v1 memo, which carried neither verification nor weights', () => {
    expect(parseStatusMemo(`corex:status:v1:${TASK}:running:${'0'.repeat(64)}`, TASK)).toEqual({ status: 'running', verification: 'none', resultHash: ZERO, weightsHash: ZERO });
  });

  it.each([
    ['another task', `corex:status:v2:${'C'.repeat(44)}:completed:passed:${RESULT}:${WEIGHTS}`],
    ['an unknown status', `corex:status:v2:${TASK}:done:passed:${RESULT}:${WEIGHTS}`],
    ['an unknown verification', `corex:status:v2:${TASK}:completed:maybe:${RESULT}:${WEIGHTS}`],
    ['a short hash', `corex:status:v2:${TASK}:completed:passed:${RESULT.slice(2)}:${WEIGHTS}`],
    ['an upper-case hash', `corex:status:v2:${TASK}:completed:passed:${RESULT.toUpperCase()}:${WEIGHTS}`],
    ['a trailing field', `corex:status:v2:${TASK}:completed:passed:${RESULT}:${WEIGHTS}:x`],
    ['a v1 memo with v2 fields', `corex:status:v1:${TASK}:completed:passed:${RESULT}`],
    ['another memo', `corex:release:v1:${TASK}`],
  ])('ignores %s', (_, memo) => {
    expect(parseStatusMemo(memo, TASK)).toBeNull();
  });
});

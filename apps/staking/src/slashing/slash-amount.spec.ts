import { parseEther } from 'ethers';
import { slashAmount } from './slash-amount';

describe('slashAmount', () => {
  it('given 5000 CXT staked and SLASH_BPS 1000 under a 50 % cap, when a fraud is slashed, then it takes 10 %', () => {
    expect(slashAmount({ staked: parseEther('5000'), slashBps: 1_000, maxSlashBps: 5_000n })).toBe(parseEther('500'));
  });

  it('given a SLASH_BPS above the pool cap, when a fraud is slashed, then the cap limits it', () => {
    expect(slashAmount({ staked: parseEther('5000'), slashBps: 8_000, maxSlashBps: 2_000n })).toBe(parseEther('1000'));
  });

  it('given no stake, when a fraud is slashed, then nothing is taken', () => {
    expect(slashAmount({ staked: 0n, slashBps: 1_000, maxSlashBps: 5_000n })).toBe(0n);
  });

  it('given a stake of a few wei, when 10 % rounds to nothing, then nothing is taken', () => {
    expect(slashAmount({ staked: 9n, slashBps: 1_000, maxSlashBps: 5_000n })).toBe(0n);
  });
});

import { StakingPool__factory } from '@corex/chain-contracts';
import { explainChainError } from './chain-errors';

const pool = StakingPool__factory.createInterface();
const nodeKey = `0x${'1'.repeat(64)}`;

describe('explainChainError', () => {
  it('turns StakingPoolCooldownActive from raw revert data into when the CXT unlocks', () => {
    const data = pool.encodeErrorResult('StakingPoolCooldownActive', [nodeKey, 1_800_000_000]);
    expect(explainChainError({ code: 'CALL_EXCEPTION', data }, [pool], 'http://x')).toEqual({
      code: 'CHAIN.StakingPoolCooldownActive',
      message: 'unstaked CXT unlocks at 2027-01-15T08:00:00.000Z; withdraw after that',
      refused: true,
    });
  });

  it('names an error it has no sentence for, with its arguments', () => {
    const data = pool.encodeErrorResult('StakingPoolSlashAboveCap', [nodeKey, 5, 9]);
    expect(explainChainError({ info: { error: { data } } }, [pool], 'http://x')).toMatchObject({ code: 'CHAIN.StakingPoolSlashAboveCap', message: `the contract refused: StakingPoolSlashAboveCap(${nodeKey}, 5, 9)`, refused: true });
  });

  it('tells a chain that does not answer (not a refusal) from a wallet without gas money (a refusal)', () => {
    expect(explainChainError(new Error('fetch failed'), [pool], 'http://127.0.0.1:1')).toEqual({ code: 'CHAIN.UNAVAILABLE', message: 'the chain at http://127.0.0.1:1 does not answer', refused: false });
    expect(explainChainError({ code: 'INSUFFICIENT_FUNDS' }, [pool], 'http://x')).toMatchObject({ code: 'CHAIN.INSUFFICIENT_FUNDS', refused: true });
  });
});

import { MaxUint256, Signature, ZeroAddress } from 'ethers';
import { DEFAULT_SUPPLY } from '../src/deploy';
import { CXT, events, mined, startFixture, type Fixture } from './fixture';

describe('CorexToken and deployCorex', () => {
  let f: Fixture;

  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f?.chain.stop();
  });

  it('mints the fixed supply once, to the initial holder', async () => {
    expect([await f.c.token.name(), await f.c.token.symbol(), await f.c.token.decimals()]).toEqual(['Corex', 'CXT', 18n]);
    expect(await f.c.token.totalSupply()).toBe(DEFAULT_SUPPLY);
    expect(await f.c.token.balanceOf(f.wallet('deployer').address)).toBe(DEFAULT_SUPPLY - CXT(4_000_000));
  });

  it('permit sets an allowance from an EIP-2612 signature', async () => {
    const owner = f.wallet('alice');
    const spender = f.deployment.miningPool;
    const domain = { name: 'Corex', version: '1', chainId: f.chain.chainId, verifyingContract: f.deployment.token };
    const types = {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    };
    const message = { owner: owner.address, spender, value: CXT(42), nonce: await f.c.token.nonces(owner.address), deadline: MaxUint256 };
    const sig = Signature.from(await owner.signTypedData(domain, types, message));
    const receipt = await mined(f.as('bob').token.permit(owner.address, spender, CXT(42), MaxUint256, sig.v, sig.r, sig.s));
    expect(events(receipt, f.c.token, 'Approval')).toEqual([{ owner: owner.address, spender, value: CXT(42) }]);
    expect(await f.c.token.allowance(owner.address, spender)).toBe(CXT(42));
  });

  it('token votes follow delegation (ERC20Votes)', async () => {
    const alice = f.wallet('alice').address;
    expect(await f.c.token.getVotes(alice)).toBe(0n);
    await mined(f.as('alice').token.delegate(alice));
    expect(await f.c.token.getVotes(alice)).toBe(await f.c.token.balanceOf(alice));
  });

  it('wires the roles: the timelock administers everything, operators hold theirs, the deployer holds none', async () => {
    const { stakingPool, miningPool, proofRegistry, timelock, governor } = f.c;
    const deployer = f.wallet('deployer').address;
    const tl = f.deployment.timelock;
    for (const contract of [stakingPool, miningPool, proofRegistry]) {
      const admin = await contract.DEFAULT_ADMIN_ROLE();
      expect([await contract.hasRole(admin, tl), await contract.hasRole(admin, deployer)]).toEqual([true, false]);
    }
    expect(await stakingPool.hasRole(await stakingPool.PARAMETER_ROLE(), tl)).toBe(true);
    expect(await stakingPool.hasRole(await stakingPool.SLASHER_ROLE(), f.wallet('slasher').address)).toBe(true);
    expect(await stakingPool.hasRole(await stakingPool.BINDER_ROLE(), f.wallet('binder').address)).toBe(true);
    expect(await miningPool.hasRole(await miningPool.PARAMETER_ROLE(), tl)).toBe(true);
    expect(await miningPool.hasRole(await miningPool.SETTLER_ROLE(), f.wallet('settler').address)).toBe(true);
    expect(await proofRegistry.hasRole(await proofRegistry.ANCHOR_ROLE(), f.wallet('anchor').address)).toBe(true);
    expect(await timelock.hasRole(await timelock.PROPOSER_ROLE(), f.deployment.governor)).toBe(true);
    expect(await timelock.hasRole(await timelock.CANCELLER_ROLE(), f.deployment.governor)).toBe(true);
    expect(await timelock.hasRole(await timelock.EXECUTOR_ROLE(), ZeroAddress)).toBe(true);
    expect(await timelock.hasRole(await timelock.DEFAULT_ADMIN_ROLE(), deployer)).toBe(false);
    expect(await governor.token()).toBe(f.deployment.stakingPool);
    expect(await governor.timelock()).toBe(tl);
    expect(await stakingPool.treasury()).toBe(f.wallet('treasury').address);
    expect(f.deployment.chainId).toBe(31337);
  });
});

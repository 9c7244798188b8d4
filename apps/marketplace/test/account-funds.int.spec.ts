import { Wallet } from 'ethers';
import { accountIdToBytes32 } from '@corex/chain-contracts';
import { FragmentRewarded, subjects, walletChallenge } from '@corex/events';
import { startHarness, type Harness } from './marketplace-harness';
import { expectProblem } from './problems';
import { until } from '../../../test/support/until';

const CXT = 10n ** 18n;
const job = (budget: string) => ({ type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget, priority: 'normal' });
let chainLog = 0;

/** A confirmed MiningPool deposit, as the staking service appends it. */
const deposited = (accountId: string, cxt: bigint) => ({
  id: `chain:31337:0x${(++chainLog).toString(16).padStart(64, '0')}:0`,
  type: 'corex.account.deposited.v1',
  data: { accountId, accountKey: accountIdToBytes32(accountId), from: Wallet.createRandom().address, amount: (cxt * CXT).toString(), block: chainLog, txHash: `0x${chainLog.toString(16).padStart(64, '0')}` },
});

describe('account funds with a chain configured (budgets reserved from deposits)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { COREX_DEPLOYMENT_FILE: '/nonexistent/deployment.json' } });
  });
  afterAll(async () => h?.close());

  const me = async (apiKey: string) => (await h.request('GET', '/v1/accounts/me', { token: apiKey })).body;

  it('refuses a job whose budget exceeds the deposit with 402 FUNDS.INSUFFICIENT (available, needed) and appends nothing', async () => {
    const a = await h.createAccount('poor');
    const before = await h.eventCount();
    const res = await h.request('POST', '/v1/jobs', { token: a.apiKey, body: job('5') });
    expectProblem(res, 402, 'FUNDS.INSUFFICIENT');
    expect(res.body.details).toEqual({ available: '0', needed: '5' });
    expect(await h.eventCount()).toBe(before);
    await h.append(subjects.funds(a.id), [deposited(a.id, 3n)]);
    const still = await h.request('POST', '/v1/jobs', { token: a.apiKey, body: job('3.5') });
    expectProblem(still, 402, 'FUNDS.INSUFFICIENT');
    expect(still.body.details).toEqual({ available: '3', needed: '3.5' });
  });

  it('reserves the budget at submission, spends rewards from it, and releases the unspent rest when the job ends', async () => {
    const a = await h.createAccount('funded');
    await h.append(subjects.funds(a.id), [deposited(a.id, 10n)]);
    expect(await me(a.apiKey)).toMatchObject({ fundsCheck: 'on', deposit: '10', reserved: '0', spent: '0', available: '10', wallet: null, accountKey: accountIdToBytes32(a.id) });
    const sub = await h.request('POST', '/v1/jobs', { token: a.apiKey, body: job('6') });
    expect(sub.status).toBe(202);
    const jobId = sub.body.id as string;
    expect(await me(a.apiKey)).toMatchObject({ deposit: '10', reserved: '6', spent: '0', available: '4' });
    expectProblem(await h.request('POST', '/v1/jobs', { token: a.apiKey, body: job('5') }), 402, 'FUNDS.INSUFFICIENT');

    // Settlement's reward of one fragment, charged to the job's reservation.
    const reward = rewardEvent(jobId, a.id, 'frag-1', 2n * CXT + CXT / 2n);
    await h.append(`reward.frag-1`, [reward]);
    await until(async () => ((await me(a.apiKey)).spent === '2.5' ? true : undefined), 'the reward spent');
    expect(await me(a.apiKey)).toMatchObject({ deposit: '10', reserved: '3.5', spent: '2.5', available: '4' });

    expect((await h.request('POST', `/v1/jobs/${jobId}/cancel`, { token: a.apiKey })).status).toBe(202);
    const released = await until(async () => {
      const body = await me(a.apiKey);
      return body.reserved === '0' ? body : undefined;
    }, 'the release');
    expect(released).toMatchObject({ deposit: '10', reserved: '0', spent: '2.5', available: '7.5' });
    const events = (await h.log.store.read(subjects.funds(a.id))).events.map((e) => e.event);
    expect(events.map((e) => e.type)).toEqual(['corex.account.deposited.v1', 'corex.funds.reserved.v1', 'corex.funds.spent.v1', 'corex.funds.released.v1']);
    expect(events[3]!.data).toEqual({ accountId: a.id, jobId, reserved: (6n * CXT).toString(), spent: (25n * CXT / 10n).toString(), released: (35n * CXT / 10n).toString(), reason: 'cancelled' });
  });

  it('of two submissions racing for the same funds, only what the deposit covers is reserved', async () => {
    const a = await h.createAccount('racer');
    await h.append(subjects.funds(a.id), [deposited(a.id, 10n)]);
    const results = await Promise.all([1, 2, 3].map(() => h.request('POST', '/v1/jobs', { token: a.apiKey, body: job('4') })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 402]);
    const reservations = (await h.log.store.read(subjects.funds(a.id))).events.filter((e) => e.event.type === 'corex.funds.reserved.v1');
    expect(reservations).toHaveLength(2);
    expect(await me(a.apiKey)).toMatchObject({ reserved: '8', available: '2' });
  });

  it('links a wallet by its EIP-191 signature of the challenge, and refuses another wallet’s signature with 400 changing nothing', async () => {
    const a = await h.createAccount('wallet');
    const wallet = Wallet.createRandom();
    const challenge = (await me(a.apiKey)).walletChallenge;
    expect(challenge).toBe(walletChallenge(a.id));
    const forged = await Wallet.createRandom().signMessage(challenge);
    const before = await h.eventCount();
    expectProblem(await h.request('POST', '/v1/accounts/me/wallet', { token: a.apiKey, body: { wallet: wallet.address, signature: forged } }), 400, 'WALLET.SIGNATURE_INVALID');
    // A signature naming another account does not link either.
    const otherAccount = await wallet.signMessage(walletChallenge('someone-else'));
    expectProblem(await h.request('POST', '/v1/accounts/me/wallet', { token: a.apiKey, body: { wallet: wallet.address, signature: otherAccount } }), 400, 'WALLET.SIGNATURE_INVALID');
    expectProblem(await h.request('POST', '/v1/accounts/me/wallet', { token: a.apiKey, body: { wallet: 'nope', signature: forged } }), 400, 'REQUEST.INVALID_BODY');
    expect(await h.eventCount()).toBe(before);
    const ok = await h.request('POST', '/v1/accounts/me/wallet', { token: a.apiKey, body: { wallet: wallet.address.toLowerCase(), signature: await wallet.signMessage(challenge) } });
    expect(ok.status).toBe(200);
    expect(ok.body.wallet).toBe(wallet.address);
    expect((await me(a.apiKey)).wallet).toBe(wallet.address);
  });

  it('answers 401 without an API key', async () => {
    expectProblem(await h.request('GET', '/v1/accounts/me'), 401, 'AUTH.MISSING_API_KEY');
  });
});

describe('account funds without a chain', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('accepts a job without any deposit and says the funds check is off', async () => {
    const a = await h.createAccount('free');
    expect((await h.request('POST', '/v1/jobs', { token: a.apiKey, body: job('5') })).status).toBe(202);
    expect((await h.request('GET', '/v1/accounts/me', { token: a.apiKey })).body).toMatchObject({ fundsCheck: 'off', deposit: '0', reserved: '0' });
  });
});

function rewardEvent(jobId: string, accountId: string, fragmentId: string, amount: bigint) {
  return {
    id: `rewarded:${fragmentId}`,
    type: FragmentRewarded.type,
    data: {
      jobId,
      accountId,
      fragmentId,
      nodeId: 'A'.repeat(56),
      leaseId: 'lease-1',
      resultHash: 'a'.repeat(64),
      epoch: 1,
      basePrice: amount.toString(),
      boostBps: 10_000,
      reputationBps: 10_000,
      amount: amount.toString(),
      budget: (6n * CXT).toString(),
      fragmentRows: 10,
      jobRows: 10,
      steps: 1,
      completedAt: new Date().toISOString(),
    },
  };
}

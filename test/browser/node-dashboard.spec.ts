import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEther, Wallet } from 'ethers';
import type { Page } from 'playwright-core';
import { accountIdToBytes32, nodeIdToBytes32 } from '@corex/chain-contracts';
import { ChallengeJudged, FraudDetected, JobCompleted, NodeRegistered, type ChallengeJudgedData, type FraudDetectedData, type NodeRegisteredData } from '@corex/events';
import { signOperatorChallenge } from '@corex/node-protocol';
import { formatCxt } from '../../apps/dashboard/src/chart-data';
import type { AdversaryProcess } from '../support/adversary-process';
import { openBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTrustStack, type TrustStack } from '../support/trust-stack';
import { until } from '../support/until';
import { eventsOfType, waitForEvent } from '../support/wait-for-event';

jest.setTimeout(240_000);

interface Operator {
  name: string;
  nodeId: string;
  token: string;
  payout: string;
}
interface Payment {
  txHash: string;
  amount: string;
  chain: string;
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * The node dashboard in Debian's chromium against the whole stack with money and trust: two honest
 * node-runners and a replayer (honest on its first job, so it earns and is paid; it replays that
 * result on the next job and is caught). What the pages show is checked against the operator REST
 * views and the chain, and a new job's payout and the cheater's violation appear without a reload.
 */
describe('node dashboard in the browser', () => {
  let trust: TrustStack;
  let browser: TestBrowser;
  let apiKey: string;
  const payouts = new Map<string, string>();
  let honest: Operator;
  let cheater: Operator & { process: AdversaryProcess };
  let honestPage: Page;
  let cheaterPage: Page;

  const operatorView = async (op: Operator, route: string) => (await trust.stack.api('GET', `/v1/operator/node${route}`, { token: op.token })).body;
  const paymentsOf = async (op: Operator): Promise<Payment[]> => (await operatorView(op, '/payouts')).epochs.flatMap((e: { payments: Payment[] }) => e.payments);
  const balanceOf = (op: Operator) => trust.contracts.token.balanceOf(op.payout);

  /**
   * Jobs are spot-checked, not adaptive: adaptive verification replicates every fragment of new
   * nodes, replicas are paid from the same budget, and a node whose results were verified after
   * it ran out earns 0 (seen in CI: the honest node then had no payment to show). A replayed
   * result is recomputed whatever the policy, so the cheater is still caught.
   */
  async function runJob(): Promise<string> {
    const body = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '10', priority: 'normal', params: { batchRows: 10 }, verification: { mode: 'spot-check', rate: 0.5 } };
    const submitted = await trust.stack.api('POST', '/v1/jobs', { token: apiKey, body });
    expect(submitted.status).toBe(202);
    return submitted.body.id as string;
  }
  const completed = (jobId: string) =>
    waitForEvent(trust.stack.log, JobCompleted.type, (d: { jobId: string }) => d.jobId === jobId, 120_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${trust.output()}`);
    });

  /** No fragment of the node still waits for a verdict, a reward or its epoch's settlement. */
  const UNFINISHED = new Set(['running', 'awaiting-verification', 'escalated', 'verified', 'accrued']);

  /** Every verified fragment rewarded, every epoch with work settled and paid in full, as the operator's views say; returns the reconciliation. */
  const settledAndEqual = (op: Operator) =>
    until(
      async () => {
        const fragments = (await operatorView(op, '/fragments?limit=200')).items as { status: string }[];
        if (fragments.some((f) => UNFINISHED.has(f.status))) return undefined;
        const r = await operatorView(op, '/reconciliation');
        return r.equal && r.totals.fragments > 0 && r.totals.outstanding === '0' && r.epochs.every((e: { settled: boolean }) => e.settled) ? r : undefined;
      },
      `${op.name}'s rewards settled and paid\n${trust.output()}`,
      90_000,
      500,
    );

  /** The node-runner's own sign-in: `node-runner login --json` prints the link. */
  async function loginWithNodeRunner(name: string): Promise<{ nodeId: string; token: string; link: string }> {
    const run = await trust.stack.nodeRunner(['login', '--json', '--home', trust.stack.home(name), '--api', trust.stack.marketplace.url]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  }

  /** The adversary is not node-runner: it signs the challenge with its seed as any client holding the key can. */
  async function loginWithSeed(name: string, nodeId: string): Promise<string> {
    const seed = (await readFile(path.join(trust.stack.home(name), 'identity.nk'), 'utf8')).trim();
    const { challenge } = (await trust.stack.api('POST', '/v1/operator/challenges', { body: { nodeId } })).body;
    const session = await trust.stack.api('POST', '/v1/operator/sessions', { body: { nodeId, challenge, signature: signOperatorChallenge(nodeId, challenge, seed) } });
    expect(session.status).toBe(201);
    return session.body.token as string;
  }

  const bindPayout = async (nodeId: string) => {
    payouts.set(nodeId, Wallet.createRandom().address);
    const binder = trust.contracts.stakingPool.connect(trust.anvil.wallet(3));
    await (await binder.bindPayout(nodeIdToBytes32(nodeId), payouts.get(nodeId)!, `0x${'0'.repeat(64)}`)).wait();
  };

  /** Marks the document: a reload would lose the mark, so a page still marked was updated in place. */
  const markDocument = (page: Page) => page.evaluate('window.__notReloaded = true');
  const expectNotReloaded = async (page: Page) => expect(await page.evaluate('window.__notReloaded === true')).toBe(true);

  beforeAll(async () => {
    [trust, browser] = await Promise.all([startTrustStack({ scheduler: { COREX_REPLICA_WAIT_MS: '5000' }, service: { REPLICA_WAIT_MS: '5000' } }), openBrowser()]);
    const account = await trust.stack.createAccount('node-dashboard');
    apiKey = account.apiKey;
    const pool = await trust.contracts.miningPool.getAddress();
    await (await trust.contracts.token.approve(pool, parseEther('100'))).wait();
    await (await trust.contracts.miningPool.deposit(accountIdToBytes32(account.id), parseEther('100'))).wait();

    const honestIds = [await trust.startHonestNode('honest-a'), await trust.startHonestNode('honest-b')];
    const replayer = await trust.startAdversary('replayer');
    for (const nodeId of [...honestIds, replayer.nodeId]) await bindPayout(nodeId);
    await until(async () => ((await eventsOfType<NodeRegisteredData>(trust.stack.log, NodeRegistered.type)).length >= 2 ? true : undefined), 'the honest nodes registered', 90_000, 250);
    await until(async () => (replayer.process.lines().some((l) => l.event === 'challenge-answered') ? true : undefined), `the replayer is ready\n${trust.output()}`, 90_000, 250);
    // Every node's join challenge judged before the first job: a node still being challenged gets
    // its first fragments late, and the last fragments of a job can earn 0 (staked nodes' boosts
    // spend the budget before them), leaving it nothing paid to show.
    const judged = async () => new Set((await eventsOfType<ChallengeJudgedData>(trust.stack.log, ChallengeJudged.type)).map((e) => e.data.nodeId));
    await until(async () => ((await judged()).size >= 3 ? true : undefined), `every node's join challenge judged\n${trust.output()}`, 90_000, 250);

    // The first job: every node computes honestly (the replayer has nothing to replay yet) and is paid once its epoch settles.
    await completed(await runJob());
    const a = await loginWithNodeRunner('honest-a');
    expect(a.link).toBe(`${trust.stack.marketplace.url}/dashboard/#/signin?token=${a.token}`);
    honest = { name: 'honest-a', nodeId: a.nodeId, token: a.token, payout: payouts.get(a.nodeId)! };
    cheater = { name: 'adversary-replayer', nodeId: replayer.nodeId, token: await loginWithSeed('adversary-replayer', replayer.nodeId), payout: payouts.get(replayer.nodeId)!, process: replayer.process };
    await Promise.all([settledAndEqual(honest), settledAndEqual(cheater)]);
    honestPage = await browser.newPage();
    cheaterPage = await browser.newPage();
    await honestPage.goto(a.link);
  });
  afterAll(async () => {
    await browser?.close();
    await trust?.close();
  });

  it("signs in through node-runner login's link and shows the rewards, fragments and reconciliation the REST views and the chain hold", async () => {
    const node = await operatorView(honest, '');
    await honestPage.getByRole('heading', { level: 1, name: 'Node honest-a' }).waitFor();
    expect(new URL(honestPage.url()).hash).toBe('#/node');
    // Paid in full: what REST says was paid is what the payout address holds.
    expect(node.rewards).toMatchObject({ paid: node.rewards.earned, pending: '0' });
    expect(await balanceOf(honest)).toBe(BigInt(node.rewards.paid));
    await honestPage.getByTestId('rewards-paid').filter({ hasText: exactly(formatCxt(node.rewards.paid)) }).waitFor();
    expect(await honestPage.getByTestId('rewards-earned').textContent()).toBe(formatCxt(node.rewards.earned));
    expect(await honestPage.getByTestId('rewards-pending').textContent()).toBe(formatCxt('0'));
    expect(await honestPage.getByTestId('leases-verified').textContent()).toBe(String(node.leases.verified));
    await honestPage.getByRole('figure', { name: /^Contribution over \d+ epochs/ }).waitFor();
    await screenshot(honestPage, 'dashboard-overview');

    await markDocument(honestPage);
    const nav = honestPage.getByRole('navigation', { name: 'Node' });
    await nav.getByRole('link', { name: 'Fragments' }).click();
    const fragments = (await operatorView(honest, '/fragments?limit=200')).items as { leaseId: string; status: string }[];
    const settled = fragments.filter((f) => f.status === 'settled');
    expect(settled.length).toBeGreaterThan(0);
    await honestPage.getByRole('table', { name: /leases, newest first/ }).waitFor();
    expect(await honestPage.locator('[data-testid=fragment-row]').count()).toBe(fragments.length);
    expect((await honestPage.locator('[data-testid=fragment-row][data-status=settled]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lease-id')))).sort()).toEqual(settled.map((f) => f.leaseId).sort());

    await nav.getByRole('link', { name: 'Reconciliation' }).click();
    const reconciliation = await operatorView(honest, '/reconciliation');
    await honestPage.getByTestId('reconciliation-verdict').filter({ hasText: 'rewards equal on-chain payments' }).waitFor();
    const totals = honestPage.getByTestId('reconciliation-totals').locator('td');
    expect(await totals.allTextContents()).toEqual([String(reconciliation.totals.fragments), formatCxt(reconciliation.totals.rewards), formatCxt(reconciliation.totals.paid), '', formatCxt('0'), '']);
    expect(await honestPage.locator('[data-testid=reconciliation-row]').count()).toBe(reconciliation.epochs.length);

    await nav.getByRole('link', { name: 'History' }).click();
    const history = await operatorView(honest, '/history');
    await honestPage.getByRole('figure', { name: new RegExp(`^score over time: ${history.reputation.length} changes?, now ${history.reputation.at(-1).score.toFixed(3)}$`) }).waitFor();
    await honestPage.getByRole('figure', { name: new RegExp(`^tier over time: ${history.tiers.length} changes?, now ${node.tier}`) }).waitFor();
    await screenshot(honestPage, 'node-history');
    await expectNotReloaded(honestPage);
  });

  it("shows a new job's payout and the cheater's violation live, without a reload", async () => {
    await honestPage.getByRole('navigation', { name: 'Node' }).getByRole('link', { name: 'Payouts' }).click();
    const paidBefore = await paymentsOf(honest);
    expect({ paidBefore: paidBefore.length > 0, payouts: await operatorView(honest, '/payouts') }).toMatchObject({ paidBefore: true });
    await honestPage.locator('[data-testid=payment]').nth(paidBefore.length - 1).waitFor();
    await cheaterPage.goto(`${trust.stack.marketplace.url}/dashboard/#/signin?token=${cheater.token}&next=node/fragments`);
    await cheaterPage.getByRole('heading', { level: 1, name: 'Fragments' }).waitFor();
    await cheaterPage.getByTestId('node-live').filter({ hasText: /^Live/ }).waitFor();
    await honestPage.getByTestId('node-live').filter({ hasText: /^Live/ }).waitFor();
    expect(await cheaterPage.locator('[data-testid=fragment-row][data-status=fraud]').count()).toBe(0);
    await Promise.all([markDocument(honestPage), markDocument(cheaterPage)]);

    const jobId = await runJob();
    const fraud = await waitForEvent<FraudDetectedData>(trust.stack.log, FraudDetected.type, (d) => d.nodeId === cheater.nodeId && d.kind === 'replayed-result', 120_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${trust.output()}`);
    });
    type Lease = { leaseId: string; status: string; why: string; decidedBy: { type: string; id: string; seq: number } };
    // 404 until the marketplace has projected the lease (the fraud can be in the log first).
    const leaseView = async () => ((await operatorView(cheater, `/fragments/${encodeURIComponent(fraud.data.fragmentId!)}`)).items as Lease[] | undefined)?.find((i) => i.leaseId === fraud.data.leaseId);
    const item = await until(async () => ((await leaseView())?.status === 'fraud' ? leaseView() : undefined), `the fraud in the cheater's fragments view\n${JSON.stringify(await leaseView())}`, 30_000, 500);
    const fraudRow = cheaterPage.locator(`[data-testid=fragment-row][data-lease-id="${fraud.data.leaseId}"][data-status=fraud]`);
    await fraudRow.waitFor({ timeout: 30_000 }).catch(async (err: Error) => {
      const rows = await cheaterPage.locator('[data-testid=fragment-row]').evaluateAll((all) => all.map((r) => `${r.getAttribute('data-lease-id')} ${r.getAttribute('data-status')}`));
      throw new Error(`${err.message}\nlive: ${await cheaterPage.getByTestId('node-live').textContent()}\nalerts: ${await cheaterPage.getByRole('alert').allTextContents()}\nrows:\n${rows.join('\n')}`);
    });
    expect(item!.why).toContain('replayed-result');
    expect(await fraudRow.getByTestId('fragment-why').textContent()).toBe(item!.why);
    expect(await fraudRow.getByTestId('fragment-decided-by').textContent()).toContain(`${item!.decidedBy.type} #${item!.decidedBy.seq} (id ${item!.decidedBy.id})`);
    await expectNotReloaded(cheaterPage);
    await fraudRow.getByRole('link', { name: fraud.data.fragmentId! }).click();
    const lease = cheaterPage.getByTestId('fragment-lease').filter({ hasText: fraud.data.leaseId });
    await lease.getByRole('heading', { name: 'Fraud: replayed-result' }).waitFor();
    expect(await lease.textContent()).toContain(fraud.data.evidenceHash);
    await cheaterPage.goBack();
    await cheaterPage.getByRole('heading', { level: 1, name: 'Fragments' }).waitFor();

    // The honest node's payouts page gains the new epochs' transactions as they are mined.
    await completed(jobId);
    const reconciled = await settledAndEqual(honest);
    const paidAfter = await paymentsOf(honest);
    expect(paidAfter.length).toBeGreaterThan(paidBefore.length);
    await honestPage.getByTestId('payouts-paid').filter({ hasText: exactly(formatCxt(reconciled.totals.paid)) }).waitFor({ timeout: 30_000 });
    await expectNotReloaded(honestPage);
    const shown = await honestPage.locator('[data-testid=payment] a').evaluateAll((links) => links.map((a) => a.getAttribute('data-tx-hash')));
    expect(shown.sort()).toEqual(paidAfter.map((p) => p.txHash).sort());
    for (const payment of paidAfter) expect((await trust.anvil.provider.getTransactionReceipt(payment.txHash))?.status).toBe(1);
    expect(paidAfter.reduce((sum, p) => sum + BigInt(p.amount), 0n)).toBe(await balanceOf(honest));
  });

  it("shows the cheater's payouts for the work it did before cheating beside its violation and slash", async () => {
    const fraud = (await eventsOfType<FraudDetectedData>(trust.stack.log, FraudDetected.type)).find((e) => e.data.nodeId === cheater.nodeId)!.data;
    const node = await until(async () => {
      const view = await operatorView(cheater, '');
      const slashed = view.violations.some((v: { evidenceHash: string; slash: unknown }) => v.evidenceHash === fraud.evidenceHash && v.slash);
      // Paid as the chain has it: a payment mined a moment ago may not be projected yet.
      return slashed && BigInt(view.rewards.paid) === (await balanceOf(cheater)) ? view : undefined;
    }, `the cheater's slash mined and its payments projected\n${trust.output()}`, 90_000, 500);
    await cheaterPage.getByRole('navigation', { name: 'Node' }).getByRole('link', { name: 'Payouts' }).click();
    const violation = cheaterPage.getByTestId('violation').filter({ hasText: fraud.evidenceHash });
    await violation.filter({ hasText: 'slashed' }).waitFor();
    const slash = node.violations.find((v: { evidenceHash: string }) => v.evidenceHash === fraud.evidenceHash).slash as { txHash: string; amount: string };
    expect(await violation.textContent()).toContain('replayed-result');
    expect(await violation.textContent()).toContain(fraud.evidence.detail);
    expect(await violation.textContent()).toContain(`slashed ${formatCxt(slash.amount)}`);
    expect(await violation.locator(`a[data-tx-hash="${slash.txHash}"]`).count()).toBe(1);
    expect((await trust.anvil.provider.getTransactionReceipt(slash.txHash))?.status).toBe(1);

    const payments = await paymentsOf(cheater);
    expect(payments.length).toBeGreaterThan(0);
    expect(node.rewards.paid).not.toBe('0');
    await cheaterPage.getByTestId('payouts-paid').filter({ hasText: exactly(formatCxt(node.rewards.paid)) }).waitFor();
    const shown = await cheaterPage.locator('[data-testid=payment] a').evaluateAll((links) => links.map((a) => a.getAttribute('data-tx-hash')));
    expect(shown.sort()).toEqual(payments.map((p) => p.txHash).sort());
    await screenshot(cheaterPage, 'node-detail');
  });
});

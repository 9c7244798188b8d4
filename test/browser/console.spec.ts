import type { Page } from 'playwright-core';
import { NodeRegistered, type NodeRegisteredData } from '@corex/events';
import { formatCxt } from '../../apps/dashboard/src/chart-data';
import { openBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startTrustStack, type TrustStack } from '../support/trust-stack';
import { until } from '../support/until';
import { eventsOfType } from '../support/wait-for-event';

jest.setTimeout(240_000);

const TRAINING = { type: 'training', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { epochs: 2, shards: 2 }, verification: { mode: 'spot-check', rate: 0.5 } };

/**
 * The enterprise console in Debian's chromium against the whole stack with money and trust (anvil,
 * staking settlement anchoring proofs and model versions, verifier, two honest node-runners): a
 * customer submits a training job from the catalog after seeing its quote, watches it run to the
 * end without a reload, and every number the pages show equals the REST views and the chain.
 */
describe('enterprise console in the browser', () => {
  let trust: TrustStack;
  let browser: TestBrowser;
  let page: Page;
  let apiKey: string;
  let jobId: string;

  const api = async (path: string) => {
    const res = await trust.stack.api('GET', path, { token: apiKey });
    expect(res.status).toBe(200);
    return res.body;
  };
  const texts = (selector: string) => page.locator(selector).allTextContents();

  beforeAll(async () => {
    [trust, browser] = await Promise.all([startTrustStack(), openBrowser()]);
    apiKey = (await trust.stack.createAccount('console')).apiKey;
    for (const name of ['honest-a', 'honest-b']) await trust.startHonestNode(name);
    await until(async () => ((await eventsOfType<NodeRegisteredData>(trust.stack.log, NodeRegistered.type)).length >= 2 ? true : undefined), 'two nodes registered', 120_000);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await trust?.close();
  });

  it('submits a training job from the catalog, showing the quote the REST API gives', async () => {
    await page.goto(`${trust.stack.marketplace.url}/dashboard/`);
    await page.getByLabel('Enterprise API key').fill(apiKey);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('link', { name: 'Submit a job' }).click();
    await page.getByRole('heading', { level: 1, name: 'Submit a job' }).waitFor();

    await page.getByLabel('Job type').selectOption('training');
    await page.getByLabel('Model', { exact: true }).selectOption('penguins-mlp');
    await page.getByLabel('Dataset', { exact: true }).selectOption('penguins');
    await page.getByLabel('Budget (CXT)').fill(TRAINING.budget);
    await page.getByLabel('Verification policy').selectOption('spot-check');
    await page.getByLabel('Share of fragments recomputed (0.01 to 1)').fill(String(TRAINING.verification.rate));
    await page.getByLabel('Params (JSON, optional)').fill(JSON.stringify(TRAINING.params));

    const rest = await trust.stack.api('POST', '/v1/jobs/quote', { token: apiKey, body: TRAINING });
    expect(rest.status).toBe(200);
    await page.getByTestId('quote-extra-cost').waitFor();
    expect(await page.getByTestId('quote-extra-cost').textContent()).toBe(rest.body.verification.quote.extraCost);
    expect(rest.body.verification.quote.extraCost).toBe('2.5');
    expect(await page.getByTestId('quote').textContent()).toContain('50 % per wrong fragment');

    // Marks the document: a reload would lose it.
    await page.evaluate('window.__sameDocument = true');
    await page.getByRole('button', { name: 'Submit the job' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    jobId = decodeURIComponent(new URL(page.url()).hash.split('/')[2]!);
    await page.getByText('Live: updates as the job runs').waitFor();
    expect((await api(`/v1/jobs/${jobId}`)).verification.quote).toEqual(rest.body.verification.quote);
  });

  it('follows the job live to completion and to its anchors, without a reload', async () => {
    await page.getByTestId('job-status').filter({ hasText: /^completed$/ }).waitFor({ timeout: 150_000 });
    // Anchoring follows the settlement's epoch: the page reads again until every proof and version is anchored.
    await page.locator('#proofs-title + p').filter({ hasText: /^([1-9]\d*) of \1 proofs anchored on-chain$/ }).waitFor({ timeout: 90_000 });
    await page.getByText('not yet anchored').waitFor({ state: 'detached', timeout: 90_000 });
    await expect(page.evaluate('window.__sameDocument')).resolves.toBe(true);
    await page.getByRole('heading', { name: 'Training loss and accuracy' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'job-detail');
  });

  it('shows the numbers of the REST views: progress, cost, verdicts, curve points and weights hashes', async () => {
    const job = await api(`/v1/jobs/${jobId}`);
    expect(job.status).toBe('completed');
    const steps: unknown[] = (await api(`/v1/jobs/${jobId}/steps`)).items;
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBe(job.progress.totalSteps);
    // Steps completed, of the job's steps.
    expect(await page.getByTestId('job-progress').textContent()).toBe(`${steps.length} of ${job.progress.totalSteps} steps`);
    const { cost } = await api(`/v1/jobs/${jobId}/cost`);
    expect(await page.getByTestId('cost-words').textContent()).toBe(`${formatCxt(cost.spent)} of ${formatCxt(cost.budget)}`);
    expect(BigInt(cost.spent)).toBeGreaterThan(0n);

    const fragments: { fragmentId: string; verification: { outcome: string } }[] = (await api(`/v1/jobs/${jobId}/fragments?limit=200`)).items;
    expect(fragments.length).toBeGreaterThan(0);
    const shown = await page.locator('table.console-fragments tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-fragment-id'), r.querySelector('.verdict')?.textContent]));
    expect(shown).toEqual(fragments.map((f) => [f.fragmentId, f.verification.outcome]));

    expect(await page.locator('figure[data-points]').getAttribute('data-points')).toBe(String(steps.length));

    const versions: { weightsHash: string; anchor: { txHash: string } }[] = (await api(`/v1/models/${jobId}/versions`)).items;
    expect(versions.length).toBe(steps.length);
    expect(await texts('td.weights-hash')).toEqual(versions.map((v) => v.weightsHash));
  });

  it('links each proof to its anchor transaction, which is the ProofRegistry record on anvil', async () => {
    const proofs: { fragmentId: string; anchorTxHash: string; epoch: number; root: string }[] = (await api(`/v1/jobs/${jobId}/proofs?limit=200`)).items;
    expect(proofs.length).toBeGreaterThan(0);
    const shown = await page.locator('#proofs-title ~ div table tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-fragment-id'), r.querySelector('a[data-tx-hash]')?.getAttribute('data-tx-hash')]));
    expect(shown).toEqual(proofs.map((p) => [p.fragmentId, p.anchorTxHash]));

    const registry = (await trust.contracts.proofRegistry.getAddress()).toLowerCase();
    for (const txHash of new Set(proofs.map((p) => p.anchorTxHash))) {
      const receipt = await trust.anvil.provider.getTransactionReceipt(txHash);
      expect({ txHash, status: receipt?.status, fromRegistry: receipt?.logs.some((l) => l.address.toLowerCase() === registry) }).toEqual({ txHash, status: 1, fromRegistry: true });
    }
    const hex = (h: string) => h.toLowerCase().replace(/^0x/, '');
    for (const p of proofs) expect(hex((await trust.contracts.proofRegistry.anchorOf(p.epoch)).root)).toBe(hex(p.root));
    const versions: { weightsHash: string }[] = (await api(`/v1/models/${jobId}/versions`)).items;
    for (const v of versions) expect((await trust.contracts.proofRegistry.modelOf(`0x${v.weightsHash}`)).recordedAt).toBeGreaterThan(0n);
  });

  it('lists the jobs with status, cost against budget, and a running job followed live to its end', async () => {
    const running = await trust.stack.api('POST', '/v1/jobs', { token: apiKey, body: { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '1', params: { batchRows: 10 } } });
    expect(running.status).toBe(202);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    const row = page.locator(`tr[data-job-id="${jobId}"]`);
    const { cost } = await api(`/v1/jobs/${jobId}/cost`);
    await row.getByText(`${formatCxt(cost.spent)} of ${formatCxt(cost.budget)}`).waitFor();
    expect(await row.locator('.status').textContent()).toBe('completed');

    const live = page.locator(`tr[data-job-id="${running.body.id}"]`);
    await live.locator('.status').filter({ hasText: /^completed$/ }).waitFor({ timeout: 60_000 });
    const done = await api(`/v1/jobs/${running.body.id}`);
    await live.getByText(`${done.progress.fragments.completed} of ${done.progress.fragments.planned} fragments`).waitFor();
    expect(done.progress.fragments.completed).toBe(done.progress.fragments.planned);
    await expect(page.evaluate('window.__sameDocument')).resolves.toBe(true);
    await screenshot(page, 'console-jobs');
  });
});

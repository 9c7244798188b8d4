import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type TestBrowser } from '../support/browser';
import { PAYOUT, settleTransactions, type SettledTransactions } from '../support/settled-transactions';
import { startStack, type Stack } from '../support/stack';

jest.setTimeout(120_000);

const NODE_ID = 'N'.padEnd(56, 'A');

/** A transaction's page (#/chain/<chain>/tx/<hash>), for local chains without an explorer: what the chain holds, in words. */
describe('a settled transaction in the browser', () => {
  let chains: SettledTransactions;
  let stack: Stack;
  let browser: TestBrowser;
  let page: Page;

  const fact = (term: string) => page.locator(`dt:text-is("${term}") + dd`).first().textContent();
  const open = async (chain: string, hash: string) => {
    await page.goto(`${stack.marketplace.url}/dashboard/#/chain/${chain}/tx/${hash}`);
    await page.getByRole('heading', { level: 1, name: `Transaction on ${chain}` }).waitFor();
  };

  beforeAll(async () => {
    [chains, browser] = await Promise.all([settleTransactions(NODE_ID), openBrowser()]);
    stack = await startStack({ trust: false, marketplace: { COREX_DEPLOYMENT_FILE: chains.deploymentFile } });
    page = await browser.newPage();
    const { apiKey } = await stack.createAccount('browser-chain');
    await page.goto(`${stack.marketplace.url}/dashboard/`);
    await page.getByLabel('Enterprise API key').fill(apiKey);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await chains?.close();
  });

  it('shows a MiningPool payout with the block the chain mined it in and the 3 CXT it paid, in words', async () => {
    const { payout } = chains;
    await open('ethereum', payout.hash);
    await page.getByRole('heading', { level: 2, name: 'Corex events' }).waitFor();
    await expect(fact('Status')).resolves.toBe('succeeded');
    await expect(fact('Block')).resolves.toBe(String(payout.blockNumber));
    await expect(fact('Block hash')).resolves.toBe(payout.blockHash);
    await expect(fact('Gas used')).resolves.toBe(payout.gasUsed.toString());
    const paid = page.locator('tr[data-event="MiningPool.RewardPaid"]');
    await expect(paid.locator('p').textContent()).resolves.toMatch(new RegExp(`^Paid 3 CXT to ${PAYOUT} for node 0x[0-9a-f]{64} \\(3 CXT paid to this node in all\\)$`));
    const transfer = page.locator('tr[data-event="CorexToken.Transfer"]');
    await expect(transfer.locator('p').textContent()).resolves.toBe(`Transferred 3 CXT from ${String(chains.contracts.miningPool.target)} to ${PAYOUT}`);
    await screenshot(page, 'chain-transaction');
  });

  it('shows a Solana reward delivery with its memo and the 2.5 CXT minted to its owner', async () => {
    await open('solana', chains.solanaReward.signature);
    await page.getByRole('heading', { level: 2, name: 'What it did' }).waitFor();
    await expect(fact('Slot')).resolves.toBe(String(chains.solanaReward.slot));
    await expect(page.getByRole('listitem').filter({ hasText: 'corex:reward:v1:' }).textContent()).resolves.toBe('corex:reward:v1:tr-1');
    const row = page.getByRole('row', { name: new RegExp(chains.solanaRecipient) });
    await expect(row.getByRole('cell').textContent()).resolves.toBe('+2.5 CXT');
  });

  it('says in words when the chain holds no such transaction', async () => {
    await open('ethereum', `0x${'12'.repeat(32)}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/holds no landed transaction .*\(CHAIN\.TX_NOT_FOUND\)\. A local chain restarted since forgets its transactions\.$/);
  });
});

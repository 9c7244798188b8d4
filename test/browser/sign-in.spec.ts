import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type TestBrowser } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

jest.setTimeout(120_000);

/** The dashboard served by the marketplace, in Debian's chromium: a customer signs in with an API key. */
describe('sign-in in the browser', () => {
  let stack: Stack;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), openBrowser()]);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('refuses an empty key, then opens the console with a real one and signs out again', async () => {
    const { apiKey } = await stack.createAccount('browser-sign-in');
    await page.goto(`${stack.marketplace.url}/dashboard/`);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Enter your API key.');

    await page.getByLabel('Enterprise API key').fill(apiKey);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/jobs');
    await screenshot(page, 'sign-in-console');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expect(page.evaluate('window.sessionStorage.length')).resolves.toBe(0);
  });
});

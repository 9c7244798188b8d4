import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const repoRoot = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureDashboard } = require('../../scripts/lib/dashboard-build.cjs') as { ensureDashboard(options: { root: string; log?: (line: string) => void }): boolean };

/** Debian's chromium (apt-get install chromium; .ci/run installs it): no browser is downloaded. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Where every run keeps its screenshots (test artifacts, not committed). */
export const ARTIFACT_DIR = path.join(repoRoot, 'test-artifacts/screenshots');
/** `npm run screenshots` sets COREX_SCREENSHOTS_DIR=docs/screenshots: the README's pictures come from the browser tests. */
const extraScreenshotDir = process.env.COREX_SCREENSHOTS_DIR ? path.resolve(repoRoot, process.env.COREX_SCREENSHOTS_DIR) : null;

export function chromiumPath(): string {
  const found = [process.env.COREX_CHROMIUM, ...CHROMIUM_PATHS].find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found) throw new Error(`no chromium found (looked at ${[process.env.COREX_CHROMIUM ?? '$COREX_CHROMIUM unset', ...CHROMIUM_PATHS].join(', ')}): apt-get install chromium, or set COREX_CHROMIUM`);
  return found;
}

/** Builds apps/dashboard when its build is missing or stale, so the marketplace under test serves the current pages. */
export function ensureDashboardBuilt(): void {
  if (!ensureDashboard({ root: repoRoot, log: () => undefined })) throw new Error('the dashboard did not build: run npm run build:dashboard to see why');
}

export interface TestBrowser {
  browser: Browser;
  /** A page of its own (fresh storage: sessions do not leak between pages), laptop-sized. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  ensureDashboardBuilt();
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

/** Saves a full-page screenshot as `<name>.png` among the test artifacts (and in docs/screenshots for `npm run screenshots`). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACT_DIR, `${name}.png`);
  await mkdir(ARTIFACT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  if (extraScreenshotDir) {
    await mkdir(extraScreenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(extraScreenshotDir, `${name}.png`), fullPage: true });
  }
  return file;
}

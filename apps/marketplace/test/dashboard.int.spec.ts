import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startHarness, type Harness } from './marketplace-harness';

const REPO = path.resolve(__dirname, '../../..');

/** The dashboard as `npm run build:dashboard` makes it (its typecheck included), written to `outDir`. */
async function buildDashboard(outDir: string): Promise<void> {
  await promisify(execFile)('npm', ['run', '--silent', 'build:dashboard', '--', '--outDir', outDir], { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
}

describe('the marketplace serves the dashboard at /dashboard/', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'corex-dashboard-')), 'dist');
    h = await startHarness({ env: { COREX_DASHBOARD_DIR: dir } });
  });
  afterAll(async () => {
    await h.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('answers 404 DASHBOARD.NOT_BUILT, not an error, while there is no build', async () => {
    const res = await h.request('GET', '/dashboard/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('DASHBOARD.NOT_BUILT');
  });

  describe('once built', () => {
    let html: string;
    beforeAll(async () => {
      await buildDashboard(dir);
      const res = await h.request('GET', '/dashboard/');
      html = String(res.body);
    });

    it('serves index.html with its module script and stylesheet, all from /dashboard/assets/, never cached', async () => {
      const res = await h.request('GET', '/dashboard/');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(html).toMatch(/<script type="module"[^>]* src="\/dashboard\/assets\/[^"]+\.js"/);
      expect(html).toMatch(/<link rel="stylesheet"[^>]* href="\/dashboard\/assets\/[^"]+\.css"/);
      // Offline: nothing the page loads comes from another origin.
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    });

    it('serves each asset with its content type and a long cache', async () => {
      const urls = [...html.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThanOrEqual(2);
      for (const url of urls) {
        const res = await h.request('GET', url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(url.endsWith('.js') ? /^(text|application)\/javascript/ : /^text\/css/);
        expect(res.headers.get('cache-control')).toContain('immutable');
        expect(String(res.body).length).toBeGreaterThan(100);
      }
    });

    it('answers any other page path with index.html (the routes are in the fragment) and redirects /dashboard to /dashboard/', async () => {
      const deep = await h.request('GET', '/dashboard/jobs/unknown');
      expect(deep.status).toBe(200);
      expect(String(deep.body)).toBe(html);
      const bare = await fetch(`${h.api.url}/dashboard`, { redirect: 'manual' });
      expect(bare.status).toBe(308);
      expect(bare.headers.get('location')).toBe('/dashboard/');
    });

    it('answers 404 problems for a missing asset and for other methods, and never serves a file outside the build', async () => {
      const asset = await h.request('GET', '/dashboard/assets/missing.js');
      expect(asset.status).toBe(404);
      expect(asset.body.code).toBe('DASHBOARD.ASSET_NOT_FOUND');
      const post = await h.request('POST', '/dashboard/', { body: {} });
      expect(post.status).toBe(404);
      expect(post.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      for (const escape of ['/dashboard/..%2f..%2f..%2fpackage.json', '/dashboard/%2e%2e/%2e%2e/%2e%2e/package.json', '/dashboard/.env']) {
        const res = await h.request('GET', escape);
        expect(res.status).toBeLessThan(500);
        expect(String(JSON.stringify(res.body))).not.toContain('workspaces');
      }
    });

    it('keeps /dashboard out of the OpenAPI document: it is no API route', async () => {
      const doc = await h.request('GET', '/openapi.json');
      expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/dashboard'))).toEqual([]);
    });
  });
});

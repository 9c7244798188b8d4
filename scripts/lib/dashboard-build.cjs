'use strict';
// npm start builds the dashboard (apps/dashboard) when its build is missing or older than what
// it is built from; a failed build leaves the rest running, the marketplace serving no pages.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** What the build reads: the app, the typed client it imports, and the installed packages. */
const SOURCES = ['apps/dashboard/src', 'apps/dashboard/index.html', 'apps/dashboard/vite.config.mts', 'apps/dashboard/tsconfig.json', 'libs/client/src', 'package-lock.json'];
const BUILT_INDEX = 'apps/dashboard/dist/index.html';

function newestChange(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((newest, name) => Math.max(newest, newestChange(path.join(file, name))), stat.mtimeMs);
}

/** True when there is no build, or a source changed after it was made. */
function dashboardStale(root) {
  const built = newestChange(path.join(root, BUILT_INDEX));
  return built === 0 || SOURCES.some((source) => newestChange(path.join(root, source)) > built);
}

function runBuild(root) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build:dashboard'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000 });
  if (result.error) return { ok: false, why: result.error.message };
  return result.status === 0 ? { ok: true } : { ok: false, why: result.signal ? `stopped by ${result.signal}` : `exit code ${result.status}` };
}

/**
 * Builds the dashboard if needed; answers whether a build is there to serve (an older one still
 * is after a failed build). Never throws: npm start goes on without the dashboard.
 */
function ensureDashboard({ root = '.', log = console.log, build = runBuild } = {}) {
  if (!fs.existsSync(path.join(root, 'apps/dashboard/index.html'))) return false;
  if (dashboardStale(root)) {
    log('[start] building the dashboard: npm run build:dashboard');
    let result;
    try {
      result = build(root);
    } catch (err) {
      result = { ok: false, why: err.message };
    }
    if (!result.ok) log(`[start] the dashboard did not build (${result.why}): going on without it (run npm run build:dashboard to see why)`);
  }
  return fs.existsSync(path.join(root, BUILT_INDEX));
}

module.exports = { ensureDashboard, dashboardStale, BUILT_INDEX };

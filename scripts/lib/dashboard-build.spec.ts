import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureDashboard, BUILT_INDEX } = require('./dashboard-build.cjs') as {
  ensureDashboard(o: { root: string; log: (line: string) => void; build: (root: string) => { ok: boolean; why?: string } }): boolean;
  BUILT_INDEX: string;
};

const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = new Date('2026-02-01T00:00:00Z');

function write(root: string, file: string, time: Date) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), 'x');
  fs.utimesSync(path.join(root, file), time, time);
  fs.utimesSync(path.dirname(path.join(root, file)), OLD, OLD);
}

describe('npm start building the dashboard', () => {
  let root: string;
  let lines: string[];
  let builds: number;
  const building = (outcome: { ok: boolean; why?: string }) => (r: string) => {
    builds++;
    if (outcome.ok) write(r, BUILT_INDEX, NEW);
    return outcome;
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'corex-dashboard-build-'));
    write(root, 'apps/dashboard/index.html', OLD);
    write(root, 'apps/dashboard/src/main.tsx', OLD);
    lines = [];
    builds = 0;
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('given no build, when npm start runs, then it builds the dashboard and serves it', () => {
    expect(ensureDashboard({ root, log: (l) => lines.push(l), build: building({ ok: true }) })).toBe(true);
    expect(builds).toBe(1);
  });

  it('given a build newer than every source, when npm start runs, then it does not build again', () => {
    write(root, BUILT_INDEX, NEW);
    expect(ensureDashboard({ root, log: (l) => lines.push(l), build: building({ ok: true }) })).toBe(true);
    expect(builds).toBe(0);
  });

  it('given a source changed after the build, when npm start runs, then it builds again', () => {
    write(root, BUILT_INDEX, OLD);
    write(root, 'apps/dashboard/src/App.tsx', NEW);
    ensureDashboard({ root, log: (l) => lines.push(l), build: building({ ok: true }) });
    expect(builds).toBe(1);
  });

  it('given a build that fails, when npm start runs, then it says so in one line and goes on without the dashboard', () => {
    expect(ensureDashboard({ root, log: (l) => lines.push(l), build: building({ ok: false, why: 'exit code 2' }) })).toBe(false);
    expect(lines).toContain('[start] the dashboard did not build (exit code 2): going on without it (run npm run build:dashboard to see why)');
  });

  it('given a build that throws, when npm start runs, then the error does not stop npm start', () => {
    const throwing = () => {
      throw new Error('spawn npm ENOENT');
    };
    expect(ensureDashboard({ root, log: (l) => lines.push(l), build: throwing })).toBe(false);
    expect(lines.at(-1)).toMatch(/did not build \(spawn npm ENOENT\)/);
  });

  it('given no dashboard app in the tree, when npm start runs, then nothing is built', () => {
    fs.rmSync(path.join(root, 'apps/dashboard'), { recursive: true });
    expect(ensureDashboard({ root, log: (l) => lines.push(l), build: building({ ok: true }) })).toBe(false);
    expect(builds).toBe(0);
  });
});

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtinCatalog } from '@corex/compute';
import { openEventLog, uploadStreamName, type EventLog } from '@corex/eventstore';
import { loadConfig } from '@corex/platform';
import { schedulerConfigSchema, startScheduler, type RunningScheduler } from '@corex/scheduler-app';
import { marketplaceConfigSchema } from '../../apps/marketplace/src/config';
import { startMarketplace, type RunningMarketplace } from '../../apps/marketplace/src/start';
import { createTestDatabase, NATS_URL, uniqueNames } from './infra';
import { startTrustService, type RunningTrustService } from './trust-services';

const repoRoot = path.resolve(__dirname, '../..');
const nodeRunnerBin = path.join(repoRoot, 'apps/node-runner/bin/node-runner.js');
export const STACK_ADMIN_TOKEN = 'stack-admin-token-0123456789';

export interface Stack {
  names: { stream: string; prefix: string };
  log: EventLog;
  marketplace: RunningMarketplace;
  scheduler: RunningScheduler;
  /** The verifier and the reputation service, when they run in this stack (unless `trust: false`, or a secured NATS without their creds). */
  trust: RunningTrustService[];
  /** Whether the scheduler waits for the verifier's verdicts (COREX_VERIFICATION=required): true when the verifier runs. */
  verification: boolean;
  /** Calls the marketplace API; JSON in and out. */
  api(method: string, route: string, opts?: { token?: string; body?: unknown; raw?: Uint8Array; contentType?: string }): Promise<{ status: number; body: any }>;
  createAccount(name?: string): Promise<{ id: string; apiKey: string }>;
  /** Runs a node-runner command to completion in its own process. */
  nodeRunner(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts a long-running node-runner process (e.g. `start`); stopped by close(). */
  spawnNodeRunner(args: string[], env?: Record<string, string>): ChildProcess;
  home(name: string): string;
  /** Why a job may not advance, for a test's failure message: the scheduler's view of it and each spawned node-runner's state and last log lines. */
  diagnose(jobId: string): string;
  close(): Promise<void>;
}

/** A secured NATS to run the stack on (test/support/secured-nats.ts): its URL and prefix, and each service's own settings (creds). */
export interface StackNats {
  url: string;
  prefix: string;
  scheduler: Record<string, string>;
  marketplace: Record<string, string>;
  /** The trust services' settings (creds); without them the stack on this NATS runs neither of them (and no verification). */
  verifier?: Record<string, string>;
  reputation?: Record<string, string>;
  /** Creds of the test's own connection. */
  testCreds: string;
}

/**
 * The whole stack on a unique stream, prefix and database: marketplace, scheduler, node-runners,
 * the verifier and the reputation service in this process (`trust: false` leaves them out). The
 * scheduler waits for verdicts (COREX_VERIFICATION=required) exactly when the verifier runs;
 * `scheduler` settings override that.
 */
export async function startStack(options: { scheduler?: Record<string, string>; marketplace?: Record<string, string>; nats?: StackNats; trust?: boolean } = {}): Promise<Stack> {
  const names = options.nats ? { ...uniqueNames('stk'), prefix: options.nats.prefix } : uniqueNames('stk');
  const db = await createTestDatabase();
  const homes = await mkdtemp(path.join(os.tmpdir(), 'corex-stack-'));
  // COREX_TEST_LOG_LEVEL=info shows the services' logs when a test needs explaining.
  const shared = { NATS_URL: options.nats?.url ?? NATS_URL, COREX_STREAM: names.stream, COREX_SUBJECT_PREFIX: names.prefix, LOG_LEVEL: process.env.COREX_TEST_LOG_LEVEL ?? 'silent' };
  // A one-node stack has no second node for a replica: the scheduler's replica gate and the verifier's wait for the replica end after 2 s (20 s by default).
  const replicaWait = { scheduler: { COREX_REPLICA_WAIT_MS: '2000' }, verifier: { REPLICA_WAIT_MS: '2000' }, reputation: {} };
  const trust: RunningTrustService[] = [];
  const trustEnv = (name: 'verifier' | 'reputation') => (options.nats ? options.nats[name] : {});
  for (const name of ['verifier', 'reputation'] as const) {
    const env = trustEnv(name);
    if (options.trust === false || !env) continue;
    trust.push(await startTrustService(name, { ...shared, ...replicaWait[name], ...env }));
  }
  const verification = trust.some((t) => t.name === 'verifier');
  // One scheduler, in the test process beside the marketplace and the trust services: a long step of
  // theirs (a verifier check) can hold its event loop past a 10 s leader term, and a lost term stalls
  // the stack's jobs until leases lapse. Nothing here stands by to take over, so the term is long.
  const leaderTerm = { COREX_LEADER_TTL_MS: '60000' };
  const scheduler = await startScheduler(
    loadConfig(schedulerConfigSchema, { ...shared, ...leaderTerm, ...replicaWait.scheduler, COREX_VERIFICATION: verification ? 'required' : 'off', ...options.nats?.scheduler, ...options.scheduler }),
  );
  const marketplace = await startMarketplace(
    marketplaceConfigSchema.parse({ ...shared, ...options.nats?.marketplace, ...options.marketplace, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: db.url, COREX_ADMIN_TOKEN: STACK_ADMIN_TOKEN }),
    { catalog: builtinCatalog() },
  );
  const log = await openEventLog({ url: shared.NATS_URL, service: 'test', ...names, credsFile: options.nats?.testCreds });
  const children: { child: ChildProcess; args: string[]; tail: string[] }[] = [];
  const childEnv = (env: Record<string, string> = {}) => ({ ...process.env, ...shared, LOG_LEVEL: 'warn', ...env });

  const api: Stack['api'] = async (method, route, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.contentType) headers['content-type'] = opts.contentType;
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const res = await fetch(`${marketplace.url}${route}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  return {
    names,
    log,
    marketplace,
    scheduler,
    trust,
    verification,
    api,
    async createAccount(name = 'acme') {
      const res = await api('POST', '/v1/accounts', { token: STACK_ADMIN_TOKEN, body: { name } });
      if (res.status !== 201) throw new Error(`account: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    nodeRunner(args, env) {
      return new Promise((resolve) => {
        execFile(process.execPath, [nodeRunnerBin, ...args], { cwd: repoRoot, env: childEnv(env), timeout: 60_000 }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
        });
      });
    },
    spawnNodeRunner(args, env) {
      const child = spawn(process.execPath, [nodeRunnerBin, ...args], { cwd: repoRoot, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
      // Writes to a pipe are synchronous on Linux: left unread, a pipe fills (64 KB) and the node
      // blocks on its next line, missing its renewals and heartbeats. Drained here, keeping the last
      // log lines for diagnose(); a test may still listen.
      const tail: string[] = [];
      child.stdout?.on('data', () => undefined);
      child.stderr?.on('data', (chunk: Buffer) => {
        tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        tail.splice(0, Math.max(0, tail.length - 10));
      });
      children.push({ child, args, tail });
      return child;
    },
    home: (name) => path.join(homes, name),
    diagnose(jobId) {
      const nodes = children.map(({ child, args, tail }) => {
        const state = child.exitCode === null && child.signalCode === null ? 'running' : `exited (${child.exitCode ?? child.signalCode})`;
        return `node-runner ${args.join(' ')}: pid ${child.pid}, ${state}${tail.length ? `; last lines:\n  ${tail.join('\n  ')}` : ''}`;
      });
      return [`scheduler's view of job ${jobId}: ${JSON.stringify(scheduler.describeJob(jobId))}`, ...nodes].join('\n');
    },
    async close() {
      for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await marketplace.close();
      await scheduler.close();
      for (const t of trust) await t.close();
      await log.jsm.streams.delete(names.stream).catch(() => undefined);
      await log.jsm.streams.delete(`OBJ_${names.prefix}-blobs`).catch(() => undefined);
      await log.jsm.streams.delete(uploadStreamName(names.prefix)).catch(() => undefined);
      await log.close();
      await db.drop();
      await rm(homes, { recursive: true, force: true });
    },
  };
}

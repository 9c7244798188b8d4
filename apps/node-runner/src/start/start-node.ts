import os from 'node:os';
import { connect } from '@nats-io/transport-node';
import { natsConnectionOptions, taskBucketName } from '@corex/eventstore';
import { serveOps, type Logger, type RunningOpsServer } from '@corex/platform';
import type { NodeRunnerConfig } from '../config';
import { ExecutorPool } from '../execute/pool/executor-pool';
import { listDatasets } from '../federation/federation-home';
import { loadOrCreateIdentity } from '../identity/node-identity';
import { join } from '../join/join';
import { exitCodes, formatJoinOutcome, type CliResult } from '../join/join-output';
import { NetworkUnreachableError } from '../join/request-registration';
import { jsonProgress } from './progress/json-progress';
import { ttyProgress } from './progress/tty-progress';
import { startHeartbeatThread } from './heartbeat-thread';
import { keepNatsUserFresh, renewOverConnection } from './renew-nats-user';
import { natsWorkClient } from './work-client';
import { ChallengeRunner, natsChallengeClient } from './challenge-runner';
import { nodeConnectionOptions, type NodeNatsAuth } from '../nats/node-connection';
import { Worker } from './worker';
import { createNodeOps } from './node-ops';

export interface StartNodeOptions {
  home: string;
  name?: string;
  slots: number;
  memoryBudgetBytes: number;
  /** Progress as JSON lines on stdout even on a terminal. */
  json: boolean;
  config: NodeRunnerConfig;
  /** The join user's creds file on a secured network. */
  credsFile?: string;
  logger: Logger;
  /** Resolves (with the signal's name) when the node should shut down. */
  shutdown: Promise<string>;
}

/**
 * `node-runner start`: joins (idempotent), then works until `shutdown` resolves, then finishes
 * or releases what it is running and disconnects. Exit 0 after a clean stop.
 */
export async function startNode(options: StartNodeOptions): Promise<CliResult> {
  const { config, logger } = options;
  const target = { natsUrl: config.NATS_URL, subjectPrefix: config.COREX_SUBJECT_PREFIX, timeoutMs: config.COREX_REQUEST_TIMEOUT_MS, credsFile: options.credsFile };
  const joined = await join({ ...target, home: options.home, name: options.name, logger });
  if (!joined.reply.ok) return formatJoinOutcome(joined, options.json);
  const identity = await loadOrCreateIdentity(options.home, logger);
  const executionProvider = joined.hardware.executionProviders[0] ?? 'cpu';
  // From here on the node is its own NATS user (when the network issued one at join).
  const auth: NodeNatsAuth = { nodeId: identity.nodeId, seed: identity.seed, jwt: joined.reply.natsJwt };

  const nc = await connect({ servers: config.NATS_URL, name: 'corex-node-runner', ...natsConnectionOptions, ...nodeConnectionOptions(auth) }).catch(
    (err: Error) => {
      throw new NetworkUnreachableError(`cannot reach NATS at ${config.NATS_URL}: ${err.message}`);
    },
  );
  let pool: ExecutorPool | undefined;
  let stopHeartbeats: (() => Promise<void>) | undefined;
  let stopRenewal: (() => void) | undefined;
  let ops: RunningOpsServer | undefined;
  try {
    const prefix = config.COREX_SUBJECT_PREFIX;
    const blobs = { kind: 'nats', url: config.NATS_URL, bucket: taskBucketName(prefix), prefix, node: auth } as const;
    // One executor thread per core at most: slots beyond the cores are fragments fetching or
    // uploading while others compute (measured, 8 slots on 2 cores: 2 threads ran 1.9x the rows of 8).
    const cores = os.availableParallelism();
    const federation = { home: options.home, nodeId: identity.nodeId };
    const executor = new ExecutorPool({ threads: Math.min(options.slots, cores), cores, executionProvider, blobs, federation, logger });
    pool = executor;
    await executor.ready();
    const beats = startHeartbeatThread({ ...target, ...auth, intervalMs: config.COREX_HEARTBEAT_MS });
    stopHeartbeats = beats.stop;
    stopRenewal = keepNatsUserFresh({
      auth,
      renew: renewOverConnection(nc, { ...target, home: options.home, name: options.name }, auth, joined),
      onRenewed: (jwt) => {
        beats.renewNatsUser(jwt);
        executor.renewNatsUser(jwt);
      },
      logger,
    });
    const interactive = !options.json && process.stdout.isTTY && process.stderr.isTTY;
    const progress = interactive ? ttyProgress({ nodeId: identity.nodeId, slots: options.slots }) : jsonProgress();
    const client = natsWorkClient(nc, { ...target, nodeId: identity.nodeId, seed: identity.seed });
    const challenges = new ChallengeRunner({
      client: natsChallengeClient(nc, { ...target, nodeId: identity.nodeId, seed: identity.seed }),
      report: (message, fields) => progress.node(message, fields),
      logger,
    });
    const worker = new Worker(
      {
        slots: options.slots,
        memoryBudgetBytes: options.memoryBudgetBytes,
        heartbeatMs: config.COREX_HEARTBEAT_MS,
        idleBackoffCapMs: config.COREX_IDLE_BACKOFF_MS,
        retry: { initialMs: 100, capMs: config.COREX_IDLE_BACKOFF_MS },
        resultAttempts: 5,
      },
      {
        client: { ...client, heartbeat: beats.heartbeat },
        execute: (task, sealing) => executor.execute(task, sealing),
        progress,
        logger,
        onChallenge: (challengeId) => challenges.run(challengeId),
      },
    );
    // Which federations' phases this node can run (datasets added later are read when a phase runs).
    const federations = (await listDatasets(options.home)).map((d) => d.federation);
    const port = config.COREX_NODE_HTTP_PORT;
    if (port !== undefined) ops = await serveOps(createNodeOps(nc, worker, options.slots), { port, host: config.COREX_NODE_HTTP_HOST });
    progress.node('node started', { nodeId: identity.nodeId, status: joined.reply.status, slots: options.slots, executionProvider, federations, ...(ops && { opsUrl: ops.url }) });
    worker.start();
    const signal = await options.shutdown;
    progress.node(`${signal}: finishing running fragments`, { graceMs: config.COREX_SHUTDOWN_GRACE_MS });
    const { totals } = await worker.stop(config.COREX_SHUTDOWN_GRACE_MS);
    await challenges.settle();
    // Its leases are finished or released by now: leaving spares the scheduler waiting for missed heartbeats.
    const left = await client.leave('shutdown').catch((err: Error) => ({ ok: false as const, code: 'NODE.UNAVAILABLE', message: err.message }));
    if (!left.ok) logger.warn({ code: left.code, reason: left.message }, 'leave not acknowledged; the network will notice the silence');
    progress.close(totals);
    return { exitCode: exitCodes.ok };
  } finally {
    await ops?.close();
    stopRenewal?.();
    await stopHeartbeats?.();
    await pool?.close();
    await nc.close();
  }
}

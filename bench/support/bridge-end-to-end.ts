/**
 * End-to-end timing for the bridge bench: a trivial inference task submitted on BSC's TaskPortal
 * until the portal records it completed (guardian VAA → bridge → marketplace job → node-runner →
 * TaskStatus VAA → TaskPortal.receiveStatus), beside the same job submitted straight to the
 * marketplace REST API until JobCompleted (the baseline: the ratio is the bridge's overhead).
 * The setup is apps/bridge's int test: anvils 1 and 56 with real cores, the devnet guardian in
 * process, a stack without the trust services, one node-runner, and the bridge.
 */
import { performance } from 'node:perf_hooks';
import { toUtf8Bytes } from 'ethers';
import { CrossChainStatusDelivered, JobCompleted, type CrossChainStatusDeliveredData, type JobCompletedData } from '@corex/events';
import { bridgeConfigSchema } from '../../apps/bridge/src/config';
import { startBridge, type RunningBridge } from '../../apps/bridge/src/start-bridge';
import { CXT, startBridgeChains, type BridgeChains } from '../../apps/bridge/test/bridge-chains';
import { createTestDatabase, NATS_URL } from '../../test/support/infra';
import { startStack, type Stack } from '../../test/support/stack';
import { waitForEvent } from '../../test/support/wait-for-event';
import { median, result, type BenchResult } from '../report';

const ROUNDS = 3;
const JOB = { type: 'inference', model: 'penguins-mlp', dataset: 'penguins', budget: '5', params: { batchRows: 200 } };
const TASK_COMPLETED = 3n;
const TIMEOUT_MS = 150_000;

interface Running {
  chains: BridgeChains;
  stack: Stack;
  bridge: RunningBridge;
  apiKey: string;
  stop(): Promise<void>;
}

async function start(): Promise<Running> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const chains = await startBridgeChains();
    stops.push(() => chains.stop());
    const stack = await startStack({ trust: false });
    stops.push(() => stack.close());
    const bridgeAccount = await stack.createAccount('bridge');
    const direct = await stack.createAccount('direct');
    stack.spawnNodeRunner(['start', '--json', '--home', stack.home('a'), '--name', 'node-a', '--slots', '2']);
    const db = await createTestDatabase();
    stops.push(db.drop);
    const bridge = await startBridge(
      bridgeConfigSchema.parse({
        NATS_URL,
        COREX_STREAM: stack.names.stream,
        COREX_SUBJECT_PREFIX: stack.names.prefix,
        DATABASE_URL: db.url,
        LOG_LEVEL: process.env.COREX_TEST_LOG_LEVEL ?? 'silent',
        COREX_DEPLOYMENT_FILE: chains.deploymentFile,
        COREX_BRIDGE_KEY: chains.bridgeKey,
        COREX_BRIDGE_API_KEY: bridgeAccount.apiKey,
        COREX_BRIDGE_ACCOUNT_ID: bridgeAccount.id,
        COREX_MARKETPLACE_URL: stack.marketplace.url,
        COREX_BRIDGE_PORT: '0',
        COREX_CHAIN_CONFIRMATIONS: '0',
        COREX_CHAIN_POLL_MS: '100',
      }),
    );
    stops.push(() => bridge.close());
    return { chains, stack, bridge, apiKey: direct.apiKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Milliseconds from submitTask on BSC until the portal's taskOf says completed. */
async function viaBsc(r: Running): Promise<number> {
  const started = performance.now();
  const receipt = (await (await r.chains.alicePortal.submitTask(toUtf8Bytes(JSON.stringify(JOB)), CXT(10))).wait())!;
  const taskId = receipt.logs.map((l) => r.chains.alicePortal.interface.parseLog(l)).find((p) => p?.name === 'TaskSubmitted')!.args.taskId as string;
  // The bridge records CrossChainStatusDelivered once receiveStatus is mined on BSC; taskOf confirms it.
  await waitForEvent<CrossChainStatusDeliveredData>(r.stack.log, CrossChainStatusDelivered.type, (d) => d.taskId === taskId && d.status === 'completed', TIMEOUT_MS);
  const elapsed = performance.now() - started;
  const task = await r.chains.alicePortal.taskOf(taskId);
  if (task.status !== TASK_COMPLETED) throw new Error(`task ${taskId} delivered completed but taskOf says ${task.status}`);
  return elapsed;
}

/** Milliseconds from POST /v1/jobs until JobCompleted. */
async function direct(r: Running): Promise<number> {
  const started = performance.now();
  const res = await r.stack.api('POST', '/v1/jobs', { token: r.apiKey, body: JOB });
  if (res.status !== 202) throw new Error(`job: ${res.status} ${JSON.stringify(res.body)}`);
  const jobId = res.body.id as string;
  await waitForEvent<JobCompletedData>(r.stack.log, JobCompleted.type, (d) => d.jobId === jobId, TIMEOUT_MS);
  return performance.now() - started;
}

/** Median of ROUNDS BSC tasks (ms) beside the median of ROUNDS direct jobs, after one untimed direct job warms the node. */
export async function endToEndBsc(progress: (line: string) => void): Promise<BenchResult[]> {
  const r = await start();
  try {
    await direct(r);
    const bsc: number[] = [];
    const rest: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always follows the other's leftovers.
      const pair = [async () => bsc.push(await viaBsc(r)), async () => rest.push(await direct(r))];
      for (const step of round % 2 ? pair.reverse() : pair) await step();
      progress(`end-to-end round ${round + 1}: BSC ${bsc.at(-1)!.toFixed(0)} ms, marketplace API ${rest.at(-1)!.toFixed(0)} ms`);
    }
    progress(`end-to-end BSC each: ${bsc.map((x) => x.toFixed(0)).join(', ')} ms; marketplace API each: ${rest.map((x) => x.toFixed(0)).join(', ')} ms`);
    return [result('bridge', 'bsc_task_submit_to_completed_on_bsc_ms', median(bsc), { baseline: median(rest) })];
  } finally {
    await r.stop();
  }
}

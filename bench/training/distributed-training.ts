import { performance } from 'node:perf_hooks';
import { trainMlp } from '@corex/compute';
import { JobCompleted, JobFailed, NodeRegistered } from '@corex/events';
import { openHarness, trainUnderAttack } from '../../test/support/byzantine-harness';
import { startStack } from '../../test/support/stack';
import { until } from '../../test/support/until';
import { eventsOfType, waitForEvent } from '../../test/support/wait-for-event';
import { result, type BenchResult } from '../report';

const NODES = 4;
const PARAMS = { epochs: 30, shards: NODES };
const LEARNING_RATE = 0.5;

/**
 * The penguins training job (dataset-sized MLP, 30 SGD steps, seed 1) three ways in one run:
 * single-process full-batch training (trainMlp), the same data-parallel step in one process
 * (4 shards' gradients one after another, averaged), and (unless TRAINING_BENCH_STACK=0) the real
 * network: marketplace and scheduler in this process, 4 node-runner processes, no verifier.
 */
export async function distributedFigures(progress: (line: string) => void): Promise<BenchResult[]> {
  const harness = await openHarness(NODES, PARAMS);
  try {
    // Warm-up: onnxruntime's first session pays for loading; both sides below run warm.
    await trainMlp(harness.train, { shape: harness.shape, steps: 1, learningRate: LEARNING_RATE, seed: harness.seed });
    let start = performance.now();
    const single = await trainMlp(harness.train, { shape: harness.shape, steps: PARAMS.epochs, learningRate: LEARNING_RATE, seed: harness.seed });
    const singleMs = performance.now() - start;
    const singleAccuracy = await harness.heldOutAccuracy(single.weights);
    start = performance.now();
    const sharded = await trainUnderAttack(harness, { rule: 'mean', attack: 'none', byzantine: [], steps: PARAMS.epochs, learningRate: LEARNING_RATE });
    const shardedMs = performance.now() - start;
    progress(`single process ${singleMs.toFixed(0)} ms, ${(singleAccuracy * 100).toFixed(2)} %; 4 shards in one process ${shardedMs.toFixed(0)} ms, ${(sharded.accuracy * 100).toFixed(2)} %`);
    const b = 'training';
    const out = [
      result(b, 'single_process_training_ms', singleMs),
      result(b, 'single_process_accuracy_pct', singleAccuracy * 100),
      result(b, 'sharded_in_process_training_ms', shardedMs, { baseline: singleMs }),
      result(b, 'sharded_in_process_accuracy_pct', sharded.accuracy * 100, { baseline: singleAccuracy * 100 }),
    ];
    if (process.env.TRAINING_BENCH_STACK === '0') {
      progress('TRAINING_BENCH_STACK=0: the real network run is skipped');
      return out;
    }
    const network = await onNetwork(progress).catch((err: Error) => {
      // The other figures stand; the missing network run shows as a missed target, not silence.
      progress(`the real network run failed: ${err.message}`);
      return null;
    });
    out.push(result(b, 'distributed_network_run_completed', network ? 1 : 0, { target: 1 }));
    if (!network) return out;
    out.push(
      result(b, `distributed_${NODES}_node_runners_wall_ms`, network.ms, { baseline: singleMs }),
      result(b, `distributed_${NODES}_node_runners_accuracy_pct`, network.accuracy * 100, { baseline: singleAccuracy * 100 }),
      result(b, 'distributed_accuracy_gap_pp', Math.abs(network.accuracy - singleAccuracy) * 100),
    );
    return out;
  } finally {
    await harness.release();
  }
}

/** Submits the job to a real stack with 4 node-runner processes; wall time from submission to JobCompleted. */
async function onNetwork(progress: (line: string) => void): Promise<{ ms: number; accuracy: number }> {
  const stack = await startStack({ trust: false });
  try {
    const { apiKey } = await stack.createAccount('bench');
    for (let i = 0; i < NODES; i++) stack.spawnNodeRunner(['start', '--json', '--home', stack.home(`n${i}`), '--name', `bench-${i}`, '--slots', '1']);
    await until(async () => ((await eventsOfType(stack.log, NodeRegistered.type)).length >= NODES ? true : undefined), 'the node-runners registered', 120_000, 250);
    const start = performance.now();
    const body = { type: 'training', model: 'mlp', dataset: 'penguins', budget: '10', priority: 'normal', params: PARAMS };
    const submitted = await stack.api('POST', '/v1/jobs', { token: apiKey, body });
    if (submitted.status !== 202) throw new Error(`submission refused: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const jobId = submitted.body.id as string;
    const ended = await Promise.race([
      waitForEvent<{ jobId: string; result: { accuracy?: number } }>(stack.log, JobCompleted.type, (d) => d.jobId === jobId, 600_000),
      waitForEvent<{ jobId: string }>(stack.log, JobFailed.type, (d) => d.jobId === jobId, 600_000),
    ]);
    const ms = performance.now() - start;
    if (ended.type !== JobCompleted.type) throw new Error(`the bench job failed: ${JSON.stringify(ended.data)}`);
    const accuracy = (ended.data as { result: { accuracy?: number } }).result.accuracy ?? NaN;
    progress(`${NODES} node-runners: ${ms.toFixed(0)} ms, ${(accuracy * 100).toFixed(2)} %`);
    return { ms, accuracy };
  } finally {
    await stack.close();
  }
}

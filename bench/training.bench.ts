/**
 * Training platform (issue 13), each figure beside a baseline from the same run:
 *  - aggregation throughput (updates/s) of every rule over 20 updates of 1k and 100k parameters,
 *    beside the plain row-weighted mean (bench/training/aggregation-throughput.ts);
 *  - the penguins training job single-process, sharded in one process, and on 4 real node-runner
 *    processes (wall time and held-out accuracy; TRAINING_BENCH_STACK=0 skips the network run);
 *  - secure aggregation (pairwise masks, Shamir-shared seeds) beside plain FedAvg of the same updates.
 */
import type { BenchResult } from './report';
import { aggregationFigures } from './training/aggregation-throughput';
import { distributedFigures } from './training/distributed-training';
import { secureAggregationFigures } from './training/secure-aggregation-overhead';

const progress = (line: string) => process.stderr.write(`[training bench] ${line}\n`);

export async function run(): Promise<BenchResult[]> {
  return [...aggregationFigures(progress), ...secureAggregationFigures(progress), ...(await distributedFigures(progress))];
}

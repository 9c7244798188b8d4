/**
 * Verification cost and detection (issue 12). A network of NODES nodes, 5% of them cheaters of
 * mixed kinds (lazy zeros, lazy random, copier, replayer, duplicate, fake benchmark; half of the
 * result cheaters established, half newcomers that behave until trusted), runs a real workload:
 * inference batches and training shards planned by the scheduler's planner, computed by the node
 * runner's executor (onnxruntime), checked by the verifier's own check runner and the deciders of
 * @corex/verification-domain, with trust evolved by @corex/reputation-domain (bench/verification/).
 * The same workload, nodes and seeds then run under full 2x redundancy (every fragment replicated).
 * Figures, each beside the redundancy baseline of the same run:
 *  - extra compute (replicas + verifier recomputation + cheap checks + rechecks) as a share of the
 *    useful compute (planned FLOPs of the fragments); target ≤ 10%, shown as 10 / extra ≥ 1;
 *  - cheaters caught within 50 cheated fragments each; target ≥ 99%;
 *  - honest nodes wrongly flagged (any FraudDetected); target 0, shown as no_honest_node_flagged ≥ 1.
 * Challenge compute (join and random benchmark challenges) is reported apart: it is per node and
 * time, not per fragment.
 */
import { performance } from 'node:perf_hooks';
import type { VerificationPolicy } from '@corex/events';
import { CHALLENGE_MAX_SIZE, challengeFlops, speedOutcome } from '@corex/verification-domain';
import { result, type BenchResult } from './report';
import { runNetwork, type RunTotals } from './verification/network';
import { buildPopulation } from './verification/population';
import { buildWorkload } from './verification/workload';

const NODES = Number(process.env.VERIFICATION_BENCH_NODES ?? 160);
/** Share of honest nodes that join during the run (the rest have a verified history). */
const NEWCOMERS = 0.1;
/** About 60 fragments per node: 40% training shards, 60% inference batches. */
const TRAINING_JOBS = Math.round((NODES * 60 * 0.4) / 80);
const INFERENCE_JOBS = Math.round((NODES * 60 * 0.6) / 4);
const WITHIN = 50;
const SEED = 12;
const progress = (line: string) => process.stderr.write(`[verification bench] ${line}\n`);

interface Measured {
  extraPct: number;
  caughtPct: number;
  flagged: number;
  totals: RunTotals;
  seconds: number;
}

function measure(totals: RunTotals, seconds: number): Measured {
  const extra = totals.replicaFlops + totals.verifierFlops + totals.cheapFlops + totals.recheckFlops;
  const caught = totals.cheaters.filter((c) => c.caughtAtCheat !== null && c.caughtAtCheat <= WITHIN).length;
  return { extraPct: (100 * extra) / totals.usefulFlops, caughtPct: (100 * caught) / totals.cheaters.length, flagged: totals.honestFlagged.size, totals, seconds };
}

export async function run(): Promise<BenchResult[]> {
  const load = buildWorkload(INFERENCE_JOBS, TRAINING_JOBS);
  const nodes = buildPopulation(NODES, NEWCOMERS, SEED);
  progress(`${NODES} nodes (${nodes.filter((n) => n.kind !== 'honest').length} cheaters), ${load.works.length} fragments`);
  try {
    const runs: Record<string, Measured> = {};
    for (const [name, policy] of [['adaptive', undefined], ['redundancy', { mode: 'redundancy', factor: 2 }]] as [string, VerificationPolicy | undefined][]) {
      const started = performance.now();
      const totals = await runNetwork(policy, nodes, load, SEED);
      runs[name] = measure(totals, (performance.now() - started) / 1000);
      report(name, runs[name]!);
    }
    return figures(runs['adaptive']!, runs['redundancy']!);
  } finally {
    load.close();
  }
}

function report(name: string, m: Measured): void {
  const t = m.totals;
  const pct = (x: number) => `${((100 * x) / t.usefulFlops).toFixed(2)}%`;
  progress(`${name}: ${m.seconds.toFixed(1)} s, ${t.rounds} rounds, extra ${m.extraPct.toFixed(2)}% (replicas ${pct(t.replicaFlops)}, recompute ${pct(t.verifierFlops)}, cheap checks ${pct(t.cheapFlops)}, rechecks ${pct(t.recheckFlops)}), redone ${t.redone}`);
  for (const c of t.cheaters) progress(`  ${c.kind}${c.newcomer ? ' (newcomer)' : ''}: ${c.cheats} cheats, caught ${c.caughtAtCheat === null ? 'never' : `at cheat ${c.caughtAtCheat} (${c.caughtBy})`}`);
  progress(`  honest: ${m.flagged} flagged, ${t.honestEscalated} escalated, ${t.honestRejected} rejected; ${t.challenges} challenges`);
}

function figures(a: Measured, r: Measured): BenchResult[] {
  const b = 'verification';
  const share = (x: number, t: RunTotals) => (100 * x) / t.usefulFlops;
  const out = [
    result(b, 'extra_compute_pct_of_useful', a.extraPct, { baseline: r.extraPct }),
    result(b, 'ten_pct_over_extra_compute', 10 / a.extraPct, { target: 1 }),
    result(b, `cheaters_caught_within_${WITHIN}_pct`, a.caughtPct, { baseline: r.caughtPct }),
    result(b, `cheaters_caught_within_${WITHIN}_pct_vs_99`, a.caughtPct, { target: 99 }),
    result(b, 'honest_nodes_wrongly_flagged', a.flagged, { baseline: r.flagged }),
    result(b, 'no_honest_node_flagged', a.flagged === 0 ? 1 : 0, { target: 1 }),
    result(b, 'replica_pct_of_useful', share(a.totals.replicaFlops, a.totals), { baseline: share(r.totals.replicaFlops, r.totals) }),
    result(b, 'recompute_pct_of_useful', share(a.totals.verifierFlops, a.totals), { baseline: share(r.totals.verifierFlops, r.totals) }),
    result(b, 'cheap_check_pct_of_useful', share(a.totals.cheapFlops, a.totals), { baseline: share(r.totals.cheapFlops, r.totals) }),
    result(b, 'recheck_pct_of_useful', share(a.totals.recheckFlops, a.totals), { baseline: share(r.totals.recheckFlops, r.totals) }),
    result(b, 'honest_results_escalated', a.totals.honestEscalated, { baseline: r.totals.honestEscalated }),
    result(b, 'honest_results_rejected', a.totals.honestRejected, { baseline: r.totals.honestRejected }),
    result(b, 'fragments_redone', a.totals.redone, { baseline: r.totals.redone }),
    result(b, 'challenge_node_gflop', a.totals.challengeNodeFlops / 1e9, { baseline: r.totals.challengeNodeFlops / 1e9 }),
  ];
  // A cheater that fakes only sampled-rows work (inference) and computes every gradient is caught only by the spot-check draw:
  // within 50 fragments with probability 1 - (1 - p)^50, p its spot-check probability (trusted honest nodes' p at the end of the run).
  const p = [...a.totals.trustedSpotCheck].sort((x, y) => x - y);
  const within = (q: number) => 100 * (1 - (1 - q) ** WITHIN);
  out.push(
    result(b, 'spot_check_pct_trusted_median', 100 * (p[p.length >> 1] ?? NaN)),
    result(b, 'spot_check_pct_trusted_min', 100 * (p[0] ?? NaN)),
    result(b, `inference_only_cheater_caught_within_${WITHIN}_pct_at_min_spot_check`, within(p[0] ?? 0), { target: 99 }),
  );
  out.push(result(b, 'challenge_any_claim_confirmed_from_true_gflops', anyClaimConfirmedFrom()));
  for (const c of a.totals.cheaters) {
    const base = r.totals.cheaters.find((x) => x.nodeId === c.nodeId)!;
    // Cheated fragments sent until the first FraudDetected; -1: never caught.
    out.push(result(b, `cheats_until_caught_${c.kind}${c.newcomer ? '_newcomer' : ''}`, c.caughtAtCheat ?? -1, { baseline: base.caughtAtCheat ?? -1 }));
  }
  return out;
}

/**
 * The true speed from which a node answering a size-capped challenge (CHALLENGE_MAX_SIZE) is
 * `confirmed` whatever it claims: the judge's overhead allowance then covers the whole answer.
 */
function anyClaimConfirmedFrom(): number {
  const flops = challengeFlops(CHALLENGE_MAX_SIZE);
  for (let gflops = 1; gflops < 10_000; gflops += 0.5) {
    if (speedOutcome({ size: CHALLENGE_MAX_SIZE, claimedGflops: 1e6 }, flops / (gflops * 1e6)) === 'confirmed') return gflops;
  }
  return NaN;
}

/**
 * The nodes of the verification bench and what each sends for a fragment. Honest nodes send the
 * executor's real output (half of them with float noise of the order other hardware gives);
 * cheaters behave as test/adversaries does: lazy (zeros on every fragment; or random values of
 * the right shape on inference fragments only, computing the gradients that are cheap-checked anyway),
 * copier (commits to a placeholder, reveals a group member's result), replayer (its own earlier
 * result of another task with the same row count), duplicate (an honest result, then a second
 * different signed result for the same lease), fake benchmark (honest work; a 20 GFLOP/s node claiming 5000).
 */
import { encodeTensorMap, SeededRandom, type TensorMap } from '@corex/compute';
import type { Work, Workload } from './workload';

export const cheaterKinds = ['lazy-zeros', 'lazy-random', 'copier', 'replayer', 'duplicate', 'fake-benchmark'] as const;
export type CheaterKind = (typeof cheaterKinds)[number];
export type NodeKind = 'honest' | CheaterKind;

export interface SimNode {
  id: string;
  kind: NodeKind;
  /** Verified fragments before the run (0: joins during the run, with a join challenge). */
  priorVerified: number;
  claimedGflops: number;
  /** What it really does: its challenge answers take 2·size³ at this speed. */
  trueGflops: number;
  /** Honest fragments sent before it starts cheating (a patient cheater earns trust first). */
  patience: number;
  /** Output noise relative to each value (a different CPU); 0 for bit-identical results. */
  noise: number;
}

/** What a node sends for one lease. */
export type Submission =
  | { kind: 'result'; hash: string; cheated: boolean; duplicateHash?: string }
  | { kind: 'copy'; cheated: true }
  | { kind: 'release' };

const nodeId = (i: number) => `N${String(i).padStart(55, '0')}`.replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[Number(d)]!);

/**
 * `count` nodes, 5% of them cheaters (one per kind in turn), the rest honest. Most nodes are
 * established (a verified history from before the run); the newcomers join during it.
 */
export function buildPopulation(count: number, newcomerShare: number, seed: number): SimNode[] {
  const random = new SeededRandom(seed);
  const cheaters = Math.round(count * 0.05);
  const nodes: SimNode[] = [];
  for (let i = 0; i < count; i++) {
    const kind: NodeKind = i < cheaters ? cheaterKinds[i % cheaterKinds.length]! : 'honest';
    // Cheaters alternate between newcomers and established nodes, the other way round on each pass over the kinds.
    const alternate = ((i % cheaterKinds.length) + Math.floor(i / cheaterKinds.length)) % 2 === 0;
    const isNew = kind === 'copier' || kind === 'fake-benchmark' || (kind === 'honest' ? random.next() < newcomerShare : alternate);
    const node: SimNode = {
      id: nodeId(i),
      kind,
      priorVerified: isNew ? 0 : 20 + random.int(400),
      // Honest claims are true, 1..1000 GFLOP/s (log-uniform); established cheaters are top nodes (1000: the
      // highest reputation, the lowest spot-check rate); the fake is a 20 GFLOP/s CPU claiming 5000.
      claimedGflops: kind === 'fake-benchmark' ? 5000 : kind !== 'honest' && !isNew ? 1000 : Math.round(10 ** (3 * random.next())),
      trueGflops: 0,
      // New lazy nodes and replayers behave until trusted; established cheaters cheat at once.
      patience: isNew && kind !== 'copier' ? 10 : 0,
      noise: kind === 'honest' ? honestNoise(random.next()) : 0,
    };
    nodes.push({ ...node, trueGflops: kind === 'fake-benchmark' ? 20 : node.claimedGflops });
  }
  return nodes;
}

/** Half the honest nodes send bit-identical results; a third differ by 1e-6 relative (another CPU), a sixth by 3e-5 (fused or reduced-precision kernels). */
function honestNoise(u: number): number {
  return u < 0.5 ? 0 : u < 5 / 6 ? 1e-6 : 3e-5;
}

/** What a node has sent so far (the replayer's memory, the patience count). */
export interface NodeMemory {
  sent: number;
  byRows: Map<number, { taskKey: string; hash: string }>;
}

/** A node's submission for `work`; `partnerHash` is a group member's revealed result (what a copier copies). */
export async function submit(node: SimNode, memory: NodeMemory, work: Work, load: Workload, partnerHash: string | null, random: SeededRandom): Promise<Submission> {
  const honest = await load.honest(work);
  const selective = node.kind === 'lazy-random' && work.task.kind === 'gradient';
  const behave = memory.sent++ < node.patience || node.kind === 'honest' || node.kind === 'fake-benchmark' || selective;
  if (behave) {
    if (node.kind === 'replayer') memory.byRows.set(work.task.rows, { taskKey: work.taskKey, hash: honest.hash });
    return { kind: 'result', hash: honestHash(node, honest, load, random), cheated: false };
  }
  switch (node.kind) {
    case 'lazy-zeros':
      return { kind: 'result', hash: load.blobs.putSync(encodeTensorMap(filled(honest.outputs, () => 0))), cheated: true };
    case 'lazy-random':
      return { kind: 'result', hash: load.blobs.putSync(encodeTensorMap(filled(honest.outputs, () => random.next()))), cheated: true };
    case 'copier':
      return partnerHash ? { kind: 'copy', cheated: true } : { kind: 'release' };
    case 'duplicate': {
      const second = load.blobs.putSync(encodeTensorMap(filled(honest.outputs, (v) => v * 1.01 + 1e-3)));
      return { kind: 'result', hash: honest.hash, cheated: true, duplicateHash: second };
    }
    case 'replayer': {
      const old = memory.byRows.get(work.task.rows);
      if (old && old.taskKey !== work.taskKey) return { kind: 'result', hash: old.hash, cheated: true };
      memory.byRows.set(work.task.rows, { taskKey: work.taskKey, hash: honest.hash });
      return { kind: 'result', hash: honest.hash, cheated: false };
    }
    default:
      throw new Error(`no behaviour for ${node.kind}`);
  }
}

function honestHash(node: SimNode, honest: { hash: string; outputs: TensorMap }, load: Workload, random: SeededRandom): string {
  if (node.noise === 0) return honest.hash;
  return load.blobs.putSync(encodeTensorMap(filled(honest.outputs, (v) => v * (1 + node.noise * random.normal()))));
}

/** The same outputs (names, dims) with each float value replaced. */
function filled(outputs: TensorMap, value: (v: number) => number): TensorMap {
  const out: TensorMap = {};
  for (const [name, t] of Object.entries(outputs)) {
    out[name] = { dims: t.dims, data: t.data instanceof Float32Array ? t.data.map((v) => value(v)) : t.data };
  }
  return out;
}

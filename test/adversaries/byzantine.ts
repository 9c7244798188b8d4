import type { Assignment } from '@corex/node-protocol';
import { decodeTensorMap, encodeTensorMap, type TensorMap } from '@corex/compute';
import { byzantine, littleIsEnoughZ } from '@corex/training-domain';
import type { Behaviour, BehaviourContext } from './behaviours';
import { commitAndReveal } from './reveal';
import { withHash } from './task-compute';

/** Gradient outputs of the MLP graph (dW1, db1, …) and of trainable uploads (grad_<parameter>); the loss stays honest. */
const GRADIENT_OUTPUT = /^(d[Wb]\d+|grad_.+)$/;

/**
 * "A little is enough" needs the honest updates' per-coordinate mean and spread, which one node
 * does not see. It approximates them by its own gradient g and a spread of half |g| (across 5
 * penguins shards at the job's initial weights, the per-coordinate std is 0.23–0.56 of |g|,
 * quartiles, median 0.30), with z_max for the network the e2e runs (5 updates a step, 1
 * Byzantine): g − z·0.5·|g| per coordinate.
 */
const ALIE_NODES = 5;
const ALIE_BYZANTINE = 1;
const ALIE_SPREAD = 0.5;

type Corruption = (gradient: Float32Array) => Float32Array;

const corruptions = {
  'byzantine-sign-flip': (g: Float32Array) => byzantine.signFlip(g),
  'byzantine-scale': (g: Float32Array) => byzantine.scale(g, 100),
  'byzantine-alie': (g: Float32Array) => {
    const z = littleIsEnoughZ(ALIE_NODES, ALIE_BYZANTINE);
    return g.map((x) => x - z * ALIE_SPREAD * Math.abs(x));
  },
} satisfies Record<string, Corruption>;

export type ByzantineKind = keyof typeof corruptions;
export const byzantineKinds = Object.keys(corruptions) as ByzantineKind[];

/** Every gradient tensor of a result blob corrupted, the rest (loss, dims, names) unchanged. */
export function corruptGradients(bytes: Uint8Array, corrupt: Corruption): Uint8Array {
  const outputs = decodeTensorMap(bytes);
  const changed: TensorMap = {};
  for (const [name, t] of Object.entries(outputs)) {
    changed[name] = GRADIENT_OUTPUT.test(name) && t.data instanceof Float32Array ? { dims: t.dims, data: corrupt(t.data) } : t;
  }
  return encodeTensorMap(changed);
}

/**
 * A Byzantine trainer: computes each gradient fragment honestly with onnxruntime, then sends a
 * corrupted gradient, committed and revealed by the protocol's rules (only the values lie).
 * Fragments of other kinds it computes honestly.
 */
export function byzantineBehaviour(kind: ByzantineKind): Behaviour {
  return async (a: Assignment, ctx: BehaviourContext) => {
    const real = await ctx.compute.run(a.task, a.sealing);
    if (a.task.kind !== 'gradient') {
      const outcome = await commitAndReveal(ctx.wire, ctx.compute, a, { result: real });
      return ctx.report('submitted', { kind: 'honest', fragmentId: a.fragmentId, leaseId: a.leaseId, resultHash: outcome.resultHash, reveal: outcome.reveal });
    }
    const result = { ...real, ...withHash(corruptGradients(real.bytes, corruptions[kind])) };
    const outcome = await commitAndReveal(ctx.wire, ctx.compute, a, { result });
    ctx.report('cheated', { kind, fragmentId: a.fragmentId, jobId: a.jobId, leaseId: a.leaseId, resultHash: outcome.resultHash, commit: outcome.commit, reveal: outcome.reveal });
  };
}

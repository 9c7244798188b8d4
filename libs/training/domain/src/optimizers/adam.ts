/** Adam's moments and step counter, kept between steps (stored as a blob by the scheduler). */
export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  /** Steps taken so far. */
  t: number;
}

/** Adam hyper-parameters; the betas and epsilon default to Kingma & Ba's 0.9, 0.999 and 1e-8. */
export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Zero moments for a parameter vector of `length`, before the first step. */
export function initialAdamState(length: number): AdamState {
  return { m: new Float32Array(length), v: new Float32Array(length), t: 0 };
}

/**
 * One Adam step with bias correction (Kingma & Ba 2015, algorithm 1). Returns new parameters and
 * a new state; the inputs are not modified.
 */
export function adamStep(
  params: Float32Array,
  gradient: Float32Array,
  state: AdamState,
  options: AdamOptions,
): { params: Float32Array; state: AdamState } {
  const { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  const n = params.length;
  if (gradient.length !== n || state.m.length !== n || state.v.length !== n) {
    throw new RangeError(`lengths differ: params ${n}, gradient ${gradient.length}, moments ${state.m.length}/${state.v.length}`);
  }
  const t = state.t + 1;
  const correction1 = 1 - beta1 ** t;
  const correction2 = 1 - beta2 ** t;
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  const next = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const g = gradient[j];
    const mj = beta1 * state.m[j] + (1 - beta1) * g;
    const vj = beta2 * state.v[j] + (1 - beta2) * g * g;
    m[j] = mj;
    v[j] = vj;
    next[j] = params[j] - (learningRate * (mj / correction1)) / (Math.sqrt(vj / correction2) + epsilon);
  }
  return { params: next, state: { m, v, t } };
}

/** Plain gradient descent: params − learningRate·gradient, as a new vector. */
export function sgdStep(params: Float32Array, gradient: Float32Array, learningRate: number): Float32Array {
  if (params.length !== gradient.length) throw new RangeError(`lengths differ: ${params.length} vs ${gradient.length}`);
  const next = new Float32Array(params.length);
  for (let j = 0; j < params.length; j++) next[j] = params[j] - learningRate * gradient[j];
  return next;
}

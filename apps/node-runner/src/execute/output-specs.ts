import type { TensorSpec } from '@corex/compute';

/** What onnxruntime declares of a graph input or output: its element type and shape, some dims symbolic. */
export interface ValueDeclaration {
  readonly name: string;
  readonly type?: string;
  readonly shape?: ReadonlyArray<number | string>;
}

/**
 * The exact shapes of `wanted` outputs, before running the graph: every symbolic dim of an output
 * (e.g. the batch `N`) must be bound by a feed whose declared shape has the same symbol. Null when
 * any output stays unknown (an unbound or unnamed dim, a type the tensor-map format lacks) or two
 * feeds disagree on a symbol; the caller then lets onnxruntime allocate the outputs.
 */
export function resolveOutputSpecs(
  inputs: readonly ValueDeclaration[],
  outputs: readonly ValueDeclaration[],
  feeds: Readonly<Record<string, { readonly dims: readonly number[] }>>,
  wanted: readonly string[],
): TensorSpec[] | null {
  const symbols = bindSymbols(inputs, feeds);
  if (!symbols) return null;
  const specs: TensorSpec[] = [];
  for (const name of wanted) {
    const declared = outputs.find((o) => o.name === name);
    if (!declared?.shape || (declared.type !== 'float32' && declared.type !== 'int64')) return null;
    const dims = declared.shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : symbols.get(String(dim))));
    if (dims.some((dim) => dim === undefined)) return null;
    specs.push({ name, dtype: declared.type, dims: dims as number[] });
  }
  return specs;
}

function bindSymbols(inputs: readonly ValueDeclaration[], feeds: Readonly<Record<string, { readonly dims: readonly number[] }>>): Map<string, number> | null {
  const symbols = new Map<string, number>();
  for (const input of inputs) {
    const fed = feeds[input.name];
    if (!fed || !input.shape) continue;
    if (input.shape.length !== fed.dims.length) return null;
    for (const [axis, dim] of input.shape.entries()) {
      if (typeof dim !== 'string' || dim === '') continue;
      const bound = symbols.get(dim);
      if (bound !== undefined && bound !== fed.dims[axis]) return null;
      symbols.set(dim, fed.dims[axis]!);
    }
  }
  return symbols;
}

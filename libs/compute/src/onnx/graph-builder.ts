import { onnx } from 'onnx-proto';

/** Element types the built-in graphs use. */
export type ElementType = 'float' | 'int64';

/** A dimension: a fixed size, or a symbolic name such as `N` for the batch. */
export type Dimension = number | string;

type AttributeValue = number | readonly number[];

const OPSET_VERSION = 13;
// IR version 7 is the one that goes with opset 13.
const IR_VERSION = 7;

const DATA_TYPES: Record<ElementType, onnx.TensorProto.DataType> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

/**
 * Accumulates an ONNX graph (opset 13, default domain only) and serializes it to model bytes.
 * `op` returns the name of the value it produces, so graphs read as chains of calls.
 */
export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly metadata: onnx.IStringStringEntryProto[] = [];
  private valueCount = 0;

  constructor(private readonly graphName: string) {}

  /** Declares a graph input and returns its name. */
  input(name: string, type: ElementType, dims: readonly Dimension[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, type: ElementType, dims: readonly Dimension[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** Adds an int64 constant (initializer) and returns its name. */
  int64Constant(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    this.initializers.push({ name, dims: [...dims], dataType: DATA_TYPES.int64, int64Data: [...values] });
    return name;
  }

  /** Adds a float constant (initializer) and returns its name. */
  floatConstant(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    this.initializers.push({ name, dims: [...dims], dataType: DATA_TYPES.float, floatData: [...values] });
    return name;
  }

  /** Adds a float32 initializer holding `values` as raw little-endian bytes (large weights stay compact). */
  floatTensor(name: string, values: Float32Array, dims: readonly number[]): string {
    const rawData = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dims: [...dims], dataType: DATA_TYPES.float, rawData });
    return name;
  }

  /** Adds a key/value pair to the model's metadata_props. */
  addMetadata(key: string, value: string): void {
    this.metadata.push({ key, value });
  }

  /** Adds a node; its single output is named `outputName` or given a fresh name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    outputName?: string,
  ): string {
    const output = outputName ?? `${opType.toLowerCase()}_${this.valueCount++}`;
    this.nodes.push({
      opType,
      name: `${opType}_${this.nodes.length}`,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attribute(name, value)),
    });
    return output;
  }

  /** Converts a value to another element type. */
  cast(value: string, to: ElementType): string {
    return this.op('Cast', [value], { to: DATA_TYPES[to] });
  }

  /** Serializes the model; the bytes load with `InferenceSession.create(bytes)`. */
  toBytes(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: '@corex/compute',
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      ...(this.metadata.length ? { metadataProps: this.metadata } : {}),
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElementType, dims: readonly Dimension[]): onnx.IValueInfoProto {
  const dim = dims.map((size) => (typeof size === 'number' ? { dimValue: size } : { dimParam: size }));
  return { name, type: { tensorType: { elemType: DATA_TYPES[type], shape: { dim } } } };
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  return typeof value === 'number'
    ? { name, type: AttributeType.INT, i: value }
    : { name, type: AttributeType.INTS, ints: [...value] };
}

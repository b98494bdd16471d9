/**
 * A small ONNX graph builder over the `onnx-proto` protobuf schema (protobufjs): nodes with typed
 * attributes, constant initializers, typed inputs/outputs, and serialization of the ModelProto.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type OnnxNode = InstanceType<typeof onnx.NodeProto>;
const TensorType = onnx.TensorProto.DataType;

/** ONNX element types used by the converters. */
export const ElemType = {
  FLOAT: TensorType.FLOAT,
  DOUBLE: TensorType.DOUBLE,
  INT64: TensorType.INT64,
  STRING: TensorType.STRING,
} as const;
export type ElemTypeCode = (typeof ElemType)[keyof typeof ElemType];

/** An attribute value: the converters pass plain JS values with an explicit kind. */
export type AttrValue =
  | { readonly f: number }
  | { readonly i: number }
  | { readonly s: string }
  | { readonly floats: ArrayLike<number> }
  | { readonly ints: ArrayLike<number> }
  | { readonly strings: readonly string[] }
  | { readonly tensor: { readonly type: ElemTypeCode; readonly values: ArrayLike<number> } };

export const ML_DOMAIN = 'ai.onnx.ml';
/** Default-domain opset (Softmax/ArgMax/ReduceSum semantics of opset 13). */
export const ONNX_OPSET = 13;
/** ai.onnx.ml opset (3: TreeEnsembleClassifier's double thresholds `nodes_values_as_tensor`). */
export const ML_OPSET = 3;

const utf8 = new TextEncoder();

function attribute(name: string, v: AttrValue): InstanceType<typeof onnx.AttributeProto> {
  const A = onnx.AttributeProto.AttributeType;
  if ('f' in v) return onnx.AttributeProto.create({ name, type: A.FLOAT, f: v.f });
  if ('i' in v) return onnx.AttributeProto.create({ name, type: A.INT, i: v.i });
  if ('s' in v) return onnx.AttributeProto.create({ name, type: A.STRING, s: utf8.encode(v.s) });
  if ('floats' in v) {
    return onnx.AttributeProto.create({ name, type: A.FLOATS, floats: Array.from(v.floats, Math.fround) });
  }
  if ('ints' in v) return onnx.AttributeProto.create({ name, type: A.INTS, ints: Array.from(v.ints) });
  if ('tensor' in v)
    return onnx.AttributeProto.create({
      name,
      type: A.TENSOR,
      t: tensorProto('', v.tensor.type, [v.tensor.values.length], v.tensor.values),
    });
  return onnx.AttributeProto.create({
    name,
    type: A.STRINGS,
    strings: v.strings.map((s) => utf8.encode(s)),
  });
}

/** A value's declared type: a tensor with a shape (null = symbolic batch dim), or ZipMap's seq(map). */
export type ValueType =
  | { readonly tensor: ElemTypeCode; readonly shape: readonly (number | string)[] }
  | { readonly seqMapKey: ElemTypeCode };

export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private counter = 0;
  private usesMl = false;

  constructor(readonly name: string) {}

  /** A fresh value name with the given stem. */
  fresh(stem: string): string {
    return `${stem}_${this.counter++}`;
  }

  /** Adds a node; returns its output names (fresh ones when `outputs` is a count). */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: number | readonly string[],
    attrs: Record<string, AttrValue> = {},
    domain = '',
  ): string[] {
    const outs =
      typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(opType)) : [...outputs];
    if (domain === ML_DOMAIN) this.usesMl = true;
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        domain,
        name: this.fresh(`${opType}_node`),
        input: [...inputs],
        output: outs,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    return outs;
  }

  /** An ai.onnx.ml node. */
  ml(
    opType: string,
    inputs: readonly string[],
    outputs: number | readonly string[],
    attrs: Record<string, AttrValue>,
  ): string[] {
    return this.node(opType, inputs, outputs, attrs, ML_DOMAIN);
  }

  /** A constant tensor (float, double or int64 numbers, or strings); returns its name. */
  constant(
    stem: string,
    type: ElemTypeCode,
    dims: readonly number[],
    values: ArrayLike<number> | readonly string[],
  ): string {
    const name = this.fresh(stem);
    this.initializers.push(tensorProto(name, type, dims, values));
    return name;
  }

  input(name: string, type: ValueType): void {
    this.inputs.push(valueInfo(name, type));
  }

  output(name: string, type: ValueType): void {
    this.outputs.push(valueInfo(name, type));
  }

  /** The serialized ModelProto. */
  toBytes(meta: {
    producerVersion: string;
    docString?: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: this.name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    });
    const opsets = [onnx.OperatorSetIdProto.create({ domain: '', version: ONNX_OPSET })];
    if (this.usesMl) opsets.push(onnx.OperatorSetIdProto.create({ domain: ML_DOMAIN, version: ML_OPSET }));
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'autolearn',
      producerVersion: meta.producerVersion,
      docString: meta.docString ?? '',
      opsetImport: opsets,
      graph,
      metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) =>
        onnx.StringStringEntryProto.create({ key, value }),
      ),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function tensorProto(
  name: string,
  type: ElemTypeCode,
  dims: readonly number[],
  values: ArrayLike<number> | readonly string[],
): InstanceType<typeof onnx.TensorProto> {
  const t: Record<string, unknown> = { name, dataType: type, dims: [...dims] };
  if (type === ElemType.STRING) t.stringData = (values as readonly string[]).map((s) => utf8.encode(s));
  else if (type === ElemType.FLOAT) t.floatData = Array.from(values as ArrayLike<number>, Math.fround);
  else if (type === ElemType.DOUBLE) t.doubleData = Array.from(values as ArrayLike<number>);
  else t.int64Data = Array.from(values as ArrayLike<number>);
  return onnx.TensorProto.create(t);
}

function valueInfo(name: string, type: ValueType): InstanceType<typeof onnx.ValueInfoProto> {
  if ('seqMapKey' in type) {
    return onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        sequenceType: onnx.TypeProto.Sequence.create({
          elemType: onnx.TypeProto.create({
            mapType: onnx.TypeProto.Map.create({
              keyType: type.seqMapKey,
              valueType: onnx.TypeProto.create({
                tensorType: onnx.TypeProto.Tensor.create({ elemType: ElemType.FLOAT }),
              }),
            }),
          }),
        }),
      }),
    });
  }
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: type.tensor,
        shape: onnx.TensorShapeProto.create({
          dim: type.shape.map((d) =>
            typeof d === 'number'
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
              : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}

/** Decodes a serialized model (for inspection in tests and `autolearn export --check`). */
export function decodeModel(bytes: Uint8Array): InstanceType<typeof onnx.ModelProto> {
  return onnx.ModelProto.decode(bytes);
}

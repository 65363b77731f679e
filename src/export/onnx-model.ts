// A model as an ONNX graph, encoded with the ONNX protobuf definitions from
// npm (onnx-proto, protobufjs-generated). The input is `X`, float64
// [N, features]; the outputs are `probability` (P(label 1), [N, 1]) and, for
// a gbdt and a logistic model, `raw_score` (the log-odds).
//   - gbdt and forest: one ai.onnx.ml TreeEnsemble (opset 5), whose splits
//     and leaf weights are float64 tensors, so nothing is rounded to float32.
//     Splits are BRANCH_LEQ on exportThreshold's thresholds (the same
//     decisions as our float32 comparison). A gbdt sums the trees with its
//     starting log-odds added to the first tree's leaves, then a Sigmoid
//     node; a forest averages them. The sigmoid is a node of its own: ONNX
//     Runtime 1.30 left TreeEnsemble's post_transform LOGISTIC unapplied in a
//     one-tree trial.
//   - logistic: MatMul, Add and Sigmoid on the raw-feature weights.
// A tree with no split becomes one split on feature 0 at +Infinity whose two
// branches are the same leaf (a TreeEnsemble tree must start at a node).
import onnxProto from 'onnx-proto';
import { exportThreshold } from './float32-threshold.js';
import { numberNodes, type ExportableModel, type LinearExport, type TreeEnsembleExport } from './exportable-model.js';

const { onnx } = onnxProto;
type NodeProto = onnxProto.onnx.INodeProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

const ATTRIBUTE = onnx.AttributeProto.AttributeType;
const DATA_TYPE = onnx.TensorProto.DataType;
const ML_DOMAIN = 'ai.onnx.ml';
const BRANCH_LEQ = 0;
const AGGREGATE_AVERAGE = 0;
const AGGREGATE_SUM = 1;

const ints = (name: string, values: number[]): AttributeProto => ({ name, type: ATTRIBUTE.INTS, ints: values });
const int = (name: string, value: number): AttributeProto => ({ name, type: ATTRIBUTE.INT, i: value });
/** A float64 tensor; its values as raw little-endian bytes (one protobuf field, not one a value). */
const doubles = (name: string, values: number[], dims = [values.length]): TensorProto => ({
  name,
  dims,
  dataType: DATA_TYPE.DOUBLE,
  rawData: new Uint8Array(Float64Array.from(values).buffer),
});
const tensorAttribute = (name: string, t: TensorProto): AttributeProto => ({ name, type: ATTRIBUTE.TENSOR, t });

/** The TreeEnsemble node's attributes: internal nodes and leaves numbered per tree, offset over the trees. */
function treeEnsembleNode(ensemble: TreeEnsembleExport, output: string): NodeProto {
  const roots: number[] = [];
  const featureIds: number[] = [];
  const splits: number[] = [];
  const trueIds: number[] = [];
  const trueLeafs: number[] = [];
  const falseIds: number[] = [];
  const falseLeafs: number[] = [];
  const leafWeights: number[] = [];
  ensemble.trees.forEach((tree, t) => {
    const { internal, leaves, numberOf } = numberNodes(tree);
    const nodeBase = featureIds.length;
    const leafBase = leafWeights.length;
    const bias = t === 0 ? ensemble.baseline : 0;
    roots.push(nodeBase);
    const target = (node: number): [number, number] =>
      tree.feature[node] >= 0 ? [nodeBase + numberOf[node], 0] : [leafBase + numberOf[node], 1];
    if (internal.length === 0) {
      featureIds.push(0);
      splits.push(Number.POSITIVE_INFINITY);
      trueIds.push(leafBase);
      trueLeafs.push(1);
      falseIds.push(leafBase);
      falseLeafs.push(1);
    }
    for (const node of internal) {
      featureIds.push(tree.feature[node]);
      splits.push(exportThreshold(tree.threshold[node]));
      const [yes, yesLeaf] = target(tree.left[node]);
      const [no, noLeaf] = target(tree.right[node]);
      trueIds.push(yes);
      trueLeafs.push(yesLeaf);
      falseIds.push(no);
      falseLeafs.push(noLeaf);
    }
    for (const node of leaves) leafWeights.push(tree.value[node] + bias);
  });
  return {
    opType: 'TreeEnsemble',
    domain: ML_DOMAIN,
    name: 'trees',
    input: ['X'],
    output: [output],
    attribute: [
      int('aggregate_function', ensemble.kind === 'gbdt' ? AGGREGATE_SUM : AGGREGATE_AVERAGE),
      int('n_targets', 1),
      ints('tree_roots', roots),
      ints('nodes_featureids', featureIds),
      tensorAttribute('nodes_modes', {
        dims: [featureIds.length],
        dataType: DATA_TYPE.UINT8,
        int32Data: featureIds.map(() => BRANCH_LEQ),
      }),
      tensorAttribute('nodes_splits', doubles('nodes_splits', splits)),
      ints('nodes_truenodeids', trueIds),
      ints('nodes_trueleafs', trueLeafs),
      ints('nodes_falsenodeids', falseIds),
      ints('nodes_falseleafs', falseLeafs),
      ints(
        'leaf_targetids',
        leafWeights.map(() => 0),
      ),
      tensorAttribute('leaf_weights', doubles('leaf_weights', leafWeights)),
    ],
  };
}

function linearNodes(model: LinearExport): { nodes: NodeProto[]; initializer: TensorProto[] } {
  return {
    initializer: [
      doubles('weights', Array.from(model.weights), [model.weights.length, 1]),
      doubles('intercept', [model.intercept], [1]),
    ],
    nodes: [
      { opType: 'MatMul', name: 'dot', input: ['X', 'weights'], output: ['dot'] },
      { opType: 'Add', name: 'plus_intercept', input: ['dot', 'intercept'], output: ['raw_score'] },
    ],
  };
}

const doubleMatrix = (name: string, columns: number) => ({
  name,
  type: { tensorType: { elemType: DATA_TYPE.DOUBLE, shape: { dim: [{ dimParam: 'N' }, { dimValue: columns }] } } },
});

export interface OnnxModelInfo {
  readonly producerVersion: string;
  /** Said in the graph's doc string, e.g. `gbdt, 200 trees, from m.json`. */
  readonly description: string;
}

/** The ONNX file's bytes. */
export function onnxModelBytes(model: ExportableModel, features: readonly string[], info: OnnxModelInfo): Uint8Array {
  const nodes: NodeProto[] = [];
  const initializer: TensorProto[] = [];
  if (model.kind === 'logistic') {
    const linear = linearNodes(model);
    nodes.push(...linear.nodes);
    initializer.push(...linear.initializer);
  } else {
    nodes.push(treeEnsembleNode(model, model.kind === 'gbdt' ? 'raw_score' : 'probability'));
  }
  const logOdds = model.kind !== 'forest';
  if (logOdds) nodes.push({ opType: 'Sigmoid', name: 'sigmoid', input: ['raw_score'], output: ['probability'] });
  const proto = onnx.ModelProto.create({
    irVersion: onnx.Version.IR_VERSION,
    opsetImport: [
      { domain: '', version: 17 },
      { domain: ML_DOMAIN, version: 5 },
    ],
    producerName: 'persodata',
    producerVersion: info.producerVersion,
    docString: `${info.description}. Input X: float64 [N, ${features.length}], columns in the order of the "features" metadata. Output probability: P(label 1).`,
    metadataProps: [{ key: 'features', value: JSON.stringify(features) }],
    graph: {
      name: `persodata_${model.kind}`,
      node: nodes,
      initializer,
      input: [doubleMatrix('X', features.length)],
      output: [doubleMatrix('probability', 1), ...(logOdds ? [doubleMatrix('raw_score', 1)] : [])],
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

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
//   - blend: each member's graph as above (names prefixed m0_, m1_, ...),
//     its probability clipped and turned into log-odds, weighted, summed
//     with the bias (raw_score), then a Sigmoid.
// A tree with no split becomes one split on feature 0 at +Infinity whose two
// branches are the same leaf (a TreeEnsemble tree must start at a node).
import type OnnxProto from 'onnx-proto';
import { lazyRequire } from '../util/lazy-require.js';
import { exportThreshold } from './float32-threshold.js';
import {
  numberNodes,
  type BlendExport,
  type ExportableModel,
  type LinearExport,
  type TreeEnsembleExport,
} from './exportable-model.js';

const onnxProto = lazyRequire<typeof OnnxProto>('onnx-proto');
const onnx = () => onnxProto().onnx;
type NodeProto = OnnxProto.onnx.INodeProto;
type AttributeProto = OnnxProto.onnx.IAttributeProto;
type TensorProto = OnnxProto.onnx.ITensorProto;

const attributeType = () => onnx().AttributeProto.AttributeType;
const dataType = () => onnx().TensorProto.DataType;
const ML_DOMAIN = 'ai.onnx.ml';
const BRANCH_LEQ = 0;
const AGGREGATE_AVERAGE = 0;
const AGGREGATE_SUM = 1;

const ints = (name: string, values: number[]): AttributeProto => ({ name, type: attributeType().INTS, ints: values });
const int = (name: string, value: number): AttributeProto => ({ name, type: attributeType().INT, i: value });
/** A float64 tensor; its values as raw little-endian bytes (one protobuf field, not one a value). */
const doubles = (name: string, values: number[], dims = [values.length]): TensorProto => ({
  name,
  dims,
  dataType: dataType().DOUBLE,
  rawData: new Uint8Array(Float64Array.from(values).buffer),
});
const tensorAttribute = (name: string, t: TensorProto): AttributeProto => ({ name, type: attributeType().TENSOR, t });

/** The TreeEnsemble node's attributes: internal nodes and leaves numbered per tree, offset over the trees. */
function treeEnsembleNode(ensemble: TreeEnsembleExport, output: string, prefix = ''): NodeProto {
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
    name: `${prefix}trees`,
    input: ['X'],
    output: [output],
    attribute: [
      int('aggregate_function', ensemble.kind === 'gbdt' ? AGGREGATE_SUM : AGGREGATE_AVERAGE),
      int('n_targets', 1),
      ints('tree_roots', roots),
      ints('nodes_featureids', featureIds),
      tensorAttribute('nodes_modes', {
        dims: [featureIds.length],
        dataType: dataType().UINT8,
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

function linearNodes(model: LinearExport, prefix = ''): { nodes: NodeProto[]; initializer: TensorProto[] } {
  const n = (name: string) => `${prefix}${name}`;
  return {
    initializer: [
      doubles(n('weights'), Array.from(model.weights), [model.weights.length, 1]),
      doubles(n('intercept'), [model.intercept], [1]),
    ],
    nodes: [
      { opType: 'MatMul', name: n('dot'), input: ['X', n('weights')], output: [n('dot')] },
      { opType: 'Add', name: n('plus_intercept'), input: [n('dot'), n('intercept')], output: [n('raw_score')] },
    ],
  };
}

type Graph = { nodes: NodeProto[]; initializer: TensorProto[] };

/** One model's nodes, every name prefixed; its P(label 1) is `${prefix}probability`, its log-odds (gbdt, logistic) `${prefix}raw_score`. */
function singleModelNodes(model: Exclude<ExportableModel, BlendExport>, prefix: string): Graph {
  const g: Graph = { nodes: [], initializer: [] };
  if (model.kind === 'logistic') {
    const linear = linearNodes(model, prefix);
    g.nodes.push(...linear.nodes);
    g.initializer.push(...linear.initializer);
  } else {
    g.nodes.push(treeEnsembleNode(model, `${prefix}${model.kind === 'gbdt' ? 'raw_score' : 'probability'}`, prefix));
  }
  if (model.kind !== 'forest')
    g.nodes.push({
      opType: 'Sigmoid',
      name: `${prefix}sigmoid`,
      input: [`${prefix}raw_score`],
      output: [`${prefix}probability`],
    });
  return g;
}

/**
 * A blend: every member's probability clipped to [BLEND_EPS, 1 - BLEND_EPS]
 * and turned into log-odds (Log(q) - Log(1 - q)), as BlendModel does, then
 * the weighted sum plus the bias (`raw_score`) and a Sigmoid.
 */
function blendNodes(model: BlendExport): Graph {
  const g: Graph = {
    nodes: [],
    initializer: [
      doubles('eps', [model.eps], []),
      doubles('one_minus_eps', [1 - model.eps], []),
      doubles('one', [1], []),
      doubles('bias', [model.bias], [1]),
    ],
  };
  const terms: string[] = [];
  model.members.forEach((member, i) => {
    const p = `m${i}_`;
    const sub = singleModelNodes(member, p);
    g.nodes.push(...sub.nodes);
    g.initializer.push(...sub.initializer, doubles(`${p}weight`, [model.weights[i]], []));
    g.nodes.push(
      { opType: 'Clip', name: `${p}clip`, input: [`${p}probability`, 'eps', 'one_minus_eps'], output: [`${p}q`] },
      { opType: 'Sub', name: `${p}one_minus`, input: ['one', `${p}q`], output: [`${p}r`] },
      { opType: 'Log', name: `${p}log_q`, input: [`${p}q`], output: [`${p}log_q`] },
      { opType: 'Log', name: `${p}log_r`, input: [`${p}r`], output: [`${p}log_r`] },
      { opType: 'Sub', name: `${p}logit`, input: [`${p}log_q`, `${p}log_r`], output: [`${p}logit`] },
      { opType: 'Mul', name: `${p}weighted`, input: [`${p}logit`, `${p}weight`], output: [`${p}term`] },
    );
    terms.push(`${p}term`);
  });
  g.nodes.push(
    { opType: 'Sum', name: 'sum', input: [...terms, 'bias'], output: ['raw_score'] },
    { opType: 'Sigmoid', name: 'sigmoid', input: ['raw_score'], output: ['probability'] },
  );
  return g;
}

const doubleMatrix = (name: string, columns: number) => ({
  name,
  type: { tensorType: { elemType: dataType().DOUBLE, shape: { dim: [{ dimParam: 'N' }, { dimValue: columns }] } } },
});

export interface OnnxModelInfo {
  readonly producerVersion: string;
  /** Said in the graph's doc string, e.g. `gbdt, 200 trees, from m.json`. */
  readonly description: string;
}

/** The ONNX file's bytes. */
export function onnxModelBytes(model: ExportableModel, features: readonly string[], info: OnnxModelInfo): Uint8Array {
  const { nodes, initializer } = model.kind === 'blend' ? blendNodes(model) : singleModelNodes(model, '');
  const logOdds = model.kind !== 'forest';
  const proto = onnx().ModelProto.create({
    irVersion: onnx().Version.IR_VERSION,
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
  return onnx().ModelProto.encode(proto).finish();
}

// What an export needs from a fitted model, whatever it is written to: the
// trees of a gbdt or a forest with how their outputs combine, or a logistic
// model's weights on the raw features. Also the node numbering both tree
// formats use: internal nodes and leaves counted apart, in node order.
import type { Gbdt } from '../boosting/gbdt.js';
import type { Estimator } from '../core/estimator.js';
import type { RandomForest } from '../forest/forest.js';
import type { LogisticRegression } from '../linear/logistic.js';
import { BLEND_EPS, type BlendModel } from '../models/blend-model.js';
import type { FlatTree } from '../trees/flat-tree.js';

/** A gbdt: baseline + the sum of the trees is the log-odds. A forest: the mean of the trees is the probability. */
export interface TreeEnsembleExport {
  readonly kind: 'gbdt' | 'forest';
  readonly trees: readonly FlatTree[];
  /** gbdt: the starting log-odds (0 for a forest). */
  readonly baseline: number;
  /** gbdt: the learning rate the leaf values already include (1 for a forest). */
  readonly shrinkage: number;
}

/** P(label 1) = sigmoid(intercept + weights . x), on raw features. */
export interface LinearExport {
  readonly kind: 'logistic';
  readonly weights: Float64Array;
  readonly intercept: number;
}

/** P(label 1) = sigmoid(bias + sum_i weights[i] * logit(clip(p_i, eps, 1 - eps))) over the members' P(label 1). */
export interface BlendExport {
  readonly kind: 'blend';
  readonly members: ReadonlyArray<TreeEnsembleExport | LinearExport>;
  readonly weights: readonly number[];
  readonly bias: number;
  readonly eps: number;
}

export type ExportableModel = TreeEnsembleExport | LinearExport | BlendExport;

export function exportableModel(model: Estimator): ExportableModel {
  switch (model.kind) {
    case 'gbdt': {
      const gbdt = model as Gbdt;
      const state = gbdt.state!;
      return { kind: 'gbdt', trees: state.trees, baseline: state.baseline, shrinkage: gbdt.options.learningRate };
    }
    case 'forest':
      return { kind: 'forest', trees: (model as RandomForest).state!.trees, baseline: 0, shrinkage: 1 };
    case 'logistic': {
      const { weights, intercept } = (model as LogisticRegression).rawFeatureWeights();
      return { kind: 'logistic', weights, intercept };
    }
    case 'blend': {
      const blend = model as BlendModel;
      return {
        kind: 'blend',
        members: blend.members.map((m) => exportableModel(m) as TreeEnsembleExport | LinearExport),
        weights: blend.weights,
        bias: blend.bias,
        eps: BLEND_EPS,
      };
    }
  }
}

/** A tree's nodes numbered as LightGBM and ONNX's TreeEnsemble number them. */
export interface NodeNumbering {
  /** Our node ids of the internal nodes, root first; index = internal number. */
  readonly internal: readonly number[];
  /** Our node ids of the leaves; index = leaf number. */
  readonly leaves: readonly number[];
  /** Our node id -> its internal or leaf number. */
  readonly numberOf: Int32Array;
}

export function numberNodes(tree: FlatTree): NodeNumbering {
  const internal: number[] = [];
  const leaves: number[] = [];
  const numberOf = new Int32Array(tree.nNodes);
  for (let node = 0; node < tree.nNodes; node++) {
    if (tree.feature[node] >= 0) numberOf[node] = internal.push(node) - 1;
    else numberOf[node] = leaves.push(node) - 1;
  }
  return { internal, leaves, numberOf };
}

// A gbdt or forest as a LightGBM text model file (version v4), the format
// LightGBM's loader reads (src/boosting/gbdt_model_text.cpp, src/io/tree.cpp):
// a header, one `Tree=` block a tree, `end of trees`. What is ours to decide:
//   - thresholds: exportThreshold, so LightGBM's `x <= t` on doubles decides
//     as our float32 comparison does;
//   - a gbdt's starting log-odds is added to the first tree's leaves (as
//     LightGBM's boost_from_average does), objective `binary sigmoid:1`;
//   - a forest averages probabilities: `average_output` with objective
//     `regression`, whose output is the raw average. With `binary` LightGBM
//     would take the sigmoid of the average, which no leaf values can make
//     equal to an average of probabilities;
//   - decision_type 2 (default left, no missing-value handling: our inputs
//     are finite), what LightGBM writes for such features;
//   - the node counts, gains and internal values are not kept in our model
//     files, so those optional lines are left out; `feature_infos` says
//     `none` for features no tree splits on and the whole double range for
//     the others (the training range is not kept either).
// Doubles are written shortest-round-trip (String), which reads back exactly.
import { exportThreshold } from './float32-threshold.js';
import { numberNodes, type TreeEnsembleExport } from './exportable-model.js';

const WHOLE_RANGE = `[${-Number.MAX_VALUE}:${Number.MAX_VALUE}]`;

/** LightGBM splits its header lines on spaces: names with white space get underscores. */
export function lightgbmFeatureName(name: string): string {
  return name.replace(/\s/g, '_');
}

function treeBlock(ensemble: TreeEnsembleExport, index: number): string {
  const tree = ensemble.trees[index];
  const { internal, leaves, numberOf } = numberNodes(tree);
  const child = (node: number) => (tree.feature[node] >= 0 ? numberOf[node] : ~numberOf[node]);
  const bias = index === 0 ? ensemble.baseline : 0;
  const lines = [
    `Tree=${index}`,
    `num_leaves=${leaves.length}`,
    'num_cat=0',
    `split_feature=${internal.map((n) => tree.feature[n]).join(' ')}`,
    `threshold=${internal.map((n) => String(exportThreshold(tree.threshold[n]))).join(' ')}`,
    `decision_type=${internal.map(() => 2).join(' ')}`,
    `left_child=${internal.map((n) => child(tree.left[n])).join(' ')}`,
    `right_child=${internal.map((n) => child(tree.right[n])).join(' ')}`,
    `leaf_value=${leaves.map((n) => String(tree.value[n] + bias)).join(' ')}`,
    'is_linear=0',
    `shrinkage=${ensemble.shrinkage}`,
  ];
  return `${lines.join('\n')}\n\n`;
}

export function lightgbmModelText(ensemble: TreeEnsembleExport, features: readonly string[]): string {
  const used = new Uint8Array(features.length);
  for (const tree of ensemble.trees) for (const f of tree.feature) if (f >= 0) used[f] = 1;
  const header = [
    'tree',
    'version=v4',
    'num_class=1',
    'num_tree_per_iteration=1',
    'label_index=0',
    `max_feature_idx=${features.length - 1}`,
    ensemble.kind === 'gbdt' ? 'objective=binary sigmoid:1' : 'objective=regression',
    ...(ensemble.kind === 'forest' ? ['average_output'] : []),
    `feature_names=${features.map(lightgbmFeatureName).join(' ')}`,
    `feature_infos=${Array.from(used, (u) => (u ? WHOLE_RANGE : 'none')).join(' ')}`,
  ];
  const trees = ensemble.trees.map((_, t) => treeBlock(ensemble, t));
  return `${header.join('\n')}\n\n${trees.join('')}end of trees\n\npandas_categorical:null\n`;
}

// A naive reader and evaluator of LightGBM text model files, written from the
// format's description (keys per tree, ~leaf child numbers), for checking our
// exports without LightGBM's program: x <= threshold goes left, on doubles.
export interface ReadLightgbmModel {
  readonly header: Map<string, string>;
  readonly trees: ReadonlyArray<{
    readonly splitFeature: number[];
    readonly threshold: number[];
    readonly leftChild: number[];
    readonly rightChild: number[];
    readonly leafValue: number[];
  }>;
}

const numbers = (text: string | undefined): number[] => (text ? text.split(' ').map(Number) : []);

export function readLightgbmText(text: string): ReadLightgbmModel {
  const [head, ...blocks] = text.split(/^Tree=\d+\n/m);
  const header = new Map(
    head
      .split('\n')
      .filter((l) => l.includes('=') || l === 'average_output')
      .map((l) => [l.split('=')[0], l.slice(l.indexOf('=') + 1)] as [string, string]),
  );
  const trees = blocks.map((block) => {
    const keys = new Map(
      block
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]),
    );
    return {
      splitFeature: numbers(keys.get('split_feature')),
      threshold: numbers(keys.get('threshold')),
      leftChild: numbers(keys.get('left_child')),
      rightChild: numbers(keys.get('right_child')),
      leafValue: numbers(keys.get('leaf_value')),
    };
  });
  return { header, trees };
}

/** The model's output for one row: sigmoid of the sum (binary), or the mean (average_output, regression). */
export function predictRow(model: ReadLightgbmModel, row: ArrayLike<number>): number {
  let sum = 0;
  for (const tree of model.trees) {
    if (tree.splitFeature.length === 0) {
      sum += tree.leafValue[0];
      continue;
    }
    let node = 0;
    for (;;) {
      const next = row[tree.splitFeature[node]] <= tree.threshold[node] ? tree.leftChild[node] : tree.rightChild[node];
      if (next < 0) {
        sum += tree.leafValue[~next];
        break;
      }
      node = next;
    }
  }
  if (model.header.has('average_output')) return sum / model.trees.length;
  return 1 / (1 + Math.exp(-sum));
}

// Worker entry for one random-forest fit, on the fit's shared memory
// (forest-memory.ts, received once as workerData). `binFeatures` bins a range
// of features first; then each `growTree` task grows one whole tree
// (forest/tree-grower.ts) in this worker's scratch and returns it.
import { workerData } from 'piscina';
import { growForestTree, type ForestTreeOptions, type GrownForestTree } from './tree-grower.js';
import { loadTreeKernels } from '../wasm/tree-kernels.js';
import { binFeaturesHandler } from '../binning/bin-on-pool.js';
import { claimWorkerIndex } from '../parallel/shared-memory.js';
import { forestScratch, type ForestMemoryLayout } from './forest-memory.js';

export interface SharedForestData {
  readonly layout: ForestMemoryLayout;
  readonly memory: WebAssembly.Memory;
}

export interface GrowTreeTask {
  readonly treeIndex: number;
  readonly options: ForestTreeOptions;
  readonly binsPerFeature: readonly number[];
}

const { layout, memory } = workerData as SharedForestData;
const kernels = loadTreeKernels(memory);
const workerIndex = claimWorkerIndex(memory, layout.workerIndex, layout.nWorkers, 'forest worker');
const scratch = forestScratch(layout, workerIndex);

/** Bins a range of features into the shared binned matrix; returns their edges. */
export const binFeatures = binFeaturesHandler(memory, layout.binned, layout.nRows, layout.nFeatures);

export function growTree(task: GrowTreeTask): GrownForestTree {
  const env = {
    kernels,
    buffer: memory.buffer,
    nRows: layout.nRows,
    nFeatures: layout.nFeatures,
    labels: layout.labels,
    binned: layout.binned,
    scratch,
    binsPerFeature: task.binsPerFeature,
  };
  return growForestTree(env, task.options, task.treeIndex);
}

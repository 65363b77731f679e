// Worker entry: one exported handler that builds histograms and searches
// splits for a block of features. Buffers arrive once through workerData
// (messages.ts); each task carries only indices and sums.
import { workerData } from 'piscina';
import { buildFeatureHistogram, clearHistogram, subtractHistograms, type HistogramSlot } from '../trees/histogram.js';
import { betterSplit, bestSplitOfFeature, NO_SPLIT, type SplitInfo } from '../trees/split.js';
import type { HistogramResult, HistogramTask, SharedFitData } from './messages.js';

const data = workerData as SharedFitData;
const binned = new Uint8Array(data.binned);
const gradients = new Float32Array(data.gradients);
const hessians = new Float32Array(data.hessians);
const rows = new Uint32Array(data.rows);
const featureMask = new Uint8Array(data.featureMask);
const slotBins = data.nFeatures * data.binStride;
const orderedGradients = new Float64Array(data.nRows);
const orderedHessians = new Float64Array(data.nRows);

function slotView(slot: number): HistogramSlot {
  return {
    sums: new Float64Array(data.histSums, slot * slotBins * 2 * 8, slotBins * 2),
    counts: new Uint32Array(data.histCounts, slot * slotBins * 4, slotBins),
  };
}

export default function histogramTask(task: HistogramTask): HistogramResult {
  const { featureStart, featureEnd, rowsStart, rowsEnd } = task;
  const binStride = data.binStride;
  // gather the leaf's gradients once, in row order, for sequential reads below
  for (let k = 0, i = rowsStart; i < rowsEnd; k++, i++) {
    orderedGradients[k] = gradients[rows[i]];
    orderedHessians[k] = hessians[rows[i]];
  }
  const small = slotView(task.smallSlot);
  const large = task.largeSlot >= 0 ? slotView(task.largeSlot) : undefined;
  const binStart = featureStart * binStride;
  const binEnd = featureEnd * binStride;
  clearHistogram(small, binStart, binEnd);
  for (let f = featureStart; f < featureEnd; f++) {
    const column = binned.subarray(f * data.nRows, (f + 1) * data.nRows);
    buildFeatureHistogram(column, rows, rowsStart, rowsEnd, orderedGradients, orderedHessians, small, f * binStride);
  }
  if (large) subtractHistograms(large, small, large, binStart, binEnd);
  return {
    small: task.searchSmall ? bestOverFeatures(small, task.small, task) : NO_SPLIT,
    large: task.searchLarge && large && task.large ? bestOverFeatures(large, task.large, task) : NO_SPLIT,
  };
}

function bestOverFeatures(slot: HistogramSlot, totals: HistogramTask['small'], task: HistogramTask): SplitInfo {
  let best = NO_SPLIT;
  for (let f = task.featureStart; f < task.featureEnd; f++) {
    if (featureMask[f] === 0) continue;
    const candidate = bestSplitOfFeature(slot.sums, slot.counts, f * data.binStride, data.binsPerFeature[f], f, totals.sumGradients, totals.sumHessians, totals.count, task.constraints);
    best = betterSplit(best, candidate);
  }
  return best;
}

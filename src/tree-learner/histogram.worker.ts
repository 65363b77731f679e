// Worker entry for one pooled fit, on the fit's shared memory (fit-memory.ts,
// received once as workerData). Two handlers: `binFeatures` bins a range of
// features first; then `serve`, run once per worker as a long task, answers
// work orders from the grower (task-channel.ts) with a HistogramBuilder.
import { workerData } from 'piscina';
import { binFeaturesHandler } from '../binning/bin-on-pool.js';
import { claimWorkerIndex } from '../parallel/shared-memory.js';
import { CONTROL_BYTES, serveChannel } from '../parallel/task-channel.js';
import type { SharedFitData } from './fit-memory.js';
import { histogramBuilder } from './histogram-builder.js';
import { HISTOGRAM_TASK_CODEC, type ServeTask } from './histogram-task.js';

const shared = workerData as SharedFitData;
const { layout, memory } = shared;
const workerIndex = claimWorkerIndex(memory, layout.workerIndex, layout.nWorkers, 'histogram worker');
const builder = histogramBuilder(shared, workerIndex);

/** Bins a range of features into the shared binned matrix; returns their edges. */
export const binFeatures = binFeaturesHandler(memory, layout.binned, layout.nRows, layout.nFeatures);

/** Serves this worker's control block until the fit stops it. */
export function serve(task: ServeTask): void {
  builder.setup(task);
  serveChannel(memory.buffer, layout.control + workerIndex * CONTROL_BYTES, HISTOGRAM_TASK_CODEC, (t) =>
    builder.run(t),
  );
}

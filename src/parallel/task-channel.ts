// Work orders between the main thread and long-running pool workers, through
// a control block per worker in shared memory instead of a message per task.
// Generic: a TaskCodec says how one kind of task is laid out in the block
// (the gbdt learner's is tree-learner/histogram-task.ts).
// Why: with one piscina run() per worker per split (~31 splits a tree), a CPU
// profile of the full-size fit showed ~11 ms per tree in postTask and ~33 ms
// of idle workers; moving the orders here took 30 trees from 5.2 s to 4.2 s.
// The workers stay piscina's: each runs one long `serve` task per fit.
//
// Every worker gets the same order; they share its work through a block
// counter (histogram.worker.ts) and leave results in shared memory, so the
// channel itself only carries the order and "done".
//
// Per worker, CONTROL_BYTES:
//   i32[0] command sequence (main bumps)   i32[1] done sequence (worker sets)
//   i32[2] status: 0 ok, 1 failed         i32[3] command: 1 task, 2 stop
//   i32[4..15]  task integers             f64[8..31] task floats
//   bytes 256.. : error message (UTF-8, length in i32[63])

export const CONTROL_BYTES = 1024;
const CMD_TASK = 1;
const CMD_STOP = 2;
const ERROR_AT = 256;
/** Checks a worker makes before sleeping: a few hundred microseconds. */
const SPIN_CHECKS = 50_000;
/**
 * The longest a learner keeps the event loop from running (this channel's
 * and the serial one in tree-learner/tree-fit.ts). Orders are answered in
 * well under this, so without a turn every few of them nothing else (a
 * Ctrl-C above all) would run until the fit ends. A setImmediate turn costs
 * microseconds; one per 50 ms is nothing next to a split.
 */
export const EVENT_LOOP_TURN_MS = 50;

interface Views {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly bytes: Uint8Array;
}

function views(buffer: ArrayBufferLike, base: number): Views {
  return {
    i32: new Int32Array(buffer, base, CONTROL_BYTES / 4),
    f64: new Float64Array(buffer, base, CONTROL_BYTES / 8),
    bytes: new Uint8Array(buffer, base, CONTROL_BYTES),
  };
}

/**
 * How one kind of task travels in a control block: `write` and `read` use
 * i32[4..15] (integers) and f64[8..31] (floats) and nothing else.
 */
export interface TaskCodec<T> {
  write(i32: Int32Array, f64: Float64Array, task: T): void;
  read(i32: Int32Array, f64: Float64Array): T;
}

/** Main side: one control block per worker, starting at byte `base`. */
export class TaskChannel<T> {
  private readonly blocks: Views[];
  private lastTurn = performance.now();
  /** Each worker's sequence number of the last task sent. */
  private sent: number[] = [];

  /**
   * `poll` is awaited whenever a worker has not answered for 100 ms: it lets
   * the event loop run (piscina reports a dead worker there, SIGINT too) and
   * throws if the serving tasks have failed.
   */
  constructor(
    buffer: ArrayBufferLike,
    base: number,
    nWorkers: number,
    private readonly codec: TaskCodec<T>,
    private readonly poll: () => Promise<void>,
  ) {
    this.blocks = Array.from({ length: nWorkers }, (_, w) => views(buffer, base + w * CONTROL_BYTES));
  }

  /** Gives `task` to every worker and waits until all have finished it. */
  async run(task: T): Promise<void> {
    this.send(task);
    await this.finished();
  }

  /** Gives `task` to every worker; `finished` waits for them (the caller may work on the task meanwhile). */
  send(task: T): void {
    this.sent = this.blocks.map((block) => {
      this.codec.write(block.i32, block.f64, task);
      block.i32[3] = CMD_TASK;
      const seq = Atomics.add(block.i32, 0, 1) + 1;
      Atomics.notify(block.i32, 0);
      return seq;
    });
  }

  /** Waits until every worker has finished the last task sent; throws a worker's error. */
  async finished(): Promise<void> {
    const sent = this.sent;
    for (let w = 0; w < sent.length; w++) {
      const i32 = this.blocks[w].i32;
      // the caller usually gets here as the workers finish: spin briefly before sleeping
      for (let spin = 0; spin < SPIN_CHECKS && Atomics.load(i32, 1) !== sent[w]; spin++);
      while (Atomics.load(i32, 1) !== sent[w]) {
        if (Atomics.wait(i32, 1, sent[w] - 1, 100) === 'timed-out') await this.turn();
      }
      if (i32[2] !== 0) throw new Error(this.errorMessage(w));
    }
    if (performance.now() - this.lastTurn > EVENT_LOOP_TURN_MS) await this.turn();
  }

  private async turn(): Promise<void> {
    this.lastTurn = performance.now();
    await this.poll();
  }

  /** Tells every worker's serve loop to return. */
  stop(): void {
    for (const block of this.blocks) {
      block.i32[3] = CMD_STOP;
      Atomics.add(block.i32, 0, 1);
      Atomics.notify(block.i32, 0);
    }
  }

  private errorMessage(w: number): string {
    const { i32, bytes } = this.blocks[w];
    return Buffer.from(bytes.slice(ERROR_AT, ERROR_AT + i32[63])).toString('utf8');
  }
}

/** Worker side: answers work orders in block `base` until told to stop. */
export function serveChannel<T>(
  buffer: ArrayBufferLike,
  base: number,
  codec: TaskCodec<T>,
  handler: (task: T) => void,
): void {
  const block = views(buffer, base);
  const { i32 } = block;
  // start from the last answered order: one may already be waiting
  let seen = Atomics.load(i32, 1);
  for (;;) {
    // The next order usually follows within a fraction of a millisecond; a
    // short spin answers it without going to sleep and being woken.
    for (let spin = 0; spin < SPIN_CHECKS && Atomics.load(i32, 0) === seen; spin++);
    // Wait until the sequence really moved: a wake-up alone is no new order
    // (a second run of the last one would subtract its histogram twice).
    while (Atomics.load(i32, 0) === seen) Atomics.wait(i32, 0, seen);
    seen = Atomics.load(i32, 0);
    if (i32[3] === CMD_STOP) return;
    try {
      handler(codec.read(i32, block.f64));
      i32[2] = 0;
    } catch (err) {
      const message = Buffer.from(String((err as Error)?.message ?? err)).subarray(0, CONTROL_BYTES - ERROR_AT);
      block.bytes.set(message, ERROR_AT);
      i32[63] = message.length;
      i32[2] = 1;
    }
    Atomics.store(i32, 1, seen);
    Atomics.notify(i32, 1);
  }
}

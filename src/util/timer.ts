// Wall-clock timing for the messages commands print.

/** Starts a timer; the returned function gives the seconds elapsed since. */
export function startTimer(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
}

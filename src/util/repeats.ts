// The first value a list holds twice, for the readers and writers that refuse
// repeated names (CSV and Parquet columns, feature and row names, rows of a
// submission): each says in its own words where the two are.

/** The positions [first, second] of the first value met a second time, or undefined when all differ. */
export function firstRepeat(values: readonly string[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const j = seen.get(values[i]);
    if (j !== undefined) return [j, i];
    seen.set(values[i], i);
  }
  return undefined;
}

// Codalab prediction files: one probability of class 1 per line, in row
// order, as the challenge's ingestion program writes `NAME_SET.predict`.
// Writing goes through atomic-write.ts; choosing files is the predict command's.

/** Shortest round-trip decimal per value, newline-terminated. */
export function formatPredictions(probabilities: ArrayLike<number>): string {
  const lines = new Array<string>(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) lines[i] = String(probabilities[i]);
  return lines.join('\n') + '\n';
}

// Limits on the pictures persodata reads, kept apart from the decoders so the
// CLI can name them without loading sharp.

/** Pictures with more pixels than this (by their header) are refused before decoding (--max-pixels). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

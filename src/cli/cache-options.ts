// --cache, --no-cache and --cache-size: the feature cache
// (features/feature-cache.ts) of every command that featurizes pictures. On
// by default, in $XDG_CACHE_HOME/persodata (else ~/.cache/persodata).
// --no-cache turns off every cache of the command: also the .npy copy that
// cv, train and predict keep beside a large parsed .data file.
import type { Command } from 'commander';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FeatureCacheSettings } from '../features/feature-cache.js';
import { intAtLeast } from './parsers.js';

export const DEFAULT_CACHE_MB = 4096;

/** The cache's folder when --cache does not name one. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'persodata');
}

export function addCacheOptions(cmd: Command): Command {
  return cmd
    .option(
      '--cache <dir>',
      "pictures' features are kept here and read back by later runs on the same files " +
        `(default ${join('$XDG_CACHE_HOME or ~/.cache', 'persodata')})`,
    )
    .option('--no-cache', 'read and write no cache: compute every picture again, parse .data files again (no .npy)')
    .option(
      '--cache-size <mb>',
      'the most the cache holds, in MB; the least recently used pictures go first',
      intAtLeast(1),
      DEFAULT_CACHE_MB,
    );
}

/** The run's cache settings from the parsed flags (none with --no-cache). */
export function cacheOf(o: Record<string, unknown>): { featureCache?: FeatureCacheSettings } {
  if (o.cache === false) return {};
  const dir = typeof o.cache === 'string' ? resolve(o.cache) : defaultCacheDir();
  return { featureCache: { dir, maxBytes: ((o.cacheSize as number | undefined) ?? DEFAULT_CACHE_MB) * 1024 * 1024 } };
}

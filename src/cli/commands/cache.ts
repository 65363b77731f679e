// `persodata cache`: what the feature cache (features/feature-cache.ts)
// holds and where, and --clear to remove it (its own files only).
import { Command } from 'commander';
import { cacheContents, clearFeatureCache, hasFeatureCache } from '../../features/feature-cache.js';
import { cacheOf, defaultCacheDir } from '../cache-options.js';
import { createReporter } from '../reporter.js';

export interface CacheContext {
  readonly dir: string;
  readonly clear: boolean;
  readonly quiet: boolean;
}

export function cacheCommand(action: (ctx: CacheContext) => Promise<unknown> = runCache): Command {
  const cmd = new Command('cache')
    .description('the feature cache: where it is, how many pictures and bytes it holds; --clear removes it')
    .option('--cache <dir>', `the cache's folder (default ${defaultCacheDir()})`)
    .option('--clear', "remove the cache's files (only those; the folder and anything else in it stay)")
    .exitOverride();
  return cmd.action(async (_opts, self: Command) => {
    const o = self.optsWithGlobals();
    const { dir } = cacheOf(o).featureCache!; // this command has no --no-cache
    await action({ dir, clear: o.clear === true, quiet: o.quiet === true });
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function runCache(ctx: CacheContext): Promise<void> {
  const reporter = createReporter(ctx.quiet);
  if (ctx.clear) {
    const gone = clearFeatureCache(ctx.dir);
    reporter.result(
      gone.files > 0
        ? `cleared the feature cache ${ctx.dir}: ${gone.files} file(s), ${mb(gone.bytes)}`
        : `no feature cache in ${ctx.dir}`,
    );
    return;
  }
  if (!hasFeatureCache(ctx.dir)) {
    reporter.result(`no feature cache in ${ctx.dir}`);
    return;
  }
  const held = await cacheContents(ctx.dir);
  reporter.result(
    `feature cache ${ctx.dir}: ${held.pictures} pictures, ${mb(held.bytes)} of values; its file takes ${mb(held.fileBytes)} on disk`,
  );
}

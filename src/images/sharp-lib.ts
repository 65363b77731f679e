// sharp (libvips), loaded on first use (see util/lazy-require.ts): pictures'
// commands need it, a feature folder's do not.
import type Sharp from 'sharp';
import { lazyRequire } from '../util/lazy-require.js';

/** sharp's constructor; libvips' operation cache is off (it only helps repeated work on the same file). */
export const sharp = lazyRequire<typeof Sharp>('sharp', (s) => s.cache(false));

// One image file -> size x size x 3 bytes (RGB, row-major, channels last),
// with sharp (libvips): JPEG, PNG, WebP and the rest sharp reads. Greyscale
// is expanded to RGB and alpha dropped (not blended). The picture is
// squashed to a square, as the challenge's 64x64 thumbnails were, with the
// chosen kernel (default `linear`: a triangle filter, scaled to the shrink
// factor when downsizing, as PIL's BILINEAR in scikit-learn's anchor).
import sharp from 'sharp';

export const RESIZE_KERNELS = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3'] as const;
export type ResizeKernel = (typeof RESIZE_KERNELS)[number];

export interface DecodeOptions {
  readonly size: number;
  readonly kernel: ResizeKernel;
}

// libvips' operation cache only helps repeated work on the same file
sharp.cache(false);

function pipeline(image: sharp.Sharp, opts: DecodeOptions): sharp.Sharp {
  return image
    .removeAlpha()
    .toColourspace('srgb')
    .resize(opts.size, opts.size, { fit: 'fill', kernel: opts.kernel })
    .raw({ depth: 'uchar' });
}

async function toRgb(image: sharp.Sharp, opts: DecodeOptions, out: Uint8Array): Promise<void> {
  const { data, info } = await pipeline(image, opts).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== out.length) {
    throw new Error(`decoded to ${info.width}x${info.height}x${info.channels}, expected ${opts.size}x${opts.size}x3`);
  }
  out.set(data);
}

/** Decodes and resizes `file` into `out` (size * size * 3 bytes); throws sharp's message on a bad file. */
export function decodeImageInto(file: string, opts: DecodeOptions, out: Uint8Array): Promise<void> {
  return toRgb(sharp(file, { failOn: 'error' }), opts, out);
}

/** Resizes raw RGB pixels (width x height x 3, row-major) into `out`, with the same pipeline as files. */
export function resizePixelsInto(pixels: Uint8Array, width: number, height: number, opts: DecodeOptions, out: Uint8Array): Promise<void> {
  return toRgb(sharp(pixels, { raw: { width, height, channels: 3 } }), opts, out);
}

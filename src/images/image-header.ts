// A picture's width and height read from its header alone, before anything is
// decoded, so that a small file claiming a huge picture (a decompression
// bomb) is refused at no cost. PNG and JPEG are read here (a few bytes);
// every other format is asked of sharp, which also reads only the header.
import { sharp } from './sharp-lib.js';

export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/** PNG: the IHDR chunk, always first, holds width and height (u32 big-endian) at bytes 16-23. */
function pngSize(b: Uint8Array): PictureSize | undefined {
  if (b.length < 24 || b[12] !== 0x49 || b[13] !== 0x48 || b[14] !== 0x44 || b[15] !== 0x52) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * JPEG: walks the marker segments up to the first start-of-frame (SOF0-SOF15
 * but DHT C4, JPG C8 and DAC CC), whose body holds precision (1 byte), height
 * and width (u16 big-endian each).
 */
function jpegSize(b: Uint8Array): PictureSize | undefined {
  let pos = 2;
  while (pos + 9 < b.length) {
    if (b[pos] !== 0xff) return undefined;
    const marker = b[pos + 1];
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2; // markers without a length
      continue;
    }
    const length = (b[pos + 2] << 8) | b[pos + 3];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: (b[pos + 5] << 8) | b[pos + 6], width: (b[pos + 7] << 8) | b[pos + 8] };
    }
    if (marker === 0xda || length < 2) return undefined; // scan data before any frame header
    pos += 2 + length;
  }
  return undefined;
}

/** Width and height from the header, or undefined when the header says nothing usable. */
export async function pictureSize(bytes: Uint8Array, kind: 'png' | 'jpeg' | 'other'): Promise<PictureSize | undefined> {
  if (kind === 'png') return pngSize(bytes);
  if (kind === 'jpeg') return jpegSize(bytes);
  try {
    const meta = await sharp()(bytes, { limitInputPixels: false }).metadata();
    return meta.width !== undefined && meta.height !== undefined
      ? { width: meta.width, height: meta.height }
      : undefined;
  } catch {
    return undefined; // not a picture sharp knows: its decode will say so
  }
}

/** Throws when the header's picture has more than `maxPixels` pixels; returns the header's size. */
export async function checkPictureSize(
  bytes: Uint8Array,
  kind: 'png' | 'jpeg' | 'other',
  maxPixels: number,
): Promise<PictureSize | undefined> {
  const size = await pictureSize(bytes, kind);
  if (size && (size.width < 1 || size.height < 1))
    throw new Error(`the header gives a size of ${size.width}x${size.height}: a picture without pixels`);
  if (size && size.width * size.height > maxPixels) {
    throw new Error(
      `${size.width}x${size.height} pixels (${(size.width * size.height).toLocaleString('en-US')}), more than --max-pixels ${maxPixels.toLocaleString('en-US')}`,
    );
  }
  return size;
}

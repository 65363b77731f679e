// What a picture file says about how it was made, read from its header alone
// (no pixel is decoded): container format, dimensions, channels, bit depth,
// size on disk, and for JPEG the quality (from the quantisation tables),
// chroma subsampling and progressive coding; EXIF, ICC, XMP and text present.
//
// JPEG and PNG are walked here, segment by segment up to the first scan
// (JPEG SOS) or image data (PNG IDAT), with positioned reads of a few bytes
// each, so a file costs one or two small reads whatever its size. jpeg-js
// keeps the tables it parses to itself and sharp reports no tables, hence
// this reader. Other formats (WebP, GIF, TIFF, AVIF) are asked of sharp,
// which also reads only the header.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { sharp } from '../images/sharp-lib.js';
import { fsErrorReason, isErrnoError } from '../io/file-errors.js';
import { estimateJpegQuality, ZIGZAG } from './jpeg-quality.js';
import { isDecoded, sniffFormat } from '../images/sniff-format.js';

export type ContainerFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'other';

export interface JpegFacts {
  readonly quality: number;
  /** The tables are libjpeg's at that quality exactly (else the nearest). */
  readonly exactQuality: boolean;
  /** 4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1, grey, or other. */
  readonly subsampling: string;
  readonly progressive: boolean;
}

export interface FileFacts {
  readonly format: ContainerFormat;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly bitDepth: number;
  readonly fileBytes: number;
  readonly jpeg?: JpegFacts;
  readonly exif: boolean;
  readonly icc: boolean;
  readonly xmp: boolean;
  /** Comments (JPEG COM) or text chunks (PNG tEXt, zTXt, iTXt other than XMP). */
  readonly text: boolean;
}

/** Reads bytes of an open file at any position, the first 4 KB (where headers are) from one read. */
class FileBytes {
  private readonly head: Buffer;
  private readonly headLength: number;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {
    this.head = Buffer.alloc(Math.min(size, 4096));
    this.headLength = readSync(fd, this.head, 0, this.head.length, 0);
  }
  /** `length` bytes at `position`, or fewer at the end of the file. */
  at(position: number, length: number): Buffer {
    if (position + length <= this.headLength) return this.head.subarray(position, position + length);
    const out = Buffer.alloc(Math.max(0, Math.min(length, this.size - position)));
    const n = out.length > 0 ? readSync(this.fd, out, 0, out.length, position) : 0;
    return out.subarray(0, n);
  }
}

/** The container by its first bytes (images/sniff-format.ts); formats without a reader here are 'other'. */
function sniff(b: Buffer): ContainerFormat {
  const format = sniffFormat(b);
  return isDecoded(format) ? format : 'other';
}

const SUBSAMPLING: Record<string, string> = {
  '1x1': '4:4:4',
  '2x1': '4:2:2',
  '2x2': '4:2:0',
  '1x2': '4:4:0',
  '4x1': '4:1:1',
};

function jpegFacts(bytes: FileBytes): FileFacts {
  const tables = new Map<number, number[]>();
  let frame: { width: number; height: number; bitDepth: number; progressive: boolean } | undefined;
  let componentTables: number[] = [];
  let sampling: Array<[number, number]> = [];
  let exif = false;
  let icc = false;
  let xmp = false;
  let text = false;
  let pos = 2;
  for (;;) {
    const marker = bytes.at(pos, 4);
    if (marker.length < 2) break;
    if (marker[0] !== 0xff) throw new Error(`not a JPEG marker at byte ${pos} (the file is damaged)`);
    const code = marker[1];
    if (code === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (code === 0xd8 || code === 0x01 || (code >= 0xd0 && code <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (code === 0xd9 || marker.length < 4) break; // EOI, or the end of the file, before a scan
    const length = marker.readUInt16BE(2);
    if (length < 2) throw new Error(`a JPEG segment of length ${length} at byte ${pos} (the file is damaged)`);
    if (code === 0xda) {
      if (!frame) throw new Error('a JPEG scan before any frame header (the file is damaged)');
      const luminance = tables.get(componentTables[0]);
      if (!luminance) throw new Error('the JPEG quantisation table of the first component is missing');
      const chrominance = componentTables.length >= 3 ? tables.get(componentTables[1]) : undefined;
      const q = estimateJpegQuality(luminance, chrominance);
      const key =
        sampling.length >= 3 ? `${sampling[0][0] / sampling[1][0]}x${sampling[0][1] / sampling[1][1]}` : undefined;
      return {
        format: 'jpeg',
        width: frame.width,
        height: frame.height,
        channels: componentTables.length,
        bitDepth: frame.bitDepth,
        fileBytes: bytes.size,
        jpeg: {
          quality: q.quality,
          exactQuality: q.exact,
          subsampling: componentTables.length === 1 ? 'grey' : (SUBSAMPLING[key ?? ''] ?? 'other'),
          progressive: frame.progressive,
        },
        exif,
        icc,
        xmp,
        text,
      };
    }
    const body = (n: number) => bytes.at(pos + 4, Math.min(n, length - 2));
    if (code === 0xdb) {
      const b = body(length - 2);
      for (let at = 0; at < b.length;) {
        const precision = b[at] >> 4;
        const id = b[at] & 15;
        const table = new Array<number>(64);
        for (let k = 0; k < 64; k++)
          table[ZIGZAG[k]] = precision ? b.readUInt16BE(at + 1 + 2 * k) : (b[at + 1 + k] ?? Number.NaN);
        if (table.some((v) => !Number.isFinite(v))) throw new Error('a JPEG quantisation table is cut short');
        tables.set(id, table);
        at += 1 + 64 * (precision ? 2 : 1);
      }
    } else if (code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc) {
      const b = body(length - 2);
      const n = b[5] ?? 0;
      if (b.length < 6 + 3 * n) throw new Error('the JPEG frame header is cut short');
      frame = {
        bitDepth: b[0],
        height: b.readUInt16BE(1),
        width: b.readUInt16BE(3),
        progressive: code === 0xc2 || code === 0xc6 || code === 0xca || code === 0xce,
      };
      componentTables = Array.from({ length: n }, (_, i) => b[6 + 3 * i + 2]);
      sampling = Array.from({ length: n }, (_, i) => [b[6 + 3 * i + 1] >> 4, b[6 + 3 * i + 1] & 15]);
    } else if (code === 0xe1) {
      const id = body(29).toString('latin1');
      if (id.startsWith('Exif\0')) exif = true;
      else if (id.startsWith('http://ns.adobe.com/xap/1.0/')) xmp = true;
    } else if (code === 0xe2) {
      if (body(12).toString('latin1') === 'ICC_PROFILE\0') icc = true;
    } else if (code === 0xfe) {
      text = true;
    }
    pos += 2 + length;
  }
  throw new Error(frame ? 'the JPEG ends before its first scan (truncated)' : 'no JPEG frame header (truncated)');
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

function pngFacts(bytes: FileBytes): FileFacts {
  let pos = 8;
  let header: { width: number; height: number; bitDepth: number; channels: number } | undefined;
  let exif = false;
  let icc = false;
  let xmp = false;
  let text = false;
  for (;;) {
    const chunk = bytes.at(pos, 8);
    if (chunk.length < 8) break;
    const length = chunk.readUInt32BE(0);
    const type = chunk.toString('latin1', 4, 8);
    if (type === 'IHDR') {
      const b = bytes.at(pos + 8, 13);
      if (b.length < 13) break;
      const channels = PNG_CHANNELS[b[9]];
      if (channels === undefined) throw new Error(`PNG colour type ${b[9]} is not one PNG defines`);
      header = { width: b.readUInt32BE(0), height: b.readUInt32BE(4), bitDepth: b[8], channels };
    } else if (!header) {
      throw new Error('the PNG does not start with its IHDR chunk (the file is damaged)');
    } else if (type === 'IDAT') {
      return { format: 'png', ...header, fileBytes: bytes.size, exif, icc, xmp, text };
    } else if (type === 'iCCP') {
      icc = true;
    } else if (type === 'eXIf') {
      exif = true;
    } else if (type === 'iTXt' && bytes.at(pos + 8, 18).toString('latin1') === 'XML:com.adobe.xmp\0') {
      xmp = true;
    } else if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') {
      text = true;
    }
    pos += 12 + length;
  }
  throw new Error(header ? 'the PNG ends before its image data (truncated)' : 'no PNG header chunk (truncated)');
}

async function otherFacts(path: string, format: ContainerFormat, fileBytes: number): Promise<FileFacts> {
  if (format === 'other') throw new Error('not a picture format persodata reads (JPEG, PNG, WebP, GIF, TIFF, AVIF)');
  const meta = await sharp()(path, { limitInputPixels: false }).metadata();
  if (meta.width === undefined || meta.height === undefined) throw new Error(`the ${format} header gives no size`);
  const depthBits: Record<string, number> = { uchar: 8, char: 8, ushort: 16, short: 16, float: 32 };
  return {
    format,
    width: meta.width,
    height: meta.height,
    channels: meta.channels ?? 0,
    bitDepth: depthBits[meta.depth ?? 'uchar'] ?? 8,
    fileBytes,
    exif: meta.exif !== undefined,
    icc: meta.icc !== undefined,
    xmp: meta.xmp !== undefined,
    text: meta.comments !== undefined && meta.comments.length > 0,
  };
}

/** The facts of one picture file; throws a message naming what is wrong with it. */
export async function readFileFacts(path: string): Promise<FileFacts> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new Error('the file is empty');
    const bytes = new FileBytes(fd, size);
    const format = sniff(bytes.at(0, 12));
    const facts =
      format === 'jpeg' ? jpegFacts(bytes) : format === 'png' ? pngFacts(bytes) : await otherFacts(path, format, size);
    // a size of 0 would make the audit's per-pixel facts NaN
    if (facts.width < 1 || facts.height < 1)
      throw new Error(`the header gives a size of ${facts.width}x${facts.height}: a picture without pixels`);
    return facts;
  } finally {
    closeSync(fd);
  }
}

/** Every file's facts, in order; the files that cannot be read are listed by index instead. */
export async function readAllFacts(
  paths: readonly string[],
): Promise<{ facts: Array<FileFacts | undefined>; failures: Array<{ index: number; message: string }> }> {
  const facts: Array<FileFacts | undefined> = [];
  const failures: Array<{ index: number; message: string }> = [];
  for (let i = 0; i < paths.length; i++) {
    try {
      facts.push(await readFileFacts(paths[i]));
    } catch (err) {
      facts.push(undefined);
      failures.push({ index: i, message: isErrnoError(err) ? fsErrorReason(err) : (err as Error).message });
    }
  }
  return { facts, failures };
}

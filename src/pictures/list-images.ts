// The image files under a folder, read recursively: each named by its path
// relative to the folder with forward slashes (`cat/0001.jpg`), sorted by
// that name, so row order is the same on every machine. A file is a picture
// by its first bytes (a JPEG called `0001` is one) or, failing that, by an
// image extension (so that a damaged `x.jpg` is named when it fails to
// decode, not dropped). Pictures in a format no decoder here reads (BMP,
// HEIC), other files, and hidden files and folders are listed apart, so the
// caller can say what was left out.
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { fsErrorReason, isErrnoError, registerInput, registerRealInput } from '../io/file-errors.js';
import { InputError } from '../util/errors.js';
import { escapeControlBytes } from '../util/text.js';
import { isDecoded, sniffFile, type PictureFormat } from '../images/sniff-format.js';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'] as const;

export interface ImageFile {
  /** Path relative to the folder, '/'-separated. */
  readonly name: string;
  readonly path: string;
}

export interface ImageListing {
  readonly images: ImageFile[];
  /** Pictures by their bytes that nothing here decodes: relative name and format. */
  readonly undecodable: Array<{ readonly name: string; readonly format: PictureFormat }>;
  /** Relative names of regular files that are pictures neither by their bytes nor by their extension. */
  readonly others: string[];
  /** Relative names of hidden files and folders (a leading dot), not looked into. */
  readonly hidden: string[];
  /** What was passed over and why: link loops, unreadable links, FIFOs and other non-files. */
  readonly warnings: string[];
}

function isImageName(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function listImages(dir: string): ImageListing {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(`${dir}: no such folder`);
  }
  if (!st.isDirectory())
    throw new InputError(`${dir}: not a folder (--images and its kin take a folder of image files)`);
  const images: ImageFile[] = [];
  const undecodable: ImageListing['undecodable'] = [];
  const others: string[] = [];
  const hidden: string[] = [];
  const warnings: string[] = [];
  // folders on the way down (dev:ino), so a link back up is seen as the loop it is
  const ancestors = new Set<string>([`${st.dev}:${st.ino}`]);
  // `real`: the folder's real path, so that each file's is known without a call a file (registerRealInput)
  const walk = (abs: string, rel: string, real: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) {
        hidden.push(name);
        continue;
      }
      let target: Stats | undefined;
      try {
        target = entry.isSymbolicLink() || entry.isDirectory() ? statSync(path) : undefined;
      } catch (err) {
        warnings.push(`skipped ${name}: ${isErrnoError(err) ? fsErrorReason(err) : String(err)}`);
        continue;
      }
      if (target?.isDirectory()) {
        const id = `${target.dev}:${target.ino}`;
        if (ancestors.has(id)) {
          warnings.push(`skipped ${name}: a link back to a folder above it (a loop)`);
          continue;
        }
        ancestors.add(id);
        walk(path, name, entry.isSymbolicLink() ? realpathSync(path) : join(real, entry.name));
        ancestors.delete(id);
        continue;
      } else if (!(target ? target.isFile() : entry.isFile())) {
        warnings.push(`skipped ${name}: not a regular file`);
        continue;
      }
      // by its bytes where the name does not say picture (a JPEG called 0001), or names a format read by
      // sniffing alone (BMP, HEIC); a picture's extension is taken at its word, and a damaged x.jpg is the
      // decoder's to name. Sniffing every file cost 1.4-3.1 s a listing of CIFAR's 50000 train JPEGs.
      let format;
      try {
        if (!isImageName(entry.name)) format = sniffFile(path);
      } catch (err) {
        // a picture by its name that cannot be read is the decoder's to name (the run stops there)
        if (!isImageName(entry.name)) {
          warnings.push(`skipped ${name}: ${isErrnoError(err) ? fsErrorReason(err) : String(err)}`);
          continue;
        }
      }
      if (format !== undefined && !isDecoded(format)) undecodable.push({ name, format });
      else if (format !== undefined || isImageName(entry.name)) {
        if (escapeControlBytes(name) !== name) {
          throw new InputError(
            `${escapeControlBytes(join(dir, name))}: the picture's name holds a line break or control character; .ids files keep one name a line, so rename the file`,
          );
        }
        // read by this run: never an output of it
        if (entry.isSymbolicLink()) registerInput(path);
        else registerRealInput(join(real, entry.name));
        images.push({ name, path });
      } else others.push(name);
    }
  };
  walk(dir, '', realpathSync(dir));
  images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const list of [others, hidden]) list.sort();
  undecodable.sort((a, b) => (a.name < b.name ? -1 : 1));
  if (images.length === 0) {
    throw new InputError(
      `${dir}: no pictures (JPEG, PNG, WebP, GIF, TIFF, AVIF) in this folder or below it` +
        (undecodable.length
          ? `; ${undecodable.length} in formats persodata cannot decode, e.g. ${undecodable[0].name} (${undecodable[0].format.toUpperCase()})`
          : '') +
        (others.length ? `; found ${others.length} other files, e.g. ${others[0]}` : ''),
    );
  }
  return { images, undecodable, others, hidden, warnings };
}

/** "2 pictures in formats persodata cannot decode (a.bmp BMP, b.heic HEIC; convert them to PNG or JPEG)". */
export function undecodableList(undecodable: ImageListing['undecodable'], most = 10): string {
  const shown = undecodable
    .slice(0, most)
    .map((u) => `${u.name} ${u.format.toUpperCase()}`)
    .join(', ');
  const more = undecodable.length > most ? `, and ${undecodable.length - most} more` : '';
  return `${undecodable.length} picture(s) in formats persodata cannot decode (${shown}${more}; convert them to PNG or JPEG)`;
}

// The image files under a folder, read recursively: each named by its path
// relative to the folder with forward slashes (`cat/0001.jpg`), sorted by
// that name, so row order is the same on every machine. Hidden files and
// folders are skipped; files without an image extension are listed apart
// so the caller can say which were left out.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { fsErrorReason, isErrnoError } from '../io/file-errors.js';
import { InputError } from '../util/errors.js';
import { escapeControlBytes } from '../util/text.js';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'] as const;

export interface ImageFile {
  /** Path relative to the folder, '/'-separated. */
  readonly name: string;
  readonly path: string;
}

export interface ImageListing {
  readonly images: ImageFile[];
  /** Relative names of regular files that are not images by extension. */
  readonly others: string[];
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
  const others: string[] = [];
  const warnings: string[] = [];
  // folders on the way down (dev:ino), so a link back up is seen as the loop it is
  const ancestors = new Set<string>([`${st.dev}:${st.ino}`]);
  const walk = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(abs, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
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
        walk(path, name);
        ancestors.delete(id);
      } else if (!(target ? target.isFile() : entry.isFile())) {
        warnings.push(`skipped ${name}: not a regular file`);
      } else if (isImageName(entry.name)) {
        if (escapeControlBytes(name) !== name) {
          throw new InputError(
            `${escapeControlBytes(join(dir, name))}: the picture's name holds a line break or control character; .ids files keep one name a line, so rename the file`,
          );
        }
        images.push({ name, path });
      } else others.push(name);
    }
  };
  walk(dir, '');
  images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  others.sort();
  if (images.length === 0) {
    throw new InputError(
      `${dir}: no image files (${IMAGE_EXTENSIONS.join(', ')}) in this folder or below it` +
        (others.length ? `; found ${others.length} other files, e.g. ${others[0]}` : ''),
    );
  }
  return { images, others, warnings };
}

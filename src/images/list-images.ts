// The image files under a folder, read recursively: each named by its path
// relative to the folder with forward slashes (`cat/0001.jpg`), sorted by
// that name, so row order is the same on every machine. Hidden files and
// folders are skipped; files without an image extension are listed apart
// so the caller can say which were left out.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';

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
  if (!st.isDirectory()) throw new InputError(`${dir}: not a folder (--images and its kin take a folder of image files)`);
  const images: ImageFile[] = [];
  const others: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(abs, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isDirectory());
      if (isDir) walk(path, name);
      else if (isImageName(entry.name)) images.push({ name, path });
      else others.push(name);
    }
  };
  walk(dir, '');
  images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  others.sort();
  if (images.length === 0) {
    throw new InputError(`${dir}: no image files (${IMAGE_EXTENSIONS.join(', ')}) in this folder or below it` + (others.length ? `; found ${others.length} other files, e.g. ${others[0]}` : ''));
  }
  return { images, others };
}

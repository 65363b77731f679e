// The folder layering: no two folders of src/ import each other, directly or
// round a loop, so each algorithm's folder can be read (and moved) whole.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

function folderGraph(): Map<string, Set<string>> {
  const src = join(ROOT, 'src');
  const graph = new Map<string, Set<string>>();
  const folderOf = (path: string) => relative(src, path).split('/')[0];
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const from = relative(src, file).includes('/') ? folderOf(file) : '.';
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.\.?\/[^']+)'/g)) {
      const target = normalize(join(dirname(file), m[1]));
      const to = relative(src, target).includes('/') ? folderOf(target) : '.';
      if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

describe('layering', () => {
  it('src/ folders import each other without cycles', () => {
    const graph = folderGraph();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
        else visit(next, [...path, next]);
      }
    };
    for (const node of graph.keys()) visit(node, [node]);
    expect(cycles).toEqual([]);
    expect([...(graph.get('parallel') ?? [])]).toEqual(['util']);
  });
});

describe('scripts and the benchmark', () => {
  it('import only compiled modules that exist in src/ (a moved module breaks them silently otherwise)', () => {
    const missing: string[] = [];
    const files = [
      'bench/bench.mjs',
      'bench/lib/common.mjs',
      ...readdirSync(join(ROOT, 'bench', 'sections')).map((f) => `bench/sections/${f}`),
      ...readdirSync(join(ROOT, 'scripts')).map((f) => `scripts/${f}`),
    ];
    expect(files.length).toBeGreaterThan(14);
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const modules = [
        ...[...text.matchAll(/dist\('([^']+)\.js'\)/g)].map((m) => m[1]),
        ...[...text.matchAll(/'\.\.\/dist\/([^']+)\.js'/g)].map((m) => m[1]),
      ];
      for (const module of modules) {
        if (!existsSync(join(ROOT, 'src', `${module}.ts`))) missing.push(`${file}: ${module}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

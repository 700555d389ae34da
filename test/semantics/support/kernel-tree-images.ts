/**
 * Test support: Images for a series from a small kernel-tree fixture
 * (every file fully known), made by applying each patch with patch(1) in a
 * scratch copy — independent of src/tree.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Series } from '../../../src/patchwork/series.ts';
import type { FileImage, Images } from '../../../src/tree/images.ts';

export const KERNEL_TREE = new URL('../../../fixtures/tph-kernel-standin/kernel-tree/', import.meta.url).pathname;

function touchedPaths(diff: string): string[] {
  return [...diff.matchAll(/^diff --git a\/\S+ b\/(\S+)$/gm)].map((m) => m[1]!);
}

function image(text: string | null): FileImage {
  if (text === null) return { text: null, known: [], lineCount: null };
  const n = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return { text, known: [{ start: 1, end: n }], lineCount: n };
}

export function imagesFromKernelTree(series: Series, tree = KERNEL_TREE): Images {
  const dir = mkdtempSync(join(tmpdir(), 'abi-check-semantics-'));
  try {
    cpSync(tree, dir, { recursive: true });
    const paths = [...new Set(series.patches.flatMap((p) => touchedPaths(p.diff)))];
    const read = (p: string) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : null);
    const files: Record<string, FileImage[]> = Object.fromEntries(paths.map((p) => [p, [image(read(p))]]));
    for (const patch of series.patches) {
      execFileSync('patch', ['-p1', '-F0', '-s', '-d', dir], { input: patch.diff });
      for (const p of paths) files[p]!.push(image(read(p)));
    }
    return {
      source: 'tree',
      base: paths.map((p) => ({ path: p, blob: null, exact: false, source: 'tree' as const, how: 'test fixture' })),
      files,
      applied: series.patches.map(() => []),
      notes: [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Applies a series patch by patch to the base images of the files it touches
 * and keeps every intermediate image: path → [base, after #1, after #2, …].
 */
import type { AppliedFile } from './images.ts';
import type { FilePatch } from './patch-model.ts';
import { type BeforeHunk, applyFilePatch } from './apply-file-patch.ts';
import type { WorkImage } from './work-image.ts';

export interface SeriesApplication {
  /** Per path, length patches + 1; null where the file does not exist. */
  images: Map<string, (WorkImage | null)[]>;
  applied: AppliedFile[][];
  notes: string[];
}

export interface ApplySeriesHooks {
  /** Gives, per file section, a function called before each of its hunks. */
  beforeHunk?: (fp: FilePatch) => BeforeHunk | undefined;
}

export function applySeries(
  bases: ReadonlyMap<string, WorkImage | null>,
  patches: readonly FilePatch[][],
  hooks: ApplySeriesHooks = {},
): SeriesApplication {
  const current = new Map<string, WorkImage | null>(bases);
  const history = new Map<string, (WorkImage | null)[]>();
  for (const [path, image] of bases) history.set(path, [image]);
  const applied: AppliedFile[][] = [];
  const notes: string[] = [];

  patches.forEach((filePatches, i) => {
    const results: AppliedFile[] = [];
    for (const fp of filePatches) {
      const step = applyFilePatch(current, fp, hooks.beforeHunk?.(fp));
      for (const [p, image] of step.updates) {
        if (!history.has(p)) history.set(p, Array<WorkImage | null>(i + 1).fill(null));
        current.set(p, image);
      }
      results.push(step.applied);
      notes.push(...step.notes.map((n) => `patch ${i + 1}: ${n}`));
    }
    applied.push(results);
    notes.push(...summarise(i + 1, results));
    for (const [p, images] of history) images.push(current.get(p) ?? null);
  });
  return { images: history, applied, notes };
}

/** One line per kind of trouble in a patch: failed hunks, whitespace damage, already-applied hunks. */
function summarise(index: number, files: AppliedFile[]): string[] {
  const notes: string[] = [];
  const all = files.flatMap((f) => f.hunks.map((h) => ({ f, h })));
  const failed = all.filter((x) => x.h.status === 'failed');
  for (const { f, h } of failed) {
    notes.push(`patch ${index}: hunk ${h.header} of ${f.path} did not apply: ${h.reason ?? 'context not found'}`);
  }
  const ws = all.filter((x) => x.h.status === 'whitespace');
  if (ws.length > 0) {
    const paths = [...new Set(ws.map((x) => x.f.path))].join(', ');
    notes.push(
      `patch ${index} is whitespace-damaged: ${ws.length} of ${all.length} hunks (${paths}) matched only when ignoring ` +
        `whitespace (e.g. runs of spaces collapsed in transit); context lines were kept from the base and added lines taken as written`,
    );
  }
  const done = all.filter((x) => x.h.status === 'already-applied');
  if (done.length > 0) {
    notes.push(
      done.length === all.length
        ? `patch ${index} is already applied to the base (every hunk reverse-applies)`
        : `patch ${index}: ${done.length} of ${all.length} hunks are already applied`,
    );
  }
  const fuzzed = all.filter((x) => x.h.status === 'fuzz');
  if (fuzzed.length > 0) {
    notes.push(`patch ${index}: ${fuzzed.length} hunk(s) applied with fuzz (context lines ignored); check the result`);
  }
  return notes;
}

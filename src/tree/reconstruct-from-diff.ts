/**
 * Without a tree, the base of a file is what the hunks show of it: every
 * context and '-' line of every patch, mapped back to its base line number
 * through the patches before it. Unknown lines stay unknown and are reported
 * as gaps (FileImage.known).
 *
 * Pass 1 applies the series to fully unknown bases and, before each hunk,
 * fills the unknown lines the hunk shows (recording them as base lines).
 * The learned bases are then returned; applying the series to them again
 * (pass 2, by the caller) gives images whose known ranges are exact.
 */
import { hunkStartIndex, normaliseWhitespace } from './apply-hunk.ts';
import type { BeforeHunk } from './apply-file-patch.ts';
import { applySeries } from './apply-series.ts';
import type { FilePatch } from './patch-model.ts';
import { type WorkImage, extendTo, isKnown } from './work-image.ts';

interface Learned {
  lines: Map<number, string>;
  /** Last line of the file, when a hunk showed the end (deleted file, "\ No newline"). */
  end: number | null;
  noEol: boolean;
}

/** A base of which nothing is known yet. */
export function unknownBase(path: string): WorkImage {
  return { cells: [], tail: { path, line: 1 }, noEol: false };
}

/**
 * Learns the bases of `unknownPaths` from the hunks of all patches. `knownBases`
 * (files whose real content was found) take part so that renames and
 * cross-file sequences stay consistent; they are returned unchanged.
 */
export function reconstructBases(
  unknownPaths: readonly string[],
  knownBases: ReadonlyMap<string, WorkImage | null>,
  patches: readonly FilePatch[][],
): Map<string, WorkImage | null> {
  const learned = new Map<string, Learned>(unknownPaths.map((p) => [p, { lines: new Map(), end: null, noEol: false }]));
  const start = new Map<string, WorkImage | null>(knownBases);
  for (const p of unknownPaths) start.set(p, unknownBase(p));

  applySeries(start, patches, { beforeHunk: (fp) => learnFrom(fp, learned) });

  const bases = new Map<string, WorkImage | null>(knownBases);
  for (const [path, l] of learned) bases.set(path, baseFromLearned(path, l));
  return bases;
}

function learnFrom(fp: FilePatch, learned: Map<string, Learned>): BeforeHunk {
  return (image, hunk, cursor) => {
    if (hunk.malformed) return image;
    const at = hunkStartIndex(hunk) + cursor.shift + cursor.lastOffset;
    const old = hunk.lines.filter((l) => l.op !== '+').map((l) => l.text);
    const img = extendTo(image, at + old.length + 1);
    // A hunk that contradicts what is already known is not learned from (it will be searched for, or fail).
    for (let k = 0; k < old.length; k++) {
      const cell = img.cells[at + k];
      if (isKnown(cell) && normaliseWhitespace(cell) !== normaliseWhitespace(old[k]!)) return image;
    }
    const cells = img.cells.slice();
    for (let k = 0; k < old.length; k++) {
      const cell = cells[at + k];
      // Past the known end of the file there is nothing to learn: the hunk will fail.
      if (cell === undefined || isKnown(cell)) continue;
      learned.get(cell.path)?.lines.set(cell.line, old[k]!);
      cells[at + k] = old[k]!;
    }
    const showsEnd = hunk.oldNoEol || (fp.change === 'delete' && hunk === fp.hunks[fp.hunks.length - 1]);
    if (showsEnd) {
      const next = img.cells[at + old.length] ?? img.tail;
      if (next && !isKnown(next)) {
        const l = learned.get(next.path);
        if (l) {
          l.end = next.line - 1;
          l.noEol = hunk.oldNoEol;
        }
      }
    }
    return { cells, tail: img.tail, noEol: img.noEol };
  };
}

function baseFromLearned(path: string, l: Learned): WorkImage {
  const last = l.end ?? Math.max(0, ...l.lines.keys());
  const cells: WorkImage['cells'] = [];
  for (let line = 1; line <= last; line++) cells.push(l.lines.get(line) ?? { path, line });
  return { cells, tail: l.end === null ? { path, line: last + 1 } : null, noEol: l.end !== null && l.noEol };
}

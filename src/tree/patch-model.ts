/**
 * The parsed shape of one patch's diff: what each file section changes and
 * its hunks. Plain data, produced by parse-patch.ts, consumed by the appliers.
 */

export type LineOp = ' ' | '-' | '+';

export interface HunkLine {
  op: LineOp;
  /** The line without its op character and without the newline. */
  text: string;
}

export interface Hunk {
  /** `@@ -a,b +c,d @@ section` as written. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: HunkLine[];
  /** `\ No newline at end of file` after the last old-side / new-side line. */
  oldNoEol: boolean;
  newNoEol: boolean;
  /** Set when the hunk body does not match its header's line counts (truncated or mangled mail). */
  malformed?: string;
}

export type FileChange = 'modify' | 'add' | 'delete' | 'rename' | 'copy' | 'mode' | 'binary';

export interface FilePatch {
  /** Path before the patch (null for a new file). Repository-relative, validated. */
  oldPath: string | null;
  /** Path after the patch (null for a deleted file). */
  newPath: string | null;
  change: FileChange;
  /** Abbreviated blob hashes from the `index` line, when present. */
  oldBlob: string | null;
  newBlob: string | null;
  oldMode: string | null;
  newMode: string | null;
  hunks: Hunk[];
}

/** A blob id of all zeros names "no file" in git's `index` lines. */
export function isNullBlob(blob: string | null): boolean {
  return blob !== null && /^0+$/.test(blob);
}

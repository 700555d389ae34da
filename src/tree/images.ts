/**
 * What src/tree hands to later stages: for every path the series touches, its
 * base and its content after each patch, plus how each hunk applied.
 * Plus two helpers on file images: whether one is whole, and a whole one from text.
 */

export type BaseSource = 'tree' | 'github' | 'diff-context';

/** A line range [start, end] (1-based, inclusive) whose content is known. */
export interface KnownRange {
  start: number;
  end: number;
}

export interface FileImage {
  /** null when the file does not exist at this point (new file before, deleted after). */
  text: string | null;
  /** Lines whose content is known; a full file has one range covering it all.
   *  With base.source 'diff-context' only the lines the hunks show are known and
   *  `text` holds them at their line numbers with unknown lines left empty. */
  known: KnownRange[];
  /** Total line count when known, else null. */
  lineCount: number | null;
}

export type HunkStatus = 'exact' | 'offset' | 'fuzz' | 'whitespace' | 'already-applied' | 'failed';

export interface HunkResult {
  status: HunkStatus;
  /** Line offset from where the hunk said it applies. */
  offset: number;
  fuzz: number;
  /** Hunk header, e.g. `@@ -10,7 +10,8 @@`, for reports. */
  header: string;
  /** Where it landed in the post-image (1-based) when applied. */
  newStart?: number;
  reason?: string;
}

export interface AppliedFile {
  path: string;
  oldPath: string | null;
  change: 'modify' | 'add' | 'delete' | 'rename' | 'mode' | 'binary';
  hunks: HunkResult[];
}

export interface BaseFile {
  path: string;
  /** Blob hash of the base used, when known. */
  blob: string | null;
  /** True only when the base blob equals the diff's index line. */
  exact: boolean;
  source: BaseSource;
  /** How it was found: 'index blob', 'base-commit', 'HEAD', 'github ref', 'github history', 'diff context'. */
  how: string;
}

export interface Images {
  source: BaseSource;
  base: BaseFile[];
  /** path → [base, after patch 1, after patch 2, …] (length = patches + 1). */
  files: Record<string, FileImage[]>;
  /** Per patch (0-based array, patch index = i + 1): what applied. */
  applied: AppliedFile[][];
  notes: string[];
}

/** The image is the whole file (every line known). */
export function isWholeImage(image: FileImage): boolean {
  return image.lineCount !== null && image.known.length === 1 && image.known[0]!.start === 1 && image.known[0]!.end >= image.lineCount;
}

/** A file whose every line is known (one made rather than read: a generated header). */
export function wholeImage(text: string): FileImage {
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return { text, known: [{ start: 1, end: lines }], lineCount: lines };
}

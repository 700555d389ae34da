/** What a preprocess run is given and what it returns (preprocessor.ts runs it, index.ts is the stage's entry). */
import type { AbiName } from '../../abi/layout-types.ts';
import type { MacroDef, SourceLoc } from '../type-model.ts';
import type { PpDiagnostic } from './diagnostic.ts';
import type { MacroLookup } from './expander.ts';
import type { PreprocessCache } from './file-cache.ts';
import type { IncludeSpan } from './include-replay.ts';

export interface PreprocessOptions {
  abi: AbiName;
  /** Define `__KERNEL__` (in-kernel code); false for uAPI headers. */
  kernel: boolean;
  /** Searched for `<…>`, and for `"…"` after the including file's directory. */
  includeDirs: string[];
  /** A kernel source tree: its include directories are searched after includeDirs (see include-paths.ts). */
  kernelTree?: string;
  /**
   * Searched last, after the kernel tree's directories and its asm-generic
   * fallback (GCC's -idirafter): the system's include directories, for
   * <stddef.h> and the like, which must not shadow a kernel tree's headers.
   */
  afterDirs?: string[];
  /** Injectable IO: the file's text, or null when it does not exist. Default: the file system. */
  readFile?: (path: string) => string | null;
  /**
   * Files a kernel build generates, which the tree may lack for this ABI
   * (../kernel-offsets-headers.ts): the text `path` reads as (null: missing),
   * or undefined to read it as usual. Asked once per path and run.
   */
  generatedFile?: (path: string) => string | null | undefined;
  /** Extra macros (`-D`): key `NAME` or `NAME(params)`, value the replacement. */
  predefined?: Record<string, string>;
  /** Bound on tokens produced by macro expansion (default 10,000,000). */
  maxTokens?: number;
  /** Bound on #include nesting and on nested macro-argument expansion (default 200). */
  maxDepth?: number;
  /** Token cache shared between runs (default: one per process). */
  cache?: PreprocessCache;
  /** Replay recorded inclusions (include-replay.ts) instead of preprocessing them again. Default true. */
  replayIncludes?: boolean;
}

export interface PreprocessResult {
  abi: AbiName;
  /** The expanded source, one output line per source line with text; tokens separated by single spaces where needed. */
  text: string;
  /** Origin (file, 1-based line) of each output line; index = 0-based output line. */
  origins: SourceLoc[];
  /** Output rows that top-level recorded or replayed inclusions produced, in order (include-replay.ts). */
  includeSpans: IncludeSpan[];
  /**
   * Rows that a file's own part after its last #include produced, at any
   * depth, when that part was replayed or recorded as a tail (tail-replay.ts),
   * in order: the same `recording` object stands for the same text and
   * origins on every ABI.
   */
  tailSpans: IncludeSpan[];
  /** The macro table at the end (predefined macros included, file `<built-in>`). */
  macros: Map<string, MacroDef>;
  /** Every file read, in the order first read (the main file first). */
  files: string[];
  diagnostics: PpDiagnostic[];
  /** The internal table, for expandMacroText. */
  readonly table: MacroLookup;
}

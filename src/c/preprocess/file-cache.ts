/**
 * Reading and tokenising files once per process. Tokens are immutable, so a
 * file's token list is shared by every preprocess run that includes it, on
 * every ABI. Files read from disk are revalidated by size and mtime (one
 * stat) when their last check is older than `revalidateAfterMs` (default
 * 1 s: a batch of runs does not stat the same header thousands of times, and
 * an edited file is seen a second later); texts from an injected reader are
 * revalidated by comparing the text.
 */
import { readFileSync, statSync } from 'node:fs';
import { compactTokens, type CompactTokens } from './compact-tokens.ts';
import { diag } from './diagnostic.ts';
import { lexFile, type LexedFile } from './lexer.ts';
import type { Macro } from './macro.ts';
import { ReplayStore } from './include-replay.ts';
import { registerCache } from '../memory-pressure.ts';

interface DiskEntry {
  mtimeMs: number;
  size: number;
  /** null: missing or not a regular file. */
  text: string | null;
  checkedAt: number;
}

interface LexEntry {
  text: string;
  file: LexedFile;
  /** Parsed `#define`s by token index, shared across runs. */
  defines: Map<number, Macro | string>;
}

const MAX_CACHED_TEXT = 2_000_000;
const VERSIONS_PER_PATH = 4;

export class PreprocessCache {
  private readonly disk = new Map<string, DiskEntry>();
  private readonly dirs = new Map<string, { is: boolean; checkedAt: number }>();
  private readonly lexed = new Map<string, LexEntry[]>();
  /** Lexing results by text, shared by every path with that text. */
  private readonly byText = new Map<string, { compact: CompactTokens; guard: string | null; diagnostics: { line: number; message: string; severity: 'error' | 'warning' }[] }>();
  private readonly revalidateAfterMs: number;
  /** Include recordings by preprocessing configuration; an injected reader gets its own. */
  private readonly replays = new Map<string, ReplayStore>();
  private readerReplays = new WeakMap<object, Map<string, ReplayStore>>();

  constructor(opts: { revalidateAfterMs?: number } = {}) {
    this.revalidateAfterMs = opts.revalidateAfterMs ?? 1000;
  }

  /** The file's text from disk, or null when it is missing or not a regular file. */
  readDisk(path: string): string | null {
    const now = Date.now();
    const hit = this.disk.get(path);
    if (hit && now - hit.checkedAt < this.revalidateAfterMs) return hit.text;
    let st;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st || !st.isFile()) {
      this.disk.set(path, { mtimeMs: 0, size: -1, text: null, checkedAt: now });
      return null;
    }
    if (hit && hit.text !== null && hit.mtimeMs === st.mtimeMs && hit.size === st.size) {
      hit.checkedAt = now;
      return hit.text;
    }
    let text: string | null;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = null;
    }
    this.disk.set(path, { mtimeMs: st.mtimeMs, size: st.size, text, checkedAt: now });
    return text;
  }

  /** Whether `path` is a directory (rechecked like a file's text, after revalidateAfterMs). */
  isDirectory(path: string): boolean {
    const now = Date.now();
    const hit = this.dirs.get(path);
    if (hit && now - hit.checkedAt < this.revalidateAfterMs) return hit.is;
    let is = false;
    try {
      is = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      is = false;
    }
    this.dirs.set(path, { is, checkedAt: now });
    return is;
  }

  /**
   * Tokens of `text` as the file `path`, reusing an earlier lexing of the
   * same text. A few versions per path are kept, so the images of a patched
   * file (before, after each patch) stay cached across ABIs.
   */
  lex(path: string, text: string): LexEntry {
    const versions = this.lexed.get(path);
    if (versions) {
      const k = versions.findIndex((e) => e.text === text);
      if (k >= 0) {
        const hit = versions[k]!;
        if (k > 0) versions.unshift(...versions.splice(k, 1));
        return hit;
      }
    }
    if (text.length > MAX_CACHED_TEXT) {
      // Huge files (generated tables, fuzz input) are tokenised on demand and not kept.
      return { text, file: { path, compact: null, diagnostics: [], guard: null, streamText: text }, defines: new Map() };
    }
    const entry: LexEntry = { text, file: this.lexShared(path, text), defines: new Map() };
    if (versions) {
      versions.unshift(entry);
      if (versions.length > VERSIONS_PER_PATH) versions.pop();
    } else this.lexed.set(path, [entry]);
    return entry;
  }

  /** `path`'s tokens, lexed once per text (sysroots hold identical copies of most headers). */
  private lexShared(path: string, text: string): LexedFile {
    let shared = this.byText.get(text);
    if (!shared) {
      const lexed = lexFile(path, text);
      shared = { compact: compactTokens(lexed.tokens), guard: lexed.guard, diagnostics: lexed.diagnostics.map((d) => ({ line: d.loc.line, message: d.message, severity: d.severity })) };
      this.byText.set(text, shared);
    }
    return {
      path,
      compact: shared.compact,
      guard: shared.guard,
      diagnostics: shared.diagnostics.map((d) => diag(path, d.line, d.message, d.severity)),
    };
  }

  /** The include recordings of one configuration (ABI, include path, predefined macros, limits …), `variants` kept per key. */
  replayStore(config: string, reader?: object, variants?: number): ReplayStore {
    let stores = this.replays;
    if (reader) {
      let own = this.readerReplays.get(reader);
      if (!own) this.readerReplays.set(reader, (own = new Map()));
      stores = own;
    }
    let store = stores.get(config);
    if (!store) stores.set(config, (store = new ReplayStore(variants)));
    return store;
  }

  clear(): void {
    this.disk.clear();
    this.dirs.clear();
    this.lexed.clear();
    this.byText.clear();
    this.replays.clear();
    this.readerReplays = new WeakMap();
  }
}

/** The cache used when PreprocessOptions.cache is not given. */
export const processCache = new PreprocessCache();
registerCache(() => processCache.clear());

/**
 * Translation phase 4 (C11 6.10): directives, conditional inclusion, source
 * file inclusion and macro expansion, producing one output line per source
 * line that has text, each with its origin.
 *
 * The current file is a TokenSource that executes directives as it meets
 * them (also while a macro invocation is looking for its arguments, as GCC
 * does) and skips inactive groups by looking only at the `#` lines. The
 * MacroExpander pulls from it.
 */
import { posix as path } from 'node:path';
import type { MacroDef, SourceLoc } from '../type-model.ts';
import { abiTarget, expressionTargetOf } from './abi-targets.ts';
import { diag, type PpDiagnostic } from './diagnostic.ts';
import { DYNAMIC_MACROS, headerName, IF_OPERATORS, MacroExpander, type ExpansionHost, type TokenSource } from './expander.ts';
import { processCache, type PreprocessCache } from './file-cache.ts';
import { hasAttribute, hasBuiltin, hasCAttribute } from './gcc-features.ts';
import { AUTOCONF, treeConfigText } from './kernel-config.ts';
import { includeSearch, kernelInternalHeader, kernelInternalMessage, notFoundMessage, resolveInclude, treeNamespaceLacking, type IncludeSearch } from './include-paths.ts';
import { evaluateTokens, ExpressionError } from './integer-expression.ts';
import { FileTokens } from './file-tokens.ts';
import { Lexer, type LexedFile } from './lexer.ts';
import { IncludeReplayer, type IncludeRecorder, type IncludeSpan, type ReplayRun } from './include-replay.ts';
import { TAIL_VARIANTS, TailReplay } from './tail-replay.ts';
import { skipGroup, type Conditional, type GroupHost } from './skip-group.ts';
import { parseDefine, sameDefinition, type Macro } from './macro.ts';
import { MacroTable } from './macro-table.ts';
import { cachedMacroDef, commandLineMacro, EXPORTED_HEADERS_MACRO, predefinedTable } from './shared-macros.ts';
import { needsSpace, spellTokens, type Token } from './token.ts';
import type { PreprocessOptions, PreprocessResult } from './preprocess-contract.ts';

export type { PreprocessOptions, PreprocessResult } from './preprocess-contract.ts';

interface Frame {
  file: LexedFile;
  toks: FileTokens;
  /** Tokenised on demand (a huge file): its lexer's diagnostics are reported at the end. */
  lexer: Lexer | null;
  defines: Map<number, Macro | string>;
  pos: number;
  dirIndex: number;
  conds: Conditional[];
  /** #line adjustments: presumed line = physical + lineDelta. */
  lineDelta: number;
  presumedFile: string;
  /** This inclusion is being recorded for replay. */
  recorder?: IncludeRecorder;
  /** A tail may start at the next line (tail-replay.ts). */
  tailDue: boolean;
  /** This file's tail being recorded. */
  tail: IncludeRecorder | null;
}

const DEFAULT_MAX_TOKENS = 10_000_000;
/** Kernel-internal headers that uAPI headers include in the tree but not once exported. */
const UAPI_EXPORT_DROPS = new Set(['linux/compiler.h', 'linux/compiler_types.h']);
const DEFAULT_MAX_DEPTH = 200;

export function runPreprocessor(input: { path: string; text: string }, opts: PreprocessOptions): PreprocessResult {
  return new Preprocessor(opts).run(input);
}

class Preprocessor implements TokenSource, ReplayRun {
  private readonly opts: PreprocessOptions;
  private readonly cache: PreprocessCache;
  readonly macros: MacroTable;
  readonly diagnostics: PpDiagnostic[] = [];
  private readonly files: string[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly onceFiles = new Set<string>();
  private readonly pushedMacros = new Map<string, (Macro | undefined)[]>();
  private readonly frames: Frame[] = [];
  private readonly search: IncludeSearch;
  private readonly texts = new Map<string, string | null>();
  /** `<tree>/include/generated/autoconf.h` for in-kernel code in a tree (its text is the configuration this ABI reads), else null. */
  private readonly autoconfPath: string | null;
  readonly host: ExpansionHost;
  private readonly ifHost: ExpansionHost;
  private readonly exists: (p: string) => boolean;
  readonly maxDepth: number;
  readonly origins: SourceLoc[] = [];
  /** Output text pieces (tokens, spaces, newlines), joined once at the end. */
  readonly out: string[] = [];
  /** Characters in `out` so far: where the next piece starts in the output text. */
  outChars = 0;
  readonly spans: IncludeSpan[] = [];
  private curFile = '';
  private curLineNo = -1;
  private prev: Token | null = null;
  private expander: MacroExpander | null = null;
  private readonly replayer: IncludeReplayer | null;
  /** What skipping an inactive group needs (skip-group.ts). */
  private readonly groups: GroupHost = {
    directiveLine: (f) => this.directiveLine(f as Frame),
    evalIf: (rest, hash) => this.evalIf(rest, hash),
    isDefined: (name) => this.isDefined(name),
    report: (file, line, message) => this.diagnostics.push(diag(file, line, message)),
  };
  /** Each file's own part after its last #include, shared across configurations (tail-replay.ts). */
  private readonly tail: TailReplay | null;
  readonly tails: IncludeSpan[] = [];

  constructor(opts: PreprocessOptions) {
    this.opts = opts;
    this.cache = opts.cache ?? processCache;
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    const target = abiTarget(opts.abi);
    this.search = includeSearch(opts.includeDirs, opts.kernelTree, target.archDir, opts.kernel, opts.afterDirs);
    this.autoconfPath = opts.kernel && opts.kernelTree !== undefined ? path.join(opts.kernelTree, AUTOCONF) : null;
    this.macros = new MacroTable(predefinedTable(opts.abi, opts.kernel));
    if (opts.kernelTree !== undefined && !opts.kernel) this.macros.set(EXPORTED_HEADERS_MACRO.name, EXPORTED_HEADERS_MACRO);
    for (const [spec, body] of Object.entries(opts.predefined ?? {})) {
      const m = commandLineMacro(spec, body);
      this.macros.set(m.name, m);
    }
    this.host = {
      macros: this.macros,
      diagnostics: this.diagnostics,
      budget: { used: 0, max: opts.maxTokens ?? DEFAULT_MAX_TOKENS, exhausted: false },
      counter: { value: 0 },
      presumed: (tok) => this.presumed(tok),
      includeLevel: () => {
        this.replayer?.poison();
        return this.frames.length - 1;
      },
      depth: 0,
      maxDepth: this.maxDepth,
      pragma: (text, at) => this.emitPragmaLine(text, at),
    };
    const abi = opts.abi;
    this.ifHost = {
      ...this.host,
      ifOperators: {
        hasInclude: (name, angled, next) => {
          this.poisonTail();
          return this.resolve(name, angled, this.frames[this.frames.length - 1]!, next) !== null;
        },
        hasAttribute: (name) => {
          this.poisonTail();
          return hasAttribute(abi, name);
        },
        hasCAttribute: (name) => hasCAttribute(name),
        hasBuiltin: (name) => hasBuiltin(name),
      },
    };
    this.exists = (p) => this.load(p) !== null;
    const config = [opts.abi, opts.kernel, opts.kernelTree ?? '', JSON.stringify(opts.predefined ?? {}), ...opts.includeDirs, '-idirafter', ...(opts.afterDirs ?? [])].join('\0');
    this.replayer = opts.replayIncludes === false ? null : new IncludeReplayer(this.cache.replayStore(config, opts.readFile), this);
    this.tail = this.replayer ? new TailReplay(this.replayer, this.cache.replayStore('\0tail', opts.readFile, TAIL_VARIANTS), this) : null;
  }

  run(input: { path: string; text: string }): PreprocessResult {
    const main = this.cache.lex(input.path, input.text);
    this.noteFile(input.path);
    this.texts.set(input.path, input.text);
    this.pushFrame(main.file, main.defines, -1);
    if (this.opts.kernel && this.opts.kernelTree) {
      // As Kbuild: -include kconfig.h -include compiler_types.h (frames are a stack: last pushed runs first).
      this.preInclude(path.join(this.opts.kernelTree, 'include/linux/compiler_types.h'));
      this.preInclude(path.join(this.opts.kernelTree, 'include/linux/kconfig.h'));
    }
    if (!this.opts.kernel) {
      // GCC implicitly includes <stdc-predef.h> (glibc's __STDC_IEC_559__ …) when it is on the path.
      const predef = resolveInclude(this.search, 'stdc-predef.h', true, input.path, -1, false, this.exists);
      if (predef) this.preInclude(predef.path);
    }
    const ex = new MacroExpander(this.host, this);
    this.expander = ex;
    for (;;) {
      const tok = ex.next();
      if (tok) {
        this.emit(tok);
        continue;
      }
      this.popFrame();
      if (this.frames.length === 0) break;
    }
    this.flushLine();
    const table = this.macros;
    let macros: Map<string, MacroDef> | undefined;
    return {
      abi: this.opts.abi,
      text: this.out.join(''),
      origins: this.origins,
      includeSpans: this.spans,
      tailSpans: this.tails,
      // Built on first access: most callers of a batch run never look.
      get macros(): Map<string, MacroDef> {
        if (!macros) {
          macros = new Map();
          for (const [name, m] of table.entries()) macros.set(name, cachedMacroDef(m));
        }
        return macros;
      },
      files: this.files,
      diagnostics: this.diagnostics,
      table,
    };
  }

  // ---- output ----

  private emit(tok: Token): void {
    if (tok.unterminated) {
      this.diagnostics.push(diag(tok.file, tok.line, `missing terminating ${tok.unterminated} character`, tok.unterminated === '"' ? 'error' : 'warning'));
    }
    const f = this.frames[this.frames.length - 1];
    let file = tok.file;
    let line = tok.line;
    if (f && file === f.file.path && (f.lineDelta !== 0 || f.presumedFile !== file)) {
      file = f.presumedFile;
      line += f.lineDelta;
    }
    if (line !== this.curLineNo || file !== this.curFile) {
      this.flushLine();
      this.curFile = file;
      this.curLineNo = line;
      this.write(tok.text);
    } else {
      if (this.prev && (tok.space || needsSpace(this.prev, tok))) this.write(' ');
      this.write(tok.text);
    }
    this.prev = tok;
  }

  write(piece: string): void {
    this.out.push(piece);
    this.outChars += piece.length;
  }

  private flushLine(): void {
    if (this.curLineNo < 0) return;
    this.write('\n');
    this.origins.push({ file: this.curFile, line: this.curLineNo });
    this.curLineNo = -1;
    this.prev = null;
  }

  private presumed(tok: Token): { file: string; line: number } {
    const f = this.frames[this.frames.length - 1];
    if (f && tok.file === f.file.path && (f.lineDelta !== 0 || f.presumedFile !== f.file.path)) {
      return { file: f.presumedFile, line: tok.line + f.lineDelta };
    }
    return { file: tok.file, line: tok.line };
  }

  // ---- files ----

  noteFile(p: string): void {
    this.replayer?.noted(p);
    if (this.seenFiles.has(p)) return;
    this.seenFiles.add(p);
    this.files.push(p);
  }

  load(p: string): string | null {
    const text = this.read(p);
    this.replayer?.loaded(p, text);
    return text;
  }

  private read(p: string): string | null {
    const hit = this.texts.get(p);
    if (hit !== undefined) return hit;
    const generated = this.opts.generatedFile?.(p);
    // in-kernel code sees the tree's configuration where it is this ABI's (kernel-config.ts)
    const text = generated !== undefined
      ? generated
      : p === this.autoconfPath ? treeConfigText(this.opts.kernelTree!, this.opts.abi, (q) => this.readFile(q)) : this.readFile(p);
    this.texts.set(p, text);
    return text;
  }

  private readFile(p: string): string | null {
    try {
      return this.opts.readFile ? this.opts.readFile(p) : this.cache.readDisk(p);
    } catch {
      return null;
    }
  }

  private pushFrame(file: LexedFile, defines: Map<number, Macro | string>, dirIndex: number): void {
    for (const d of file.diagnostics) this.diagnostics.push(d);
    const lexer = file.streamText !== undefined ? new Lexer(file.path, file.streamText) : null;
    const toks = lexer ? FileTokens.streamed(lexer) : FileTokens.of(file.compact!, file.path);
    this.frames.push({ file, toks, lexer, defines, pos: 0, dirIndex, conds: [], lineDelta: 0, presumedFile: file.path, tailDue: true, tail: null });
  }

  private popFrame(): void {
    const f = this.frames.pop();
    if (!f) return;
    if (f.lexer) for (const d of f.lexer.diagnostics) this.diagnostics.push(d);
    for (const c of f.conds) this.diagnostics.push(diag(f.file.path, c.line, 'unterminated conditional directive'));
    this.flushLine();
    this.tail?.ended(f);
    if (f.recorder) this.replayer!.finish(f.recorder);
  }

  private preInclude(p: string): void {
    const text = this.load(p);
    if (text === null) return;
    this.noteFile(p);
    const entry = this.cache.lex(p, text);
    this.pushFrame(entry.file, entry.defines, -1);
  }

  // ---- TokenSource: the current file, directives executed on the way ----

  next(): Token | null {
    const t = this.peek();
    if (t) this.frames[this.frames.length - 1]!.pos++;
    return t;
  }

  peek(): Token | null {
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return null;
      // between lines, read as fresh tokens, after an #include: a tail may be replayed or recorded from here
      if (f.tailDue && this.tail && f.file.compact && this.curLineNo < 0 && this.expander?.readingFresh === true) {
        if (this.tail.reached(f, this.frames.length - 1, this.read(f.file.path) ?? '')) continue;
      }
      f.toks.release(f.pos);
      const t = f.toks.at(f.pos);
      if (!t) return null;
      if (t.bol && t.text === '#' && t.file === f.file.path) {
        this.directive(f);
        continue;
      }
      return t;
    }
  }

  // ---- directives ----

  /** Tokens of the directive line starting at f.pos (the `#`), advancing past it. */
  private directiveLine(f: Frame): Token[] {
    const line: Token[] = [];
    let j = f.pos + 1;
    for (let t = f.toks.at(j); t && !t.bol; t = f.toks.at(++j)) line.push(t);
    f.pos = j;
    return line;
  }

  private directive(f: Frame): void {
    const hashIndex = f.pos;
    const hash = f.toks.at(hashIndex)!;
    const line = this.directiveLine(f);
    const name = line[0];
    if (!name) return; // null directive
    const rest = line.slice(1);
    switch (name.text) {
      case 'define': return this.define(f, hashIndex, rest, hash);
      case 'undef':
        if (rest[0]?.kind !== 'ident') this.report(f, hash, 'no macro name given in #undef directive');
        else this.macros.delete(rest[0].text);
        return;
      case 'include':
      case 'include_next':
      case 'import':
        return this.include(f, rest, hash, name.text === 'include_next', name.text === 'import');
      case 'if': return this.openIf(f, hash, this.evalIf(rest, hash));
      case 'ifdef':
      case 'ifndef': {
        if (rest[0]?.kind !== 'ident') this.report(f, hash, `no macro name given in #${name.text} directive`);
        const d = rest[0] ? this.isDefined(rest[0].text) : false;
        return this.openIf(f, hash, name.text === 'ifdef' ? d : !d);
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef':
      case 'else':
        return this.elseBranch(f, hash, name.text);
      case 'endif':
        if (!f.conds.pop()) this.report(f, hash, '#endif without #if');
        return;
      case 'error':
        return this.report(f, hash, `#error ${spellTokens(rest)}`);
      case 'warning':
        return this.report(f, hash, `#warning ${spellTokens(rest)}`, 'warning');
      case 'pragma':
        return this.pragma(f, rest, hash);
      case 'line':
        return this.lineDirective(f, rest, hash);
      case 'ident':
      case 'sccs':
      case 'assert':
      case 'unassert':
        return;
      default:
        if (name.kind === 'number') return this.lineDirective(f, line, hash);
        this.report(f, hash, `invalid preprocessing directive #${name.text}`);
    }
  }

  /**
   * `#pragma once` and `push_macro`/`pop_macro` act here; `#pragma pack(…)`
   * changes struct layout, so it is passed to the output on a line of its
   * own; every other pragma is dropped.
   */
  private pragma(f: Frame, rest: Token[], hash: Token): void {
    const what = rest[0]?.text;
    if (what === 'once') this.setOnce(f.file.path);
    else if (what === 'pack') this.emitPragmaLine(spellTokens(MacroExpander.expandAll(this.host, rest)), hash);
    else if ((what === 'push_macro' || what === 'pop_macro') && rest[1]?.text === '(' && rest[2]?.kind === 'string') {
      this.replayer?.poison();
      const name = rest[2].text.slice(1, -1);
      if (what === 'push_macro') {
        let stack = this.pushedMacros.get(name);
        if (!stack) this.pushedMacros.set(name, (stack = []));
        stack.push(this.macros.get(name));
      } else {
        const stack = this.pushedMacros.get(name);
        if (stack && stack.length > 0) {
          const m = stack.pop();
          if (m) this.macros.set(name, m);
          else this.macros.delete(name);
        }
      }
    }
  }

  private report(f: Frame, hash: Token, msg: string, sev: 'error' | 'warning' = 'error'): void {
    this.diagnostics.push(diag(f.file.path, hash.line, msg, sev));
  }

  /** A `#pragma` line of its own in the output (only `pack`, which changes layout, is kept). */
  private emitPragmaLine(text: string, at: Token): void {
    if (!/^\s*pack\b/.test(text)) return;
    this.flushLine();
    this.write(`#pragma ${text.trim()}\n`);
    this.origins.push(this.presumed(at));
  }

  private isDefined(name: string): boolean {
    return this.macros.has(name) || DYNAMIC_MACROS.has(name) || IF_OPERATORS.has(name);
  }

  private define(f: Frame, hashIndex: number, rest: Token[], hash: Token): void {
    let parsed = f.defines.get(hashIndex);
    if (parsed === undefined) {
      const r = parseDefine(rest, { file: f.file.path, line: hash.line });
      parsed = 'error' in r ? r.error : r.macro;
      f.defines.set(hashIndex, parsed);
    }
    if (typeof parsed === 'string') {
      this.diagnostics.push(diag(f.file.path, hash.line, parsed));
      return;
    }
    const old = this.macros.get(parsed.name);
    if (old && !sameDefinition(old, parsed)) {
      this.poisonTail();
      this.diagnostics.push(diag(f.file.path, hash.line, `"${parsed.name}" redefined (previous definition at ${old.loc.file}:${old.loc.line})`, 'warning'));
    }
    this.macros.set(parsed.name, parsed);
  }

  private openIf(f: Frame, hash: Token, value: boolean): void {
    f.conds.push({ active: true, taken: value, sawElse: false, line: hash.line });
    if (!value) skipGroup(f, this.groups);
  }

  private elseBranch(f: Frame, hash: Token, kind: string): void {
    const c = f.conds[f.conds.length - 1];
    if (!c) {
      this.diagnostics.push(diag(f.file.path, hash.line, `#${kind} without #if`));
      return;
    }
    if (c.sawElse) this.diagnostics.push(diag(f.file.path, hash.line, `#${kind} after #else`));
    if (kind === 'else') c.sawElse = true;
    // Reached from an active group: the chain is done, skip to #endif.
    c.taken = true;
    skipGroup(f, this.groups);
  }

  private evalIf(rest: Token[], hash: Token): boolean {
    const host = this.ifHost;
    const expanded = MacroExpander.expandAll(host, rest);
    // a character constant's value depends on the target's char signedness
    if (expanded.some((t) => t.kind === 'char')) this.poisonTail();
    try {
      const v = evaluateTokens(expanded, { mode: 'if', ...expressionTargetOf(this.opts.abi) });
      return v.value !== 0n;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.diagnostics.push(diag(hash.file, hash.line, `#if: ${e.message}`));
      return false;
    }
  }

  private resolve(name: string, angled: boolean, f: Frame, next: boolean) {
    return resolveInclude(this.search, name, angled, f.file.path, f.dirIndex, next, this.exists);
  }

  private include(f: Frame, rest: Token[], hash: Token, next: boolean, importOnce: boolean): void {
    this.tail?.included(f);
    let operand = rest;
    if (!(rest[0]?.kind === 'string' || rest[0]?.text === '<')) operand = MacroExpander.expandAll(this.host, rest);
    const header = headerName(operand);
    if (!header) {
      this.diagnostics.push(diag(f.file.path, hash.line, '#include expects "FILENAME" or <FILENAME>'));
      return;
    }
    // Lines `make headers_install` deletes from the uAPI headers it exports (scripts/headers_install.sh).
    if (this.opts.kernelTree !== undefined && !this.opts.kernel && header.angled && UAPI_EXPORT_DROPS.has(header.name)) return;
    const found = this.resolve(header.name, header.angled, f, next);
    if (!found) {
      const generated = this.opts.kernelTree !== undefined && header.name.startsWith('generated/');
      this.diagnostics.push(diag(f.file.path, hash.line, notFoundMessage(header.name), generated ? 'warning' : 'error'));
      // a uAPI header including one of the kernel's own: userspace cannot have it
      const internal = this.opts.kernelTree !== undefined && !this.opts.kernel && header.angled ? kernelInternalHeader(this.opts.kernelTree, abiTarget(this.opts.abi).archDir, header.name, this.exists) : null;
      if (internal) this.diagnostics.push(diag(f.file.path, hash.line, kernelInternalMessage(header.name, internal)));
      return;
    }
    if (this.opts.kernelTree !== undefined && found.dirIndex >= this.search.afterFrom) this.noteTreeLacks(f, hash, header.name);
    if (this.frames.length >= this.maxDepth) {
      this.replayer?.poison();
      this.diagnostics.push(diag(f.file.path, hash.line, `#include nested depth ${this.frames.length} exceeds maximum of ${this.maxDepth} (include cycle?)`));
      return;
    }
    if (this.isOnce(found.path)) return;
    if (importOnce) this.setOnce(found.path);
    const text = this.load(found.path)!;
    const entry = this.cache.lex(found.path, text);
    this.noteFile(found.path);
    if (entry.file.guard && this.macros.has(entry.file.guard)) return;
    this.flushLine();
    // Recorded and replayed only when read as a token of its own: not a lookahead, not inside a macro's arguments.
    const replayable = this.replayer !== null && this.expander?.readingFresh === true && entry.file.streamText === undefined;
    const key = `${found.dirIndex}\0${found.path}`;
    if (replayable && this.replayer!.replay(key, this.frames.length)) return;
    const recorder = replayable ? this.replayer!.start(key, this.frames.length) : undefined;
    recorder?.loaded(found.path, text);
    this.pushFrame(entry.file, entry.defines, found.dirIndex);
    this.frames[this.frames.length - 1]!.recorder = recorder;
    this.replayer?.nested(this.frames.length);
  }

  /** `name` was found only in the after-directories although the kernel tree has its directory: say so. */
  private noteTreeLacks(f: Frame, hash: Token, name: string): void {
    const dir = treeNamespaceLacking(this.search, name, (p) => this.cache.isDirectory(p));
    if (dir === null) return;
    const where = path.relative(this.opts.kernelTree!, dir);
    this.diagnostics.push(diag(f.file.path, hash.line, `${name}: not in the kernel tree (${where}/ lacks it); the system's installed copy is used`, 'warning'));
  }

  // ---- include replay (include-replay.ts) ----

  /** The innermost file did something its tail's recording cannot stand for on other configurations (tail-replay.ts). */
  private poisonTail(): void {
    this.tail?.poison(this.frames[this.frames.length - 1]);
  }

  isOnce(p: string): boolean {
    const once = this.onceFiles.has(p);
    this.replayer?.askedOnce(p, once);
    return once;
  }

  setOnce(p: string): void {
    this.onceFiles.add(p);
    this.replayer?.onceAdded(p);
  }

  private lineDirective(f: Frame, rest: Token[], hash: Token): void {
    const toks = MacroExpander.expandAll(this.host, rest);
    const num = toks[0];
    if (num?.kind !== 'number' || !/^\d+$/.test(num.text)) {
      this.diagnostics.push(diag(f.file.path, hash.line, `"${num?.text ?? ''}" after #line is not a positive integer`));
      return;
    }
    this.poisonTail();
    // The line after the directive gets the given number.
    const directiveEnd = f.pos > 0 ? f.toks.at(f.pos - 1)!.line : hash.line;
    f.lineDelta = Number(num.text) - (directiveEnd + 1);
    const file = toks[1];
    if (file?.kind === 'string') f.presumedFile = file.text.slice(1, -1);
  }
}

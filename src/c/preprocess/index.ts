/**
 * The C preprocessor of abi-check: GCC-12-compatible preprocessing of kernel
 * and uAPI headers for each of the 14 Linux ABIs, without a compiler.
 *
 *   preprocess({path, text}, {abi, kernel, includeDirs, kernelTree?, …})
 *     → {text, origins, macros, files, diagnostics}
 *
 * Stages (one per file): lexer.ts (phases 1–3) → preprocessor.ts (phase 4:
 * directives, includes, conditionals) driving expander.ts (macro expansion,
 * Prosser hide sets) and integer-expression.ts (#if). Tokens of each file are
 * cached per process (file-cache.ts), so headers included by many runs (e.g.
 * linux/types.h, on every ABI) are tokenised once.
 *
 * Annotations kept for the front end: `__counted_by(x)`, `__counted_by_le(x)`
 * and `__counted_by_be(x)` are rewritten wherever they are used into
 * `__attribute__((__counted_by__(x)))`, regardless of their definitions. uAPI
 * headers define them empty and GCC 12 has no counted_by attribute, so
 * without this rewrite the annotation would vanish before the parser sees it.
 * Everything else (e.g. `__attribute__((packed))`, `__aligned_u64`) expands
 * exactly as GCC would expand it.
 *
 * Bounded work on bad input: unterminated comments and literals, missing
 * includes, `#error`, malformed directives and expressions are diagnostics
 * with file:line and preprocessing continues; macro expansion is bounded by
 * hide sets (no recursion) and by `maxTokens`; `#include` nesting and
 * macro-argument nesting by `maxDepth`; lexing is one linear pass.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { MacroDef } from '../type-model.ts';
import { archDirOf, expressionTargetOf } from './abi-targets.ts';
import { includeSearch, resolveInclude, treeNamespaceLacking, type IncludeSearch } from './include-paths.ts';
import { DYNAMIC_MACROS, IF_OPERATORS, MacroExpander, type ExpansionHost, type MacroLookup } from './expander.ts';
import { hasAttribute, hasBuiltin, hasCAttribute } from './gcc-features.ts';
import { processCache } from './file-cache.ts';
import { evaluateTokens, ExpressionError, type ExpressionHooks } from './integer-expression.ts';
import { lexText } from './lexer.ts';
import { macroFromText, type Macro } from './macro.ts';
import { runPreprocessor, type PreprocessOptions, type PreprocessResult } from './preprocessor.ts';
import { macroOf } from './shared-macros.ts';
import { joinTokens } from './token.ts';

export type { PreprocessOptions, PreprocessResult } from './preprocessor.ts';
export type { IncludeSearch } from './include-paths.ts';
export type { PpDiagnostic } from './diagnostic.ts';
export type { ExpressionHooks, IntType } from './integer-expression.ts';
export { PreprocessCache } from './file-cache.ts';

/**
 * A source file's text through the process's file cache (the one the
 * preprocessor reads includes through: revalidated by size and mtime after
 * a second), or null when it is missing or not a regular file.
 */
export function readSourceFile(path: string): string | null {
  return processCache.readDisk(path);
}
export { archDirOf, gccCommandFor, systemIncludeDirsFor } from './abi-targets.ts';
export { kernelTreeIncludeDirs } from './include-paths.ts';

/** The include search of a preprocess run with these options (include-paths.ts). */
export function headerSearch(opts: Pick<PreprocessOptions, 'abi' | 'kernel' | 'includeDirs' | 'kernelTree' | 'afterDirs'>): IncludeSearch {
  return includeSearch(opts.includeDirs, opts.kernelTree, archDirOf(opts.abi), opts.kernel, opts.afterDirs);
}

/** Where `#include <name>` finds `name` in `search` (null: nowhere); `exists` is true for a readable regular file. */
export function findInclude(search: IncludeSearch, name: string, exists: (path: string) => boolean): string | null {
  return findIncludeWhere(search, name, exists)?.path ?? null;
}

/**
 * As findInclude, and when `name` was found in the after-directories
 * although the kernel tree has its directory, that tree directory
 * (`lackingTreeDir`: the tree lacks the header, the system's copy is used).
 */
export function findIncludeWhere(
  search: IncludeSearch,
  name: string,
  exists: (path: string) => boolean,
): { path: string; lackingTreeDir: string | null } | null {
  const found = resolveInclude(search, name, true, '', -1, false, exists);
  if (!found) return null;
  const fallback = found.dirIndex >= search.afterFrom;
  return { path: found.path, lackingTreeDir: fallback ? treeNamespaceLacking(search, name, (p) => processCache.isDirectory(p)) : null };
}
export { predefinedMacros } from './predefined-macros.ts';

/** Preprocess one translation unit for one ABI. Never throws on bad C; problems are in `diagnostics`. */
export function preprocess(input: { path: string; text: string }, opts: PreprocessOptions): PreprocessResult {
  return runPreprocessor(input, opts);
}

/** A macro table: a preprocess result, or a map of MacroDefs (e.g. TypeModel macros by name). */
export type MacroTable = PreprocessResult | ReadonlyMap<string, MacroDef>;

function isResult(t: MacroTable): t is PreprocessResult {
  return 'table' in t && 'origins' in t;
}

/** MacroDefs turned back into macros on first use (revalidated: the map may change). */
class MacroDefLookup implements MacroLookup {
  private readonly defs: ReadonlyMap<string, MacroDef>;
  private readonly built = new Map<string, { def: MacroDef; macro: Macro }>();
  constructor(defs: ReadonlyMap<string, MacroDef>) {
    this.defs = defs;
  }
  has(name: string): boolean {
    return this.defs.has(name);
  }
  get(name: string): Macro | undefined {
    const d = this.defs.get(name);
    if (!d) return undefined;
    const hit = this.built.get(name);
    if (hit && hit.def === d) return hit.macro;
    const original = macroOf(d);
    let macro: Macro;
    if (original && original.name === d.name) macro = original;
    else {
      macro = macroFromText(d.params ? `${d.name}(${d.params.join(',')})` : d.name, d.body, d.loc.file);
      macro.loc = d.loc;
    }
    this.built.set(name, { def: d, macro });
    return macro;
  }
}

const lookups = new WeakMap<ReadonlyMap<string, MacroDef>, MacroDefLookup>();
function lookupOf(t: MacroTable): MacroLookup {
  if (isResult(t)) return t.table;
  let l = lookups.get(t);
  if (!l) {
    l = new MacroDefLookup(t);
    lookups.set(t, l);
  }
  return l;
}

function hostFor(table: MacroLookup, abi: AbiName, withIfOperators: boolean): ExpansionHost {
  return {
    macros: table,
    diagnostics: [],
    budget: { used: 0, max: 1_000_000, exhausted: false },
    counter: { value: 0 },
    presumed: (tok) => ({ file: tok.file, line: tok.line }),
    includeLevel: () => 0,
    depth: 0,
    maxDepth: 200,
    ...(withIfOperators
      ? {
          ifOperators: {
            hasInclude: () => false,
            hasAttribute: (n: string) => hasAttribute(abi, n),
            hasCAttribute: (n: string) => hasCAttribute(n),
            hasBuiltin: (n: string) => hasBuiltin(n),
          },
        }
      : {}),
  };
}

/** Expand `text` (e.g. a macro's replacement or `_IOW('k', 1, struct x)`) with a macro table. */
export function expandMacroText(table: MacroTable, text: string): string {
  const abi = isResult(table) ? table.abi : 'x86_64';
  const { tokens } = lexText('<text>', text);
  return joinTokens(MacroExpander.expandAll(hostFor(lookupOf(table), abi, false), tokens));
}

export interface EvalHooks extends ExpressionHooks {
  /** ABI for long's width and char signedness (default: the result's ABI, else x86_64). */
  abi?: AbiName;
  /** 'c' (default): C integer types, casts, sizeof, unknown identifiers are not constant.
   *  'if': #if rules, every value intmax_t/uintmax_t and unknown identifiers 0. */
  mode?: 'c' | 'if';
}

/**
 * Evaluate an integer constant expression after macro expansion with
 * `macros`; `defined X` is understood. Returns undefined when the text is not
 * an integer constant expression (unknown identifier, unsupported sizeof,
 * division by zero, syntax error).
 */
export function evalIntegerExpression(text: string, macros: MacroTable, hooks: EvalHooks = {}): bigint | undefined {
  const abi = hooks.abi ?? (isResult(macros) ? macros.abi : 'x86_64');
  const { tokens, diagnostics } = lexText('<expr>', text);
  if (diagnostics.length > 0 || tokens.some((x) => x.unterminated)) return undefined;
  const host = hostFor(lookupOf(macros), abi, true);
  const expanded = MacroExpander.expandAll(host, tokens);
  if (host.diagnostics.length > 0) return undefined;
  try {
    return evaluateTokens(expanded, { mode: hooks.mode ?? 'c', ...expressionTargetOf(abi), hooks }).value;
  } catch (e) {
    if (e instanceof ExpressionError) return undefined;
    throw e;
  }
}

/** True for names `#ifdef` considers defined without a #define (__LINE__, __has_include …). */
export function isBuiltinMacroName(name: string): boolean {
  return DYNAMIC_MACROS.has(name) || IF_OPERATORS.has(name);
}

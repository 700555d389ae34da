/**
 * One translation unit (a header or a .c file) → TypeModel for one ABI:
 * the preprocessor (src/c/preprocess) then the tree-sitter front end
 * (src/c/parse). Macro values are evaluated with the model's types and the
 * layout engine's sizes; when asm/ioctl.h was not available (diff-context),
 * `_IO*` use the ABI's built-in encoding (ioctl-fallback-macros.ts), in
 * macro values and, with stddef.h's flexible-array and struct-group macros,
 * as -D macros in the text itself (diff-context-macros.ts).
 */
import type { AbiName } from '../abi/layout-types.ts';
import type { KnownRange } from '../tree/images.ts';
import { repairDiffContext } from './diff-context-text.ts';
import { ioctlFallbackMacros } from './ioctl-fallback-macros.ts';
import { diffContextMacros } from './diff-context-macros.ts';
import { offsetsHeaderHook } from './kernel-offsets-headers.ts';
import { LAYOUT_HOOKS } from './layout-hooks.ts';
import { unknownRuns } from './parse/partial-records.ts';
import { parseTranslationUnit, type ParseOptions } from './parse/parse-translation-unit.ts';
import { archDirOf, expandMacroText, preprocess, readSourceFile, type MacroTable } from './preprocess/index.ts';
import { syscallHeaderHook } from './syscall-headers.ts';
import { timeconstHeaderHook } from './kernel-timeconst-header.ts';
import { awkHeaderHook } from './kernel-awk-headers.ts';
import type { MacroDef, TypeModel } from './type-model.ts';

export { parseTranslationUnit } from './parse/parse-translation-unit.ts';
export type { ParseOptions, LayoutHooks } from './parse/parse-translation-unit.ts';

export interface BuildOptions {
  abi: AbiName;
  /** In-kernel code: `__KERNEL__` defined, kernel-only fallback types. */
  kernel: boolean;
  includeDirs: string[];
  kernelTree?: string;
  /** Searched after the kernel tree (see PreprocessOptions.afterDirs). */
  afterDirs?: string[];
  readFile?: (p: string) => string | null;
  /**
   * Which macros get MacroDef.value: those of the input file (default), all,
   * or none; 'omit' leaves TypeModel.macros empty (a caller that only lays
   * out records: listing a unit's macros costs more than laying it out).
   */
  macroValues?: 'main' | 'all' | 'none' | 'omit';
  /**
   * In-kernel code: Kconfig options read as on (`CONFIG_X` defined to 1, as
   * `-D`) whatever the configuration says: those guarding what a series
   * changes (src/abi/guarding-config.ts).
   */
  configOn?: readonly string[];
}

/** The `-D` macros of a run: the options forced on (in-kernel code), and what diff-context text needs (`text`, null for a whole file); null when there are none. */
function commandLineMacros(opts: BuildOptions, text: string | null): Record<string, string> | null {
  const forced = opts.kernel && opts.configOn?.length ? Object.fromEntries(opts.configOn.map((s) => [s, '1'])) : null;
  return text === null ? forced : { ...forced, ...diffContextMacros(opts.abi, opts.kernel, text) };
}

const BUILTIN_FILE = '<built-in>';
/** Preprocessor problems that diff-context text has by construction (includes absent, #if/#endif in unknown lines). */
const CUT_BY_DIFF = /No such file|unterminated conditional|without #if|after #else|unterminated comment/i;

export function buildTypeModel(
  input: { path: string; text: string; known?: KnownRange[] },
  opts: BuildOptions,
): TypeModel {
  // diff-context only when some line of the file is unknown (a full image has one range covering it)
  const known = input.known && unknownRuns(input.known, 1, lineCountOf(input.text)).length > 0 ? input.known : undefined;
  const text = known ? repairDiffContext(input.text, known) : input.text;
  const predefined = commandLineMacros(opts, known ? text : null);
  const pp = preprocess(
    { path: input.path, text },
    {
      abi: opts.abi,
      kernel: opts.kernel,
      includeDirs: opts.includeDirs,
      ...(opts.kernelTree !== undefined ? { kernelTree: opts.kernelTree } : {}),
      ...(opts.afterDirs !== undefined ? { afterDirs: opts.afterDirs } : {}),
      ...(opts.readFile ? { readFile: opts.readFile } : {}),
      ...(opts.kernelTree !== undefined ? { generatedFile: generatedFiles(opts.kernelTree, opts, { path: input.path, text }) } : {}),
      ...(predefined ? { predefined } : {}),
    },
  );
  // Only where headers are missing (diff-context, or includes that failed): a complete
  // header that uses _IO* without including asm/ioctl.h gets no invented values.
  const headersMissing = known !== undefined || pp.diagnostics.some((d) => d.severity === 'error');
  const which = opts.macroValues ?? 'main';
  let table: MacroTable = pp;
  // Only for macro values ('omit' evaluates none): merging lists the whole table, which costs more than laying out
  if (which !== 'omit' && headersMissing && !pp.table.has('_IOC')) {
    const merged = new Map(pp.macros);
    for (const m of ioctlFallbackMacros(opts.abi)) if (!merged.has(m.name)) merged.set(m.name, m);
    table = merged;
  }
  // copies: the preprocessor may share MacroDef objects between runs, and values belong to this model's ABI
  const defs: MacroDef[] = [];
  if (which !== 'omit') {
    for (const m of pp.macros.values()) {
      if (m.loc.file === BUILTIN_FILE) continue;
      const { value: _ignored, ...copy } = m;
      defs.push(copy);
    }
  }
  const evaluate = (m: MacroDef) => which === 'all' || (which === 'main' && m.loc.file === input.path);
  const parseOptions: ParseOptions = {
    kernel: opts.kernel,
    layout: LAYOUT_HOOKS,
    macros: { defs, evaluate, expand: (text) => expandMacroText(table, text) },
    ...(known ? { known: { file: input.path, ranges: known } } : { inclusions: pp.includeSpans, tails: pp.tailSpans }),
  };
  const model = parseTranslationUnit(pp.text, pp.origins, opts.abi, parseOptions);
  model.diagnostics.unshift(
    ...pp.diagnostics.map((d) => ({
      loc: d.loc,
      message: d.message,
      severity: known && CUT_BY_DIFF.test(d.message) ? ('warning' as const) : d.severity,
    })),
  );
  return model;
}

/**
 * The files a kernel build generates that the front end works out where the
 * tree lacks them: the uAPI syscall-number headers (syscall-headers.ts), and
 * for in-kernel code the offsets headers (kernel-offsets-headers.ts),
 * timeconst.h (kernel-timeconst-header.ts) and the headers the tree's awk
 * scripts make (kernel-awk-headers.ts).
 */
function generatedFiles(tree: string, opts: BuildOptions, unit: { path: string; text: string }): (path: string) => string | null | undefined {
  const syscalls = syscallHeaderHook(tree, archDirOf(opts.abi), opts.readFile ?? readSourceFile);
  if (!opts.kernel) return syscalls;
  const offsets = offsetsHeaderHook({ tree, abi: opts.abi, unit, ...(opts.readFile ? { readFile: opts.readFile } : {}) });
  const timeconst = timeconstHeaderHook(tree, opts.abi, opts.readFile ?? readSourceFile);
  const awk = awkHeaderHook(tree, archDirOf(opts.abi), opts.abi, opts.readFile ?? readSourceFile);
  return (path) => syscalls(path) ?? offsets(path) ?? timeconst(path) ?? awk(path);
}

function lineCountOf(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

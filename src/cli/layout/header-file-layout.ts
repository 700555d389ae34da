/**
 * One header on one ABI, the unit of work of `abi-check layout`: resolve the
 * header's name, read it, build its TypeModel and lay out the records it
 * declares. Pure apart from reading the header and its includes, so it runs
 * the same in the main thread and in a layout worker (./parallel-layout.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { AbiName } from '../../abi/layout-types.ts';
import { layoutHeader, type HeaderLayout } from '../../abi/layout/index.ts';
import type { TypeModel } from '../../c/type-model.ts';
import { buildTypeModel } from '../../c/build-type-model.ts';
import { findIncludeWhere, headerSearch, readSourceFile, systemIncludeDirsFor, type IncludeSearch } from '../../c/preprocess/index.ts';
import { InputError } from '../../errors.ts';
import { countOfUnlisted, IN_DEFINITION } from '../../c/parse/syntax-errors.ts';

/**
 * Where headers are looked for: the -I directories, then a kernel tree's uAPI
 * directories, then the ABI's system ones. With `kernel`, the files are the
 * tree's own and are read as in-kernel code (`__KERNEL__`, the tree's include
 * directories and configuration, as a build of the tree reads them).
 */
export interface HeaderSearch {
  includeDirs: string[];
  /** A kernel source tree, searched as `make headers_install` would export it (see PreprocessOptions.kernelTree). */
  kernelTree?: string;
  /** Read the files as in-kernel code of `kernelTree` (`abi-check layout --kernel`). */
  kernel?: boolean;
}

/** What `layoutHeaderFile` returns: plain data, so it crosses a worker boundary unchanged. */
export interface HeaderFileLayout extends HeaderLayout {
  /** The header key of the output (see `resolveHeader`). */
  name: string;
  /** The file that was read. */
  path: string;
  /** The front end's errors. */
  diagnostics: TypeModel['diagnostics'];
  /**
   * The front end's warnings (`#warning`, a header the kernel tree lacks,
   * built-in stand-ins for undeclared kernel types …), and, when the header
   * itself was not in the kernel tree, that fact (at line 0 of the header).
   */
  warnings: TypeModel['diagnostics'];
  /**
   * In-kernel code (`HeaderSearch.kernel`): the errors met outside struct,
   * union and enum definitions, counted and left out of `diagnostics`
   * (in-kernel headers hold GNU C in function bodies that layouts do not need).
   */
  unlisted?: number;
  /** Wall time spent in this call: preprocessor + front end, then the layout engine. */
  ms: { frontEnd: number; layout: number };
}

/**
 * The errors of in-kernel `model`, split: those that can change a layout,
 * listed: syntax errors within a struct, union or enum body (the front end
 * lists every one, however many came before, and says so in its message),
 * and other errors within a definition's lines (a member's unknown type, an
 * array size that is no constant); and the count of all others (function
 * bodies, declarations of functions and variables).
 */
function kernelErrors(model: TypeModel, errors: TypeModel['diagnostics']): { listed: TypeModel['diagnostics']; unlisted: number } {
  const spans = new Map<string, [number, number][]>();
  const span = (file: string, from: number, to: number) => {
    let list = spans.get(file);
    if (!list) spans.set(file, (list = []));
    list.push([from, to]);
  };
  for (const r of model.records) if (r.complete) span(r.loc.file, r.loc.line, r.endLine ?? r.loc.line);
  for (const e of model.enums) {
    const lines = [e.loc.line, ...e.enumerators.filter((x) => x.loc.file === e.loc.file).map((x) => x.loc.line)];
    span(e.loc.file, Math.min(...lines), Math.max(...lines));
  }
  const listed: TypeModel['diagnostics'] = [];
  let unlisted = 0;
  for (const d of errors) {
    const more = countOfUnlisted(d.message);
    if (more !== null) unlisted += more;
    else if (d.message.startsWith(IN_DEFINITION)) listed.push(d);
    else if (!d.message.startsWith('syntax error') && spans.get(d.loc.file)?.some(([a, b]) => d.loc.line >= a && d.loc.line <= b)) listed.push(d);
    else unlisted++;
  }
  return { listed, unlisted };
}

/** A regular file (read through the preprocessor's file cache: a header is asked for once per ABI). */
function isFile(p: string): boolean {
  return readSourceFile(p) !== null;
}

/** Why FILE, which exists, is not a header that can be read (null when it is missing). */
function whyUnreadable(file: string): string | null {
  if (!existsSync(file)) return null;
  try {
    if (!statSync(file).isFile()) return 'not a regular file';
    readFileSync(file);
    return 'cannot read';
  } catch (e) {
    return `cannot read: ${(e as Error).message}`;
  }
}

/** The preprocessor's options for the files of `search` on `abi`: in-kernel code of the tree, or uAPI headers. */
function frontEndOptions(search: HeaderSearch, abi: AbiName) {
  if (search.kernel && search.kernelTree !== undefined) return { abi, kernel: true, includeDirs: search.includeDirs, kernelTree: search.kernelTree };
  return uapiOptions(search, abi);
}

/** The preprocessor's options for uAPI headers found through `search` on `abi`. */
function uapiOptions(search: HeaderSearch, abi: AbiName) {
  return {
    abi,
    kernel: false,
    includeDirs: search.includeDirs,
    ...(search.kernelTree !== undefined ? { kernelTree: search.kernelTree } : {}),
    afterDirs: systemIncludeDirsFor(abi),
  };
}

const searches = new WeakMap<HeaderSearch, Map<AbiName, IncludeSearch>>();

/** The preprocessor's search for `search` on `abi`, built once per search and ABI (a batch asks thousands of times). */
function includeSearchOf(search: HeaderSearch, abi: AbiName): IncludeSearch {
  let perAbi = searches.get(search);
  if (!perAbi) searches.set(search, (perAbi = new Map()));
  let where = perAbi.get(abi);
  if (!where) perAbi.set(abi, (where = headerSearch(uapiOptions(search, abi))));
  return where;
}

/**
 * Where FILE is and what to call it in the output. A FILE that is not an
 * existing file is resolved like `#include <FILE>`: through the -I
 * directories, then the kernel tree's uAPI directories for the ABI, then the
 * ABI's system include directories. The name is FILE as given when it was
 * resolved that way, else the path relative to the -I or kernel-tree uAPI
 * directory containing it (`include/uapi/linux/vfio.h` → `linux/vfio.h`),
 * else the path as given.
 */
export function resolveHeader(file: string, search: HeaderSearch, abi: AbiName): { path: string; name: string; warning?: string } {
  if (search.kernel && search.kernelTree !== undefined) return resolveTreeFile(file, search.kernelTree);
  const where = includeSearchOf(search, abi);
  if (isFile(file)) {
    const abs = resolve(file);
    for (const dir of where.dirs.slice(0, where.afterFrom)) {
      const rel = relative(resolve(dir), abs);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { path: file, name: rel };
    }
    return { path: file, name: file };
  }
  if (!isAbsolute(file)) {
    const found = findIncludeWhere(where, file, isFile);
    if (found?.lackingTreeDir) {
      const dir = relative(search.kernelTree!, found.lackingTreeDir);
      return { path: found.path, name: file, warning: `not in the kernel tree (${dir}/ lacks it); the system's installed copy is laid out` };
    }
    if (found) return { path: found.path, name: file };
  }
  throw new InputError(file, whyUnreadable(file) ?? `no such file, and not found as <${file}> in ${where.dirs.join(', ')}`);
}

/**
 * A file of the kernel tree `tree` for in-kernel reading: FILE as a path, else
 * relative to the tree. Its name is the tree-relative path when it is inside
 * the tree (`include/linux/vfio.h`), else the path as given.
 */
function resolveTreeFile(file: string, tree: string): { path: string; name: string } {
  const path = isFile(file) ? file : !isAbsolute(file) && isFile(join(tree, file)) ? join(tree, file) : null;
  if (path === null) throw new InputError(file, whyUnreadable(file) ?? `no such file, here or in the kernel tree ${tree}`);
  const rel = relative(resolve(tree), resolve(path));
  return { path, name: rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file };
}

/** One header on one ABI: resolve, read, build the TypeModel, lay out its records. Throws InputError for a header it cannot find or read. */
export function layoutHeaderFile(file: string, search: HeaderSearch, abi: AbiName): HeaderFileLayout {
  const { path, name, warning } = resolveHeader(file, search, abi);
  // resolveHeader read it through the same cache; null only if it vanished since
  const text = readSourceFile(path);
  if (text === null) throw new InputError(file, whyUnreadable(path) ?? 'no such file');
  const t0 = performance.now();
  const model = buildTypeModel({ path, text }, { ...frontEndOptions(search, abi), macroValues: 'omit' });
  const t1 = performance.now();
  const h = layoutHeader(model, path, abi);
  const t2 = performance.now();
  const warnings = model.diagnostics.filter((d) => d.severity === 'warning');
  if (warning) warnings.unshift({ loc: { file: path, line: 0 }, message: warning, severity: 'warning' });
  const errors = model.diagnostics.filter((d) => d.severity === 'error');
  const ms = { frontEnd: t1 - t0, layout: t2 - t1 };
  if (search.kernel) {
    const { listed, unlisted } = kernelErrors(model, errors);
    return { records: h.records, failures: h.failures, name, path, diagnostics: listed, warnings, unlisted, ms };
  }
  return { records: h.records, failures: h.failures, name, path, diagnostics: errors, warnings, ms };
}

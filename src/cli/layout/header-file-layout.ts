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
import { readSourceFile, systemIncludeDirsFor } from '../../c/preprocess/index.ts';
import { InputError } from '../../errors.ts';

/** What `layoutHeaderFile` returns: plain data, so it crosses a worker boundary unchanged. */
export interface HeaderFileLayout extends HeaderLayout {
  /** The header key of the output (see `resolveHeader`). */
  name: string;
  /** The file that was read. */
  path: string;
  /** The front end's errors (warnings are dropped). */
  diagnostics: TypeModel['diagnostics'];
  /** Wall time spent in this call: preprocessor + front end, then the layout engine. */
  ms: { frontEnd: number; layout: number };
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

/**
 * Where FILE is and what to call it in the output. A FILE that is not an
 * existing file is resolved like `#include <FILE>`: through the -I
 * directories, then the ABI's system include directories. The name is FILE as
 * given when it was resolved that way, else the path relative to the -I
 * directory containing it, else the path as given.
 */
export function resolveHeader(file: string, includeDirs: string[], abi: AbiName): { path: string; name: string } {
  if (isFile(file)) {
    const abs = resolve(file);
    for (const dir of includeDirs) {
      const rel = relative(resolve(dir), abs);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { path: file, name: rel };
    }
    return { path: file, name: file };
  }
  if (!isAbsolute(file)) {
    for (const dir of [...includeDirs, ...systemIncludeDirsFor(abi)]) {
      const p = join(dir, file);
      if (isFile(p)) return { path: p, name: file };
    }
  }
  throw new InputError(file, whyUnreadable(file) ?? `no such file, and not found as <${file}> in ${[...includeDirs, ...systemIncludeDirsFor(abi)].join(', ')}`);
}

/** One header on one ABI: resolve, read, build the TypeModel, lay out its records. Throws InputError for a header it cannot find or read. */
export function layoutHeaderFile(file: string, includeDirs: string[], abi: AbiName): HeaderFileLayout {
  const { path, name } = resolveHeader(file, includeDirs, abi);
  // resolveHeader read it through the same cache; null only if it vanished since
  const text = readSourceFile(path);
  if (text === null) throw new InputError(file, whyUnreadable(path) ?? 'no such file');
  const t0 = performance.now();
  const model = buildTypeModel({ path, text }, { abi, kernel: false, macroValues: 'omit', includeDirs: [...includeDirs, ...systemIncludeDirsFor(abi)] });
  const t1 = performance.now();
  const h = layoutHeader(model, path, abi);
  const t2 = performance.now();
  return { ...h, name, path, diagnostics: model.diagnostics.filter((d) => d.severity === 'error'), ms: { frontEnd: t1 - t0, layout: t2 - t1 } };
}

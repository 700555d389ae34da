/**
 * Where `#include` looks. The search list is the caller's include directories
 * followed, when a kernel source tree is given, by the kernel's own order
 * (top-level Makefile, LINUXINCLUDE/USERINCLUDE):
 *
 * - in-kernel code: arch/<arch>/include, arch/<arch>/include/generated,
 *   include, then the uAPI dirs below;
 * - uAPI code (what `make headers_install` exports): arch/<arch>/include/uapi,
 *   arch/<arch>/include/generated/uapi, include/uapi, include/generated/uapi.
 *
 * In an unbuilt tree the generated `asm/` wrappers do not exist; they only
 * `#include <asm-generic/NAME>`, so a kernel-tree `asm/NAME` (or
 * `uapi/asm/NAME`, as in-kernel headers name the uAPI one) that is found
 * nowhere falls back to `asm-generic/NAME`.
 *
 * The after-directories (GCC's -idirafter: the system's include directories,
 * for <stddef.h> and the like) come last, after that fallback too, so a
 * kernel tree's own headers are never shadowed by the installed ones.
 */
import { posix as path } from 'node:path';

export interface IncludeSearch {
  dirs: string[];
  /** Apply the asm → asm-generic fallback (kernel tree given). */
  asmGenericFallback: boolean;
  /** dirs[treeFrom] up to dirs[afterFrom] are the kernel tree's (none without a tree). */
  treeFrom: number;
  /** dirs[afterFrom] onwards are the after-directories, searched after the fallback. */
  afterFrom: number;
  /**
   * The kernel tree, when given: a file named by a relative path (the
   * series' `include/uapi/drm/xe_drm.h`) lives there, so its `#include "x.h"`
   * also looks beside it in the tree.
   */
  treeRoot?: string;
}

/**
 * A kernel tree's include directories, in search order (`tree` '' gives them
 * relative to the tree's root): for in-kernel code the architecture's and
 * the common in-kernel ones first, then the uAPI ones, each followed by its
 * generated twin where a build puts one.
 */
export function kernelTreeIncludeDirs(tree: string, archDir: string, kernel: boolean): string[] {
  const k = (p: string) => path.join(tree, p);
  const uapi = [
    k(`arch/${archDir}/include/uapi`), k(`arch/${archDir}/include/generated/uapi`),
    k('include/uapi'), k('include/generated/uapi'),
  ];
  return kernel ? [k(`arch/${archDir}/include`), k(`arch/${archDir}/include/generated`), k('include'), ...uapi] : uapi;
}

export function includeSearch(
  includeDirs: readonly string[],
  kernelTree: string | undefined,
  archDir: string,
  kernel: boolean,
  afterDirs: readonly string[] = [],
): IncludeSearch {
  const dirs = includeDirs.map((d) => path.normalize(d));
  const treeFrom = dirs.length;
  if (kernelTree) dirs.push(...kernelTreeIncludeDirs(kernelTree, archDir, kernel));
  const afterFrom = dirs.length;
  dirs.push(...afterDirs.map((d) => path.normalize(d)));
  return { dirs, asmGenericFallback: kernelTree !== undefined, treeFrom, afterFrom, ...(kernelTree ? { treeRoot: kernelTree } : {}) };
}

/** `dir/name` without path.join's cost when `name` is a plain relative path (the usual case). */
function joinPath(dir: string, name: string): string {
  if (/(^|\/)\.{1,2}(\/|$)|\/\//.test(name) || dir.endsWith('/')) return path.join(dir, name);
  return dir + '/' + name;
}

export interface ResolvedInclude {
  path: string;
  /** Index in the search list where it was found; -1 for the includer's directory or an absolute name. */
  dirIndex: number;
}

/**
 * Find `name` for `#include` (`next`: `#include_next`, continuing after
 * `fromDirIndex`). `exists` returns true for a readable regular file.
 */
export function resolveInclude(
  search: IncludeSearch,
  name: string,
  angled: boolean,
  includerPath: string,
  fromDirIndex: number,
  next: boolean,
  exists: (p: string) => boolean,
): ResolvedInclude | null {
  if (name.startsWith('/')) return exists(name) ? { path: path.normalize(name), dirIndex: -1 } : null;
  const start = next && fromDirIndex >= 0 ? fromDirIndex + 1 : 0;
  const tryDirs = (n: string, from: number, to: number): ResolvedInclude | null => {
    for (let i = from; i < to; i++) {
      const p = joinPath(search.dirs[i]!, n);
      if (exists(p)) return { path: p, dirIndex: i };
    }
    return null;
  };
  if (!angled && !next) {
    const local = joinPath(path.dirname(includerPath), name);
    if (exists(local)) return { path: local, dirIndex: -1 };
    // a repo-relative file of the series: its directory in the kernel tree
    if (search.treeRoot !== undefined && includerPath !== '' && !includerPath.startsWith('/')) {
      const inTree = path.join(search.treeRoot, path.dirname(includerPath), name);
      if (exists(inTree)) return { path: inTree, dirIndex: -1 };
    }
  }
  const found = tryDirs(name, start, search.afterFrom);
  if (found) return found;
  // `uapi/asm/NAME` too: in-kernel headers name a uAPI wrapper so (arm64's <uapi/asm/siginfo.h>)
  const wrapped = /^(?:uapi\/)?asm\/(.+)$/.exec(name)?.[1];
  if (search.asmGenericFallback && wrapped !== undefined) {
    const generic = tryDirs('asm-generic/' + wrapped, start, search.afterFrom);
    if (generic) return generic;
  }
  return tryDirs(name, Math.max(start, search.afterFrom), search.dirs.length);
}

/**
 * Where the kernel tree has `name` among its in-kernel headers
 * (`linux/slab.h` → `include/linux/slab.h`), as a tree-relative path: for a
 * uAPI header whose `#include <name>` found nothing, the proof that it
 * includes a header `make headers_install` never exports. Null when the tree
 * has no such header either (a header generated at build time, a typo).
 */
export function kernelInternalHeader(treeRoot: string, archDir: string, name: string, exists: (p: string) => boolean): string | null {
  for (const rel of [`arch/${archDir}/include/${name}`, `include/${name}`]) if (exists(path.join(treeRoot, rel))) return rel;
  return null;
}

/** The diagnostic for an `#include` found nowhere (GCC's wording). */
export function notFoundMessage(name: string): string {
  return `${name}: No such file or directory`;
}

/** The header name back from notFoundMessage's text, or null. */
export function parseNotFoundMessage(message: string): string | null {
  return /^(.+): No such file or directory$/.exec(message)?.[1] ?? null;
}

/** The diagnostic the preprocessor adds for such an include (after notFoundMessage's). */
export function kernelInternalMessage(name: string, rel: string): string {
  return `${name}: a kernel-internal header (${rel}), not exported to userspace`;
}

/** NAME and the tree path back from kernelInternalMessage's text, or null. */
export function parseKernelInternalMessage(message: string): { name: string; rel: string } | null {
  const m = /^(.+): a kernel-internal header \((.+)\), not exported to userspace$/.exec(message);
  return m ? { name: m[1]!, rel: m[2]! } : null;
}

/**
 * The kernel-tree directory that serves `name`'s namespace (`linux/foo.h` →
 * …/include/uapi/linux) although it lacks `name` itself: an include found in
 * the after-directories then stands in for a header the tree does not have
 * (an older or partial tree). Null when `name` has no directory part, or no
 * tree directory has that directory (`<sys/socket.h>` is the system's by
 * right). `isDirectory` is true for an existing directory.
 */
export function treeNamespaceLacking(search: IncludeSearch, name: string, isDirectory: (p: string) => boolean): string | null {
  const slash = name.indexOf('/');
  if (slash <= 0) return null;
  const namespaces = name.startsWith('asm/') && search.asmGenericFallback ? [name.slice(0, slash), 'asm-generic'] : [name.slice(0, slash)];
  for (let i = search.treeFrom; i < search.afterFrom; i++) {
    for (const ns of namespaces) {
      const dir = joinPath(search.dirs[i]!, ns);
      if (isDirectory(dir)) return dir;
    }
  }
  return null;
}

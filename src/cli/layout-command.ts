/**
 * `abi-check layout [-I DIR]… [--tree DIR [--kernel]] [--abi NAME|all] [--struct NAME] [--format text|json] [--jobs N] FILE.h…`
 *
 * For each ABI, each FILE is preprocessed as uAPI (no `__KERNEL__`), parsed
 * into a TypeModel, and the records it declares are laid out.
 *
 * A FILE that is not an existing file is resolved like `#include <FILE>`:
 * through the -I directories, then (`--tree DIR`) the kernel tree's uAPI
 * directories for the ABI (arch/<arch>/include/uapi, include/uapi, generated
 * wrappers or their asm-generic fallback), then the ABI's system include
 * directories, so `asm/…` finds that ABI's asm directory. Includes are found
 * the same way. The header key in the output is FILE as given when it was
 * resolved that way, else the path relative to the -I or kernel-tree uAPI
 * directory containing it, else the path as given.
 *
 * JSON: one ABI prints one object `{"abi", "headers": {"<name>": {"records": […]}}}`
 * exactly as DESIGN.md says; several ABIs (`--abi all`) print a JSON array of
 * such objects, in ABI_NAMES order. Text: pahole style, ABIs with identical
 * layouts share a block (src/report/render-layout-text.ts).
 *
 * Records that cannot be laid out (incomplete or unknown member types) and
 * the front end's errors go to `io.stderr` with file:line; the exit code is
 * then 1, after printing everything that could be laid out. Warnings
 * (`#warning`, a header the kernel tree lacks, for which the system's
 * installed copy was used) go there too, once each with the ABIs they were
 * met on, and leave the exit code alone.
 *
 * `--kernel` (with `--tree DIR`) reads each FILE as the tree's in-kernel code
 * instead, as pahole reads a build of it: FILE is a path, or a path in the
 * tree (`include/linux/vfio.h`, a .c file), `__KERNEL__` is defined, includes
 * are the tree's, and the configuration is the tree's where it fits the ABI,
 * else `make allnoconfig` worked out from its Kconfig (kernel-config.ts); a
 * note on stderr says which. Only the 13 ABIs a kernel is built for (not x32).
 * In-kernel headers carry GNU C the front end does not need for layouts
 * (`typeof` of expressions, asm operands in function bodies): only the errors
 * within struct, union and enum definitions, FILE's or those of the files it
 * includes, are listed (and make the exit code 1); the others, in function
 * bodies and other declarations, are counted in one warning per FILE.
 *
 * The headers are laid out on `--jobs` worker threads (./layout/parallel-layout.ts);
 * the output is the same, byte for byte, for any number of threads.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ABI_NAMES, type AbiName, type MemberLayout, type RecordLayout } from '../abi/layout-types.ts';
import { isAbiName } from '../abi/abis.ts';
import { InputError, UsageError } from '../errors.ts';
import { renderLayoutsText, type AbiHeaders } from '../report/render-layout-text.ts';
import { layoutThreadCount } from './layout/jobs-option.ts';
import { makeArchOf } from '../c/kconfig/tree-allnoconfig.ts';
import { describeTreeConfig } from '../c/preprocess/kernel-config.ts';
import { readSourceFile } from '../c/preprocess/index.ts';
import { inputErrorOf, isLayoutJobError, layoutHeaderFiles, type LayoutJob } from './layout/parallel-layout.ts';

export { layoutHeaderFile, resolveHeader, type HeaderFileLayout } from './layout/header-file-layout.ts';

export interface LayoutCommandArgs {
  includeDirs: string[];
  /** A kernel source tree whose uAPI headers are laid out as `make headers_install` would export them. */
  tree?: string;
  /** Read the files as in-kernel code of `tree` (needs `tree`). */
  kernel?: boolean;
  /** 'all' or one of ABI_NAMES. */
  abi: string;
  /** Only this record: `foo`, `struct foo` or `union foo`. */
  struct?: string;
  format: 'text' | 'json';
  files: string[];
  /** Threads laying out headers: a count, or the text given to --jobs (default: see layoutThreadCount). */
  jobs?: number | string;
}

export interface LayoutCommandIo {
  stdout: (s: string) => void;
  stderr?: (s: string) => void;
}

function matchesStruct(r: RecordLayout, wanted: string): boolean {
  return wanted === r.name || wanted === `${r.kind} ${r.name}`;
}

/** The JSON shape of DESIGN.md: the renderer-only `type` and `elementSize` dropped (`partial`/`segment` stay when set). */
function oracleShape(r: RecordLayout): RecordLayout {
  const strip = (m: MemberLayout): MemberLayout => {
    const { type: _t, elementSize: _e, ...rest } = m;
    return rest.members ? { ...rest, members: rest.members.map(strip) } : rest;
  };
  return { ...r, members: r.members.map(strip) };
}

/** `--tree DIR`, checked: a directory with the kernel's include/uapi. */
function kernelTreeDir(dir: string): string {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(dir, 'no such directory (--tree wants a kernel source tree)');
  }
  if (!st.isDirectory()) throw new InputError(dir, 'not a directory (--tree wants a kernel source tree)');
  if (!existsSync(join(dir, 'include/uapi'))) throw new InputError(dir, 'not a kernel source tree: it has no include/uapi');
  return dir;
}

export async function runLayoutCommand(args: LayoutCommandArgs, io: LayoutCommandIo): Promise<number> {
  if (args.files.length === 0) throw new UsageError('layout: give at least one header FILE');
  if (args.format !== 'text' && args.format !== 'json') throw new UsageError(`layout: --format must be text or json, not '${String(args.format)}'`);
  let abis: AbiName[];
  if (args.abi === 'all') abis = [...ABI_NAMES];
  else if (isAbiName(args.abi)) abis = [args.abi];
  else throw new UsageError(`layout: unknown ABI '${args.abi}' (one of: all, ${ABI_NAMES.join(', ')})`);
  if (args.kernel) {
    if (args.tree === undefined) throw new UsageError('layout: --kernel reads in-kernel code of a kernel tree: give it with --tree DIR');
    const userspaceOnly = abis.filter((a) => makeArchOf(a) === null);
    if (args.abi !== 'all' && userspaceOnly.length > 0) throw new UsageError(`layout: --kernel: no kernel is built for ${userspaceOnly.join(', ')} (a userspace ABI)`);
    abis = abis.filter((a) => makeArchOf(a) !== null);
  }

  const jobs: LayoutJob[] = abis.flatMap((abi) => args.files.map((file) => ({ file, abi })));
  const threads = layoutThreadCount(args.jobs, new Set(args.files).size, jobs.length);
  const search = { includeDirs: args.includeDirs, ...(args.tree !== undefined ? { kernelTree: kernelTreeDir(args.tree) } : {}), ...(args.kernel ? { kernel: true } : {}) };
  const laidOut = await layoutHeaderFiles(jobs, search, { workers: threads });
  const warn = io.stderr ?? (() => {});
  if (args.kernel) warn(`note: ${describeTreeConfig(search.kernelTree!, abis, readSourceFile)}\n`);
  let failed = false;
  let found = args.struct === undefined;
  const results: AbiHeaders[] = [];
  const warnings = new Map<string, Set<AbiName>>(); // one line per warning, naming the ABIs it was met on
  const unlistedErrors = new Map<string, string[]>(); // --kernel: by file, the errors met outside its records' definitions, per ABI
  let next = 0; // laidOut is in the order of jobs: ABI by ABI, each ABI's files in order
  for (const abi of abis) {
    const headers: AbiHeaders['headers'] = {};
    for (const _file of args.files) {
      const h = laidOut[next++];
      if (isLayoutJobError(h)) throw inputErrorOf(h);
      for (const w of h.warnings) {
        const key = `${w.loc.line > 0 ? `${w.loc.file}:${w.loc.line}` : h.name}\0${w.message}`;
        // a warning in a header several files include is met once per file: each ABI once
        const seenOn = warnings.get(key);
        if (seenOn) seenOn.add(abi);
        else warnings.set(key, new Set([abi]));
      }
      for (const d of h.diagnostics) {
        failed = true;
        warn(`${d.loc.file}:${d.loc.line}: ${abi}: ${d.message}\n`);
      }
      if (h.unlisted) {
        let counts = unlistedErrors.get(h.name);
        if (!counts) unlistedErrors.set(h.name, (counts = []));
        counts.push(`${h.unlisted} on ${abi}`);
      }
      for (const f of h.failures) {
        failed = true;
        warn(`${f.file}:${f.line}: ${abi}: cannot lay out ${f.name}: ${f.reason}\n`);
      }
      const name = h.name;
      let records = h.records;
      if (args.struct !== undefined) {
        records = records.filter((r) => matchesStruct(r, args.struct!));
        if (records.length) found = true;
      }
      headers[name] = { records };
    }
    results.push({ abi, headers });
  }
  for (const [key, seenOn] of warnings) {
    const [where, message] = key.split('\0');
    const on = seenOn.size === abis.length && abis.length > 1 ? 'all ABIs' : [...seenOn].join(', ');
    warn(`${where}: ${on}: warning: ${message}\n`);
  }
  for (const [name, counts] of unlistedErrors) {
    warn(`${name}: warning: errors met outside struct, union and enum definitions, not listed (GNU C in function bodies that layouts do not need: typeof of expressions, asm operands …): ${counts.join(', ')}\n`);
  }
  if (!found) throw new InputError(args.struct!, `no struct or union of that name is declared in ${args.files.join(', ')}`);

  if (args.format === 'json') {
    const objs = results.map((r) => ({
      abi: r.abi,
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, { records: v.records.map(oracleShape) }])),
    }));
    io.stdout(`${JSON.stringify(objs.length === 1 ? objs[0] : objs, null, 2)}\n`);
  } else {
    io.stdout(renderLayoutsText(results));
  }
  return failed ? 1 : 0;
}

/**
 * The system calls a series adds, read from the syscall lists
 * (syscall-tables.ts) it touches and, with a kernel tree, all the others:
 * each list through the series, and each call no list had before it, with
 * every list and patch that adds it. The uapi.syscall-* rules read this.
 */
import { isWholeImage, type Images } from '../tree/images.ts';
import { isSyscallTable, syscallEntries, tableArch, type SyscallEntry } from './syscall-tables.ts';
import { archDirOf } from '../c/preprocess/index.ts';
import { headersOfTable } from '../c/syscall-headers.ts';
import type { AbiName } from './layout-types.ts';

/** The tree's syscall lists (injected IO): their tree-relative paths (listed when asked), and a reader. */
export interface SyscallListSource {
  paths(): readonly string[];
  read(path: string): string | null;
}

/** One list through the series: its entries at each patch (index 0 = the base; null: no such file then), and whether all of it is known. */
export interface SyscallList {
  path: string;
  entries: (SyscallEntry[] | null)[];
  whole: boolean;
  /** The series changes it. */
  touched: boolean;
}

/** Where the series adds a call: the list, the patch, the line there. */
export interface SyscallAddition {
  path: string;
  patch: number;
  entry: SyscallEntry;
}

/** The lists, in path order: those the series touches, as each patch leaves them, and the tree's others (none when it touches none). */
export function syscallLists(images: Images, tree: SyscallListSource | null): SyscallList[] {
  // a series that touches no list adds no call: the tree's lists are not read
  if (!Object.keys(images.files).some(isSyscallTable)) return [];
  const n = images.applied.length;
  const lists: SyscallList[] = [];
  for (const [path, seq] of Object.entries(images.files)) {
    if (!isSyscallTable(path)) continue;
    const whole = seq.every((img) => img.text === null || isWholeImage(img));
    lists.push({ path, whole, touched: true, entries: seq.map((img) => (img.text === null ? null : syscallEntries(path, img.text))) });
  }
  for (const path of tree?.paths() ?? []) {
    if (images.files[path]) continue;
    const text = tree!.read(path);
    if (text === null) continue;
    const entries = syscallEntries(path, text);
    lists.push({ path, whole: true, touched: false, entries: Array.from({ length: n + 1 }, () => entries) });
  }
  // a file of that name without a list in it (6.11+'s arm64 unistd32.h) is not one
  return lists.filter((l) => l.entries.some((e) => e !== null && e.length > 0)).sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function namesOf(entries: readonly SyscallEntry[] | null): Set<string> {
  return new Set((entries ?? []).map((e) => e.name));
}

/**
 * The calls no list had before the series and some list has after it, in
 * the order the series adds them, each with every list that adds it (the
 * first patch to do so there). A call a later patch takes out again is not one.
 */
export function newSyscalls(lists: readonly SyscallList[], patches: number): Map<string, SyscallAddition[]> {
  const before = new Set(lists.flatMap((l) => [...namesOf(l.entries[0]!)]));
  const added = new Map<string, SyscallAddition[]>();
  for (let i = 1; i <= patches; i++) {
    for (const l of lists) {
      const had = namesOf(l.entries[i - 1]!);
      for (const e of l.entries[i] ?? []) {
        if (had.has(e.name) || before.has(e.name)) continue;
        const adds = added.get(e.name) ?? [];
        if (!adds.some((a) => a.path === l.path)) adds.push({ path: l.path, patch: i, entry: e });
        added.set(e.name, adds);
      }
    }
  }
  for (const name of [...added.keys()]) if (!lists.some((l) => namesOf(l.entries[patches]!).has(name))) added.delete(name);
  return added;
}

/** Architectures modelled among those of the generic lists (arm64, riscv). */
const GENERIC_ARCH_DIRS = new Set(['arm64', 'riscv']);

/**
 * The ABIs among `abis` whose processes get their numbers from the list at
 * `path`: those whose <asm/unistd.h> reads a header Kbuild makes from it
 * (syscall_32.tbl: i386; syscall_64.tbl: x86_64 and x32; mips' n32 list:
 * none modelled), else those of its architecture.
 */
export function abisOfList(path: string, abis: readonly AbiName[]): AbiName[] {
  const made = headersOfTable(path);
  if (made.length > 0) return abis.filter((a) => made.some((h) => h.rule.readBy.includes(a)));
  const arch = tableArch(path);
  return abis.filter((a) => archDirOf(a) === arch || (arch === 'generic' && GENERIC_ARCH_DIRS.has(archDirOf(a))));
}

/** What the uapi.syscall-* rules read, worked out once per series: the lists and the calls it adds. */
export interface SyscallSeries {
  lists: SyscallList[];
  added: Map<string, SyscallAddition[]>;
  /** Patches in the series (`entries[patches]` is each list as the series ends). */
  patches: number;
  /** The tree's lists, or null without a tree. */
  tree: SyscallListSource | null;
}

export function syscallSeries(images: Images, tree: SyscallListSource | null): SyscallSeries {
  const lists = syscallLists(images, tree);
  const patches = images.applied.length;
  return { lists, added: newSyscalls(lists, patches), patches, tree };
}

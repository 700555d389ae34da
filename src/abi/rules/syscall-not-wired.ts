/**
 * uapi.syscall-not-wired: the series adds a system call to the syscall lists
 * of some architectures but not of others. A new call is wired up in every
 * architecture's table in one go, with the same number (alpha's +110 aside),
 * or reserved with sys_ni_syscall where it cannot work
 * (Documentation/process/adding-syscalls.rst): an architecture left out has
 * no number for it, and the next call added there takes the one the others
 * gave it, so the numbers stop agreeing.
 *
 * A call is new when no list had it before the series. Lists are those the
 * series touches and, with a kernel tree, every list of the tree
 * (src/abi/syscall-tables.ts); a list known only in part (diff context)
 * shows what the series added to it but cannot show that something is
 * missing. A call only for 32-bit processes (the lines' ABI field, or
 * lists such as syscall_32.tbl) is expected only in lists that serve them,
 * and one for 64-bit only likewise. A call the series adds for one
 * architecture alone, without the generic lists, is taken to be specific to
 * it (arch_prctl, riscv_flush_icache): a note, not a finding.
 *
 * This rule reads the series as a whole, not one file's comparison, so it is
 * not in RULES' per-file loop: analyse-series.ts runs it once.
 */
import type { AbiName } from '../layout-types.ts';
import type { Finding } from '../../report/report.ts';
import { archDirOf } from '../../c/preprocess/index.ts';
import { isWholeImage, type Images } from '../../tree/images.ts';
import { isSyscallTable, syscallEntries, tableArch, tableBits, type Bits, type SyscallEntry } from '../syscall-tables.ts';

export const SYSCALL_NOT_WIRED = {
  id: 'uapi.syscall-not-wired',
  level: 'warning',
  kind: 'design',
  summary: 'a new system call is in the syscall tables of some architectures but not of others',
} as const;

/** The tree's syscall lists (injected IO): their tree-relative paths, and a reader. */
export interface SyscallListSource {
  paths: readonly string[];
  read(path: string): string | null;
}

/** One list through the series: its entries at each patch (index 0 = the base), and whether all of it is known. */
interface List {
  path: string;
  entries: (SyscallEntry[] | null)[];
  whole: boolean;
}

/** Where the series adds a call: the list, the patch, the line there. */
interface Addition {
  path: string;
  patch: number;
  entry: SyscallEntry;
}

/** ABIs modelled on the architectures of the generic lists (arm64, riscv). */
const GENERIC_ARCH_DIRS = new Set(['arm64', 'riscv']);

function listsOf(images: Images, tree: SyscallListSource | null): List[] {
  const n = images.applied.length;
  const lists: List[] = [];
  for (const [path, seq] of Object.entries(images.files)) {
    if (!isSyscallTable(path)) continue;
    const whole = seq.every((img) => img.text === null || isWholeImage(img));
    lists.push({ path, whole, entries: seq.map((img) => (img.text === null ? null : syscallEntries(path, img.text))) });
  }
  for (const path of tree?.paths ?? []) {
    if (images.files[path]) continue;
    const text = tree!.read(path);
    if (text === null) continue;
    const entries = syscallEntries(path, text);
    lists.push({ path, whole: true, entries: Array.from({ length: n + 1 }, () => entries) });
  }
  // a file of that name without a list in it (6.11+'s arm64 unistd32.h) is not one
  return lists.filter((l) => l.entries.some((e) => e !== null && e.length > 0)).sort((a, b) => (a.path < b.path ? -1 : 1));
}

function namesOf(entries: SyscallEntry[] | null): Set<string> {
  return new Set((entries ?? []).map((e) => e.name));
}

/** The word size a new call serves, from the lines the series added. */
function bitsOf(adds: readonly Addition[]): Bits {
  const seen = new Set(adds.map((a) => a.entry.bits).filter((b): b is Bits => b !== null));
  if (seen.size === 0 || seen.has('both') || seen.size > 1) return 'both';
  return [...seen][0]!;
}

function serves(list: Bits, call: Bits): boolean {
  return list === 'both' || call === 'both' || list === call;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function syscallNotWired(images: Images, abis: readonly AbiName[], tree: SyscallListSource | null): { findings: Finding[]; notes: string[] } {
  const lists = listsOf(images, tree);
  const findings: Finding[] = [];
  const notes: string[] = [];
  if (lists.length === 0) return { findings, notes };
  const before = new Set(lists.flatMap((l) => [...namesOf(l.entries[0]!)]));
  /** New calls in the order the series adds them, with every place it adds them. */
  const added = new Map<string, Addition[]>();
  const n = images.applied.length;
  for (let i = 1; i <= n; i++) {
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
  let untouchedUnknown = false;
  for (const [name, adds] of added) {
    // added, then taken out again by a later patch: nothing to wire up
    if (!lists.some((l) => namesOf(l.entries[n]!).has(name))) continue;
    const arches = [...new Set(adds.map((a) => tableArch(a.path)))];
    if (arches.length === 1 && arches[0] !== 'generic') {
      const others = lists.filter((l) => tableArch(l.path) !== arches[0]).length;
      if (others > 0) notes.push(`system call ${name}: wired up for ${arches[0]} only (${adds.map((a) => a.path).join(', ')}); taken to be specific to it, so the other ${plural(others, 'syscall list')} were not checked for it`);
      continue;
    }
    const bits = bitsOf(adds);
    const missing = lists.filter((l) => {
      const last = l.entries[n];
      return l.whole && last !== null && last.length > 0 && serves(tableBits(l.path), bits) && !namesOf(last).has(name);
    }).map((l) => l.path);
    if (!tree) untouchedUnknown = true;
    if (missing.length === 0) continue;
    // the patch that first adds it; there, a generic list before an architecture's own
    const firstPatch = Math.min(...adds.map((a) => a.patch));
    const atFirst = adds.filter((a) => a.patch === firstPatch);
    const first = atFirst.find((a) => tableArch(a.path) === 'generic') ?? atFirst[0]!;
    const missingArches = new Set(missing.map(tableArch));
    const lacking = abis.filter((a) => missingArches.has(archDirOf(a)) || (missingArches.has('generic') && GENERIC_ARCH_DIRS.has(archDirOf(a))));
    const nr = first.entry.nr.toString();
    findings.push({
      rule: SYSCALL_NOT_WIRED.id,
      level: SYSCALL_NOT_WIRED.level,
      kind: SYSCALL_NOT_WIRED.kind,
      patch: first.patch,
      file: first.path,
      line: first.entry.line,
      symbol: `__NR_${name}`,
      abis: lacking,
      message:
        `New system call ${name} (${nr} in ${first.path}) is wired up in ${plural(adds.length, 'syscall list')} but not in ${plural(missing.length, 'other')}` +
        `${bits === 'both' ? '' : ` that serve ${bits}-bit processes`}: ${missing.join(', ')}. ` +
        'Userspace there has no number for it, and the next call added there takes the number the others gave this one.',
      after: { added: adds.map((a) => ({ list: a.path, patch: a.patch, line: a.entry.line, nr: a.entry.nr.toString() })), missing },
      suggestion: `Add ${name} to every architecture's syscall list with the same number, in one patch; where it cannot work, reserve the number with sys_ni_syscall (Documentation/process/adding-syscalls.rst).`,
    });
  }
  if (untouchedUnknown) notes.push('new system calls were checked against the syscall lists this series touches only: without --tree the other architectures\' lists are unknown');
  return { findings, notes };
}

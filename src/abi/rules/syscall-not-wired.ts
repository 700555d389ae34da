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
 * it (arch_prctl, riscv_flush_icache): a note, not a finding; so is one
 * only on lines for processes or architectures that opt in (the generic
 * list's `riscv` or `arc` lines, x86's `x32` ones).
 *
 * This rule reads the series as a whole, not one file's comparison, so it is
 * not in RULES' per-file loop: analyse-series.ts runs it once.
 */
import type { AbiName } from '../layout-types.ts';
import type { Finding } from '../../report/report.ts';
import { plural } from '../../report/plural.ts';
import { isUniversalAbi, tableArch, tableBits, type Bits } from '../syscall-tables.ts';
import { abisOfList, namesOf, type SyscallAddition, type SyscallSeries } from '../syscall-additions.ts';

export const SYSCALL_NOT_WIRED = {
  id: 'uapi.syscall-not-wired',
  level: 'warning',
  kind: 'design',
  summary: 'a new system call is in the syscall tables of some architectures but not of others',
} as const;

/** The word size a new call serves, from the lines the series added. */
function bitsOf(adds: readonly SyscallAddition[]): Bits {
  const seen = new Set(adds.map((a) => a.entry.bits).filter((b): b is Bits => b !== null));
  if (seen.size === 0 || seen.has('both') || seen.size > 1) return 'both';
  return [...seen][0]!;
}

function serves(list: Bits, call: Bits): boolean {
  return list === 'both' || call === 'both' || list === call;
}

export function syscallNotWired(series: SyscallSeries, abis: readonly AbiName[]): { findings: Finding[]; notes: string[] } {
  const { lists, added, patches: n, tree } = series;
  const findings: Finding[] = [];
  const notes: string[] = [];
  let untouchedUnknown = false;
  for (const [name, adds] of added) {
    // lines only some architectures or ABIs opt in to (`riscv`, `x32` …) ask nothing of the others
    const meant = adds.filter((a) => isUniversalAbi(a.entry.abi));
    if (meant.length === 0) {
      const fields = [...new Set(adds.map((a) => a.entry.abi))].join(', ');
      notes.push(`system call ${name}: added only on lines for ${fields} (${adds.map((a) => a.path).join(', ')}); taken to be specific to ${fields}, so the other syscall lists were not checked for it`);
      continue;
    }
    const arches = [...new Set(meant.map((a) => tableArch(a.path)))];
    if (arches.length === 1 && arches[0] !== 'generic') {
      const others = lists.filter((l) => tableArch(l.path) !== arches[0]).length;
      if (others > 0) notes.push(`system call ${name}: wired up for ${arches[0]} only (${adds.map((a) => a.path).join(', ')}); taken to be specific to it, so the other ${plural(others, 'syscall list')} were not checked for it`);
      continue;
    }
    const bits = bitsOf(meant);
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
    const lacking = abis.filter((a) => missing.some((path) => abisOfList(path, [a]).length > 0));
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

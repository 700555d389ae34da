/**
 * The numbers a series gives a new system call (syscall-additions.ts):
 *
 * - uapi.syscall-number-taken: in some list the number already belongs to
 *   another call that the same processes reach (a `32` line and a `64` line
 *   may share one; `common` reaches all). Two series numbered in parallel
 *   collide like this when both are merged; the table then maps the number
 *   to one entry point and userspace built for the other calls the wrong one.
 * - uapi.syscall-number-mismatch: since Linux 5.1 a new call has one number
 *   on every architecture (alpha's, and ia64's, a fixed offset above the
 *   others). A list whose number for the call is not what its own recent
 *   calls say (their offset from the other lists) breaks that: libc and
 *   tools that share one number across architectures get it wrong there.
 *   What a list's numbering says is worked out from the last calls it shares
 *   with the list the call is compared against; the number most lists agree
 *   on is taken as right.
 *
 * Like uapi.syscall-not-wired, these read the series as a whole:
 * analyse-series.ts runs them once.
 */
import type { Finding } from '../../report/report.ts';
import type { AbiName } from '../layout-types.ts';
import { tableArch, type SyscallEntry } from '../syscall-tables.ts';
import { abisOfList, type SyscallAddition, type SyscallList, type SyscallSeries } from '../syscall-additions.ts';

export const SYSCALL_NUMBER_TAKEN = {
  id: 'uapi.syscall-number-taken',
  level: 'error',
  kind: 'binary',
  summary: 'a new system call gets a number another call already has in that syscall list',
} as const;

export const SYSCALL_NUMBER_MISMATCH = {
  id: 'uapi.syscall-number-mismatch',
  level: 'warning',
  kind: 'design',
  summary: 'a new system call gets a number in one syscall list other than the one the other lists give it',
} as const;

/** Calls both lists have, most recent first, that say how two lists' numbers relate. */
const SHARED_CALLS = 8;

/** Two lines of one list reach the same processes (their ABI fields overlap). */
function overlap(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === b || a === 'common' || b === 'common') return true;
  // powerpc: nospu is every ABI but the Cell SPU's
  return (a === 'nospu' && b !== 'spu') || (b === 'nospu' && a !== 'spu');
}

/** Each name's first line in a list (x86_64's later x32 lines reuse names). */
function byName(entries: readonly SyscallEntry[] | null): Map<string, SyscallEntry> {
  const out = new Map<string, SyscallEntry>();
  for (const e of entries ?? []) if (!out.has(e.name)) out.set(e.name, e);
  return out;
}

/**
 * How far `list`'s numbers lie above `ref`'s (0 for nearly all lists, 110
 * for alpha's), from the most recent calls both had before the series, and
 * one of those calls as the example; null when they share none.
 */
function offsetFrom(list: SyscallList, ref: SyscallList, isNew: (name: string) => boolean): { offset: bigint; example: string } | null {
  const mine = byName(list.entries[0]!);
  const shared = [...byName(ref.entries[0]!).values()].filter((e) => mine.has(e.name) && !isNew(e.name)).sort((a, b) => (a.nr < b.nr ? 1 : a.nr > b.nr ? -1 : 0)).slice(0, SHARED_CALLS);
  if (shared.length === 0) return null;
  const counts = new Map<bigint, { n: number; example: string }>();
  for (const e of shared) {
    const d = mine.get(e.name)!.nr - e.nr;
    const c = counts.get(d) ?? { n: 0, example: e.name };
    c.n++;
    counts.set(d, c);
  }
  const [offset, { example }] = [...counts].reduce((a, b) => (b[1].n > a[1].n ? b : a));
  return { offset, example };
}

export function syscallNumbers(series: SyscallSeries, abis: readonly AbiName[]): Finding[] {
  const finding = (rule: typeof SYSCALL_NUMBER_TAKEN | typeof SYSCALL_NUMBER_MISMATCH, add: SyscallAddition, name: string, message: string, suggestion: string, extra: object): Finding => ({
    rule: rule.id, level: rule.level, kind: rule.kind, patch: add.patch, file: add.path, line: add.entry.line, symbol: `__NR_${name}`,
    abis: abisOfList(add.path, abis), message, suggestion, after: { list: add.path, nr: add.entry.nr.toString(), ...extra },
  });
  const { lists, added, patches: n } = series;
  const findings: Finding[] = [];
  const listAt = new Map(lists.map((l) => [l.path, l]));
  for (const [name, adds] of added) {
    for (const add of adds) {
      const other = (listAt.get(add.path)!.entries[n] ?? []).find((e) => e.nr === add.entry.nr && e.name !== name && overlap(e.abi, add.entry.abi));
      if (!other) continue;
      findings.push(finding(SYSCALL_NUMBER_TAKEN, add, name,
        `New system call ${name} takes number ${add.entry.nr} in ${add.path}, which ${other.name} already has there (line ${other.line}). The table maps the number to one entry point; userspace built for the other calls the wrong one.`,
        `Give ${name} the next free number in every list (the one after the last call now there), the same everywhere.`,
        { takenBy: other.name, takenAt: other.line }));
    }
    if (adds.length < 2) continue;
    // numbers relative to one list, the call's first (a generic list first): the one most lists agree on is right
    const ref = listAt.get((adds.find((a) => tableArch(a.path) === 'generic') ?? adds[0]!).path)!;
    const isNew = (c: string) => added.has(c);
    const relative = adds.map((add) => {
      const rel = add.path === ref.path ? { offset: 0n, example: '' } : offsetFrom(listAt.get(add.path)!, ref, isNew);
      return { add, rel, normal: rel ? add.entry.nr - rel.offset : null };
    });
    const votes = new Map<bigint, number>();
    for (const r of relative) if (r.normal !== null) votes.set(r.normal, (votes.get(r.normal) ?? 0) + 1);
    if (votes.size < 2) continue;
    const agreed = [...votes].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const refNr = byName(ref.entries[n]!).get(name)?.nr;
    for (const { add, rel, normal } of relative) {
      if (normal === null || normal === agreed || !rel) continue;
      const expected = agreed + rel.offset;
      const how = add.path === ref.path
        ? `the other lists agree on ${agreed}`
        : rel.offset === 0n
          ? `${ref.path} has it as ${refNr}, and the calls before it have the same number in both (${rel.example})`
          : `this list numbers calls ${rel.offset} above ${ref.path} (${rel.example}), where most lists give it ${agreed}`;
      findings.push(finding(SYSCALL_NUMBER_MISMATCH, add, name,
        `New system call ${name} is ${add.entry.nr} in ${add.path}, but ${how}: it should be ${expected} here. A new call has one number on every architecture; libraries and tools that rely on that get this one wrong.`,
        `Number ${name} ${expected} in ${add.path}, as in the other lists (Documentation/process/adding-syscalls.rst).`,
        { expected: expected.toString() }));
    }
  }
  return findings;
}

/**
 * uapi.syscall-count-stale: the series numbers a system call past the count
 * the kernel sizes its table by, where that count is kept by hand. Before
 * 6.11 the generic architectures' table is as long as `__NR_syscalls` in
 * asm-generic/unistd.h, and arm64's compat table as `__NR_compat_syscalls`
 * in asm/unistd.h (everywhere else Kbuild counts the table itself). A call
 * added past it is not in the table the kernel builds: calling it fails
 * with ENOSYS, on every architecture that list serves.
 *
 * Read once for the series as it ends, like the other uapi.syscall-* rules.
 */
import type { Finding } from '../../report/report.ts';
import type { Images } from '../../tree/images.ts';
import type { AbiName } from '../layout-types.ts';
import { abisOfList, type SyscallSeries } from '../syscall-additions.ts';

export const SYSCALL_COUNT_STALE = {
  id: 'uapi.syscall-count-stale',
  level: 'error',
  kind: 'binary',
  summary: 'a new system call is numbered past the hand-kept count its syscall table is sized by',
} as const;

/** The lists whose length a macro kept by hand gives, and where that macro is. */
const COUNTS: readonly { list: string; header: string; macro: string }[] = [
  { list: 'include/uapi/asm-generic/unistd.h', header: 'include/uapi/asm-generic/unistd.h', macro: '__NR_syscalls' },
  { list: 'arch/arm64/include/asm/unistd32.h', header: 'arch/arm64/include/asm/unistd.h', macro: '__NR_compat_syscalls' },
];

/** The value and 1-based line of the last `#define macro <number>` in `text`, or null. */
function countIn(text: string, macro: string): { value: bigint; line: number } | null {
  const define = new RegExp(`^\\s*#\\s*define\\s+${macro}\\s+\\(?\\s*(\\d+)\\s*\\)?\\s*(?:/[*/].*)?$`);
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = define.exec(lines[i]!);
    if (m) return { value: BigInt(m[1]!), line: i + 1 };
  }
  return null;
}

export function syscallCountStale(series: SyscallSeries, images: Images, abis: readonly AbiName[]): Finding[] {
  const { added, tree } = series;
  const findings: Finding[] = [];
  for (const { list, header, macro } of COUNTS) {
    const adds = [...added.values()].flatMap((a) => a.filter((x) => x.path === list));
    if (adds.length === 0) continue;
    const seq = images.files[header];
    const text = seq ? seq[seq.length - 1]!.text : tree?.read(header) ?? null;
    const count = text === null ? null : countIn(text, macro);
    if (!count) continue;
    const past = adds.filter((a) => a.entry.nr >= count.value);
    if (past.length === 0) continue;
    const last = past.reduce((a, b) => (b.entry.nr > a.entry.nr ? b : a));
    const names = past.map((a) => `${a.entry.name} (${a.entry.nr})`).join(', ');
    findings.push({
      rule: SYSCALL_COUNT_STALE.id,
      level: SYSCALL_COUNT_STALE.level,
      kind: SYSCALL_COUNT_STALE.kind,
      patch: last.patch,
      file: list,
      line: last.entry.line,
      symbol: macro,
      abis: abisOfList(list, abis),
      message: `${macro} is ${count.value} (${header}:${count.line}), but the series numbers ${names} in ${list}: the kernel's table stops before ${past.length === 1 ? 'it' : 'them'}, so calling ${past.length === 1 ? 'it' : 'them'} fails with ENOSYS.`,
      after: { macro, count: count.value.toString(), at: `${header}:${count.line}`, calls: past.map((a) => ({ name: a.entry.name, nr: a.entry.nr.toString() })) },
      suggestion: `Raise ${macro} to ${last.entry.nr + 1n} in ${header}, in the patch that adds ${last.entry.name}.`,
    });
  }
  return findings;
}

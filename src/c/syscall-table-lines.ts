/**
 * The numbered lines of a kernel syscall table (`NR ABI NAME [ENTRY …]`:
 * arch/x86/entry/syscalls/syscall_64.tbl, arch/*\/kernel/syscalls/syscall.tbl,
 * scripts/syscall.tbl …), read as the kernel's scripts read them: a line is
 * taken when it begins with a number and a blank (syscallhdr.sh's and
 * syscalltbl.sh's `grep -E "^[0-9A-Fa-fXx]+[[:space:]]+"`), and its fields
 * are split on blanks (`read nr abi name entry compat`). Comments and blank
 * lines are not taken.
 *
 * This is the one reader of the format: the generated headers
 * (syscall-headers.ts) and the series rules' lists (abi/syscall-tables.ts)
 * both build on it.
 */

export interface SyscallTableLine {
  /** The number as written (what syscallhdr.sh copies into the header). */
  nr: string;
  /** Its value, as the shell's $(( )) reads it; null when it is no number (`0x`, `12a`). */
  value: bigint | null;
  /** The ABI field (`common`, `64`, `i386`, `n64` …); empty when the line has none. */
  abi: string;
  /** The call's name; empty when the line has none. */
  name: string;
  /** 1-based line. */
  line: number;
}

const NUMBERED = /^[0-9A-Fa-fXx]+[ \t\v\f\r]/;

/** Every numbered line of `text`, in table order. */
export function syscallTableLines(text: string): SyscallTableLine[] {
  const out: SyscallTableLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!NUMBERED.test(l)) continue;
    const [nr = '', abi = '', name = ''] = l.trim().split(/\s+/);
    out.push({ nr, value: shellNumber(nr), abi, name, line: i + 1 });
  }
  return out;
}

/** A number as the shell's $(( )) reads it: 0x… hex, 0… octal, else decimal; null for what is none of them. */
function shellNumber(s: string): bigint | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return BigInt(s);
  if (/^0[0-7]+$/.test(s)) return BigInt(`0o${s.slice(1)}`);
  return /^\d+$/.test(s) ? BigInt(s) : null;
}

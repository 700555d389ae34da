/**
 * The kernel's lists of system-call numbers, read as data: every
 * architecture's table (arch/x86/entry/syscalls/syscall_64.tbl,
 * arch/*\/kernel/syscalls/syscall.tbl, arch/arm/tools/syscall.tbl,
 * scripts/syscall.tbl of 6.11+ …, lines `NR ABI NAME [ENTRY …]`) and, before
 * 6.11, the two lists kept as C (`#define __NR_<name> <nr>`):
 * include/uapi/asm-generic/unistd.h, which arm64, riscv, loongarch and the
 * other generic architectures read, and arm64's compat
 * arch/arm64/include/asm/unistd32.h.
 *
 * What a table says about a call is its number and, where the table serves
 * both word sizes, whether it is for 32-bit or 64-bit processes only (the
 * ABI field `32`/`64`; the time64 calls 403–423 exist only for 32-bit ones).
 */
import { syscallTableLines } from '../c/syscall-table-lines.ts';

/** Which processes a table, or one of its lines, serves: one word size, or both. */
export type Bits = '32' | '64' | 'both';

export interface SyscallEntry {
  name: string;
  nr: bigint;
  /** The ABI field (`common`, `64`, `i386`, `n64` …); null in a C list. */
  abi: string | null;
  /** Which processes the line serves; null where the list does not say (C lists). */
  bits: Bits | null;
  /** 1-based line. */
  line: number;
}

/** Paths of syscall lists relative to a kernel tree, as the tree lays them out. */
const TABLE_PATH = /^(?:arch\/[^/]+\/(?:kernel\/syscalls|entry\/syscalls|tools)\/syscall[^/]*\.tbl|scripts\/syscall\.tbl)$/;
const C_LISTS = new Set(['include/uapi/asm-generic/unistd.h', 'arch/arm64/include/asm/unistd32.h']);

/** `path` (tree-relative) is one of the kernel's syscall lists. */
export function isSyscallTable(path: string): boolean {
  return TABLE_PATH.test(path) || C_LISTS.has(path);
}

/** Where the lists are in a tree: directories to look in for `*.tbl`, and single files (tree-relative). */
export const SYSCALL_TABLE_PLACES = {
  /** `arch/<arch>/<dir>` for every architecture. */
  archDirs: ['kernel/syscalls', 'entry/syscalls', 'tools'],
  files: ['scripts/syscall.tbl', ...C_LISTS],
} as const;

/**
 * The architecture a list numbers calls for: its arch/ directory, or
 * `generic` for the lists every generic architecture shares
 * (scripts/syscall.tbl, asm-generic/unistd.h).
 */
export function tableArch(path: string): string {
  return /^arch\/([^/]+)\//.exec(path)?.[1] ?? 'generic';
}

/** The word size a whole list is for, by its place (the rest serve both, line by line). */
const LIST_BITS: readonly [RegExp, Bits][] = [
  [/^arch\/x86\/entry\/syscalls\/syscall_32\.tbl$/, '32'],
  [/^arch\/x86\/entry\/syscalls\/syscall_64\.tbl$/, '64'],
  [/^arch\/arm64\/tools\/syscall_32\.tbl$/, '32'],
  [/^arch\/arm64\/tools\/syscall_64\.tbl$/, '64'],
  [/^arch\/arm64\/include\/asm\/unistd32\.h$/, '32'],
  [/^arch\/mips\/kernel\/syscalls\/syscall_(?:o32|n32)\.tbl$/, '32'],
  [/^arch\/mips\/kernel\/syscalls\/syscall_n64\.tbl$/, '64'],
  [/^arch\/(?:alpha|ia64)\//, '64'],
  [/^arch\/(?:arm|m68k|microblaze|sh|xtensa|nios2|openrisc|csky|hexagon|arc)\//, '32'],
];

export function tableBits(path: string): Bits {
  return LIST_BITS.find(([re]) => re.test(path))?.[1] ?? 'both';
}

/**
 * ABI fields that put a line in every process a list serves (or all of one
 * word size): `common`, `32`, `64`, and the single ABI of a list such as
 * x86's `i386` or mips' `n64`. Any other word (`x32`, `spu`, `oabi`, an
 * architecture's name or a feature such as `memfd_secret` in the generic
 * list) is for processes or architectures that opt in.
 */
const UNIVERSAL_ABIS = new Set(['common', '32', '64', 'nospu', 'i386', 'o32', 'n32', 'n64', 'eabi']);

/** A line with this ABI field (null: a C list's) is meant for every architecture. */
export function isUniversalAbi(abi: string | null): boolean {
  return abi === null || UNIVERSAL_ABIS.has(abi);
}

function lineBits(listBits: Bits, abi: string): Bits {
  if (listBits !== 'both') return listBits;
  return abi === '32' ? '32' : abi === '64' ? '64' : 'both';
}

/**
 * The calls a list numbers, in its order. A table's are its numbered lines
 * (syscall-table-lines.ts) that have a name; a C list's are `#define __NR_<name> <nr>` with a
 * plain number (not `__NR_syscalls`, not the `__NR3264_` aliases).
 */
export function syscallEntries(path: string, text: string): SyscallEntry[] {
  const out: SyscallEntry[] = [];
  if (C_LISTS.has(path)) {
    // `#define __NR3264_lseek 62` numbers a call that `#define __NR_llseek __NR3264_lseek` names
    const aliases = new Map<string, bigint>();
    text.split('\n').forEach((l, i) => {
      const m = /^\s*#\s*define\s+__NR(3264)?_(\w+)\s+(\d+|__NR3264_\w+)\s*(?:\/[*/].*)?$/.exec(l);
      if (!m || m[2] === 'syscalls' || m[2] === 'arch_specific_syscall') return;
      const nr = m[3]!.startsWith('__NR3264_') ? aliases.get(m[3]!.slice('__NR3264_'.length)) : BigInt(m[3]!);
      if (nr === undefined) return;
      if (m[1]) aliases.set(m[2]!, nr);
      else out.push({ name: m[2]!, nr, abi: null, bits: null, line: i + 1 });
    });
    return out;
  }
  const bits = tableBits(path);
  for (const l of syscallTableLines(text)) {
    if (l.value !== null && l.name) out.push({ name: l.name, nr: l.value, abi: l.abi, bits: lineBits(bits, l.abi), line: l.line });
  }
  return out;
}

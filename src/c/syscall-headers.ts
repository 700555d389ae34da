/**
 * The uAPI syscall-number headers a kernel build generates, worked out from
 * the tree's syscall tables where the tree has no copy: every architecture's
 * <asm/unistd.h> but s390's includes one (x86's asm/unistd_64.h, arm's
 * unistd-eabi.h, mips' unistd_n64.h, arm64's and riscv's unistd_64.h since
 * 6.11 …), so without them an unbuilt tree defines no `__NR_*` at all, and a
 * series that adds a system call shows no new number.
 *
 * Kbuild runs scripts/syscallhdr.sh on a table (`NR ABI NAME [ENTRY …]` per
 * line): every line whose ABI field begins with one of the rule's ABIs, in
 * table order, becomes `#define __NR_<prefix><name> <nr>` (`(<offset> + <nr>)`
 * with an offset), then, with --emit-nr, `__NR_syscalls` (the last number + 1)
 * under `#ifdef __KERNEL__`. Which table, ABIs and offset make which header is
 * in each architecture's syscalls Makefile; architectures on the generic table
 * (scripts/Makefile.asm-headers, 6.11 and later) list theirs in
 * arch/<arch>/kernel/Makefile.syscalls and uapi/asm/Kbuild. s390's own
 * script (arch/s390/kernel/syscalls/syscalltbl -H) writes the same lines in
 * numeric order, without __NR_syscalls. A 64-bit x86 kernel's asm/unistd.h
 * also includes two kernel-only ones, its compat processes' numbers under a
 * prefix (asm/unistd_32_ia32.h's `__NR_ia32_read`, asm/unistd_64_x32.h's
 * `__NR_x32_ioctl`), made the same way.
 */
import { join } from 'node:path';
import { ABIS } from '../abi/abis.ts';
import { ABI_NAMES, type AbiName } from '../abi/layout-types.ts';
import { archDirOf } from './preprocess/abi-targets.ts';
import { syscallTableLines } from './syscall-table-lines.ts';

/** How Kbuild makes one header: arch/<arch>/include/generated/uapi/asm/<header>. */
export interface SyscallHeaderRule {
  header: string;
  /** The table, relative to the tree. */
  table: string;
  /** Leading words of the ABI field that select a line; empty: every numbered line. */
  abis: readonly string[];
  offset?: string;
  emitNr: boolean;
  /** Lines in numeric order (`sort -k1 -n`: s390's script) rather than the table's. */
  sorted?: boolean;
  /** syscallhdr.sh's --prefix: `__NR_<prefix><name>`, `__NR_<prefix>syscalls`. */
  prefix?: string;
  /** A header for in-kernel code only, in arch/<arch>/include/generated/asm rather than generated/uapi/asm. */
  kernelOnly?: boolean;
  /** The ABIs whose <asm/unistd.h> includes it (none: an ABI abi-check does not model, such as OABI or n32). */
  readBy: readonly AbiName[];
}

/** A file's text, or null when it is missing. */
type Reader = (path: string) => string | null;

const X86 = 'arch/x86/entry/syscalls';
const ARM = 'arch/arm/tools/syscall.tbl';
const PPC = 'arch/powerpc/kernel/syscalls/syscall.tbl';
const SPARC = 'arch/sparc/kernel/syscalls/syscall.tbl';
const MIPS = 'arch/mips/kernel/syscalls';

/** Per architecture directory: the rules of its own syscalls Makefile (the same in 6.1 and 6.12). */
const ARCH_RULES: Readonly<Record<string, readonly SyscallHeaderRule[]>> = {
  x86: [
    { header: 'unistd_32.h', table: `${X86}/syscall_32.tbl`, abis: ['i386'], emitNr: true, readBy: ['i386'] },
    { header: 'unistd_64.h', table: `${X86}/syscall_64.tbl`, abis: ['common', '64'], emitNr: true, readBy: ['x86_64'] },
    { header: 'unistd_x32.h', table: `${X86}/syscall_64.tbl`, abis: ['common', 'x32'], offset: '__X32_SYSCALL_BIT', emitNr: true, readBy: ['x32'] },
    // what a 64-bit kernel's asm/unistd.h includes to know its compat processes' numbers
    { header: 'unistd_32_ia32.h', table: `${X86}/syscall_32.tbl`, abis: ['i386'], prefix: 'ia32_', emitNr: true, kernelOnly: true, readBy: ['x86_64'] },
    { header: 'unistd_64_x32.h', table: `${X86}/syscall_64.tbl`, abis: ['x32'], prefix: 'x32_', emitNr: true, kernelOnly: true, readBy: ['x86_64'] },
  ],
  arm: [
    { header: 'unistd-eabi.h', table: ARM, abis: ['common', 'eabi'], offset: '__NR_SYSCALL_BASE', emitNr: false, readBy: ['arm'] },
    { header: 'unistd-oabi.h', table: ARM, abis: ['common', 'oabi'], offset: '__NR_SYSCALL_BASE', emitNr: false, readBy: [] },
  ],
  powerpc: [
    { header: 'unistd_32.h', table: PPC, abis: ['common', 'nospu', '32'], emitNr: true, readBy: ['ppc32'] },
    { header: 'unistd_64.h', table: PPC, abis: ['common', 'nospu', '64'], emitNr: true, readBy: ['ppc64le', 'ppc64'] },
  ],
  sparc: [
    { header: 'unistd_32.h', table: SPARC, abis: ['common', '32'], emitNr: true, readBy: [] },
    { header: 'unistd_64.h', table: SPARC, abis: ['common', '64'], emitNr: true, readBy: ['sparc64'] },
  ],
  m68k: [{ header: 'unistd_32.h', table: 'arch/m68k/kernel/syscalls/syscall.tbl', abis: [], emitNr: true, readBy: ['m68k'] }],
  s390: ['32', '64'].map((bits) => ({
    header: `unistd_${bits}.h`, table: 'arch/s390/kernel/syscalls/syscall.tbl', abis: ['common', bits], emitNr: false, sorted: true, readBy: bits === '64' ? ['s390x'] : [],
  })),
  mips: (['n32', 'n64', 'o32'] as const).map((sim) => ({
    header: `unistd_${sim}.h`, table: `${MIPS}/syscall_${sim}.tbl`, abis: [], offset: '__NR_Linux', emitNr: false, readBy: sim === 'o32' ? ['mips'] : sim === 'n64' ? ['mips64'] : [],
  })),
};

/** The ABIs of `archDir` whose pointers have `bits` bits (who reads a generic unistd_<bits>.h). */
function abisWithBits(archDir: string, bits: string): AbiName[] {
  return ABI_NAMES.filter((a) => archDirOf(a) === archDir && ABIS[a].pointer.size * 8 === Number(bits));
}

/**
 * The rules of an architecture on the generic table (6.11 and later): the
 * headers its uapi/asm/Kbuild lists as `syscall-y`, from scripts/syscall.tbl
 * or the table its Makefile.syscalls names, with ABIs `common,<bits>` plus
 * its `syscall_abis_<bits> +=` words. Null when the tree does not use it.
 * Where an architecture's own Makefile and the generic one both make a
 * header, the generic rule is the tree's (an architecture moved over).
 */
function genericRules(archDir: string, read: Reader, tree: string): SyscallHeaderRule[] | null {
  const makefile = read(join(tree, `arch/${archDir}/kernel/Makefile.syscalls`));
  const kbuild = read(join(tree, `arch/${archDir}/include/uapi/asm/Kbuild`));
  if (makefile === null || kbuild === null) return null;
  const headers = [...kbuild.matchAll(/^\s*syscall-y\s*\+?=\s*(.+)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/));
  const tableOverride = /^\s*syscalltbl\s*:?=\s*(\S+)\s*$/m.exec(makefile)?.[1];
  const rules: SyscallHeaderRule[] = [];
  for (const header of headers) {
    const bits = /^unistd_(\d+)\.h$/.exec(header)?.[1];
    if (!bits) continue;
    const extra = [...makefile.matchAll(new RegExp(`^\\s*syscall_abis_${bits}\\s*\\+=(.*)$`, 'gm'))].flatMap((m) => m[1]!.trim().split(/[\s,]+/).filter(Boolean));
    const table = tableOverride ? tableOverride.replace('%', bits) : 'scripts/syscall.tbl';
    rules.push({ header, table, abis: ['common', bits, ...extra], emitNr: true, readBy: abisWithBits(archDir, bits) });
  }
  return rules;
}

/** One line of a table a rule takes: its number as written and as a value, the call's name, its 1-based line. */
export interface TableEntry {
  nr: string;
  value: bigint;
  name: string;
  line: number;
}

/** The lines of `table` that `rule` takes, in the order its script writes them. */
export function tableEntries(table: string, rule: SyscallHeaderRule): TableEntry[] {
  const entries: TableEntry[] = [];
  for (const l of syscallTableLines(table)) {
    // grep -E "^[0-9A-Fa-fXx]+[[:space:]]+(abi|…)": the ABI field begins with one of them
    if (rule.abis.length === 0 || rule.abis.some((a) => l.abi.startsWith(a))) entries.push({ nr: l.nr, value: l.value ?? 0n, name: l.name, line: l.line });
  }
  if (rule.sorted) entries.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return entries;
}

/** The header syscallhdr.sh writes for `rule` from the table's text. */
export function syscallHeaderText(table: string, rule: SyscallHeaderRule): string {
  const guard = `_UAPI_ASM_${rule.header.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/__/g, '_')}`;
  const out = [`#ifndef ${guard}`, `#define ${guard}`, ''];
  const entries = tableEntries(table, rule);
  const prefix = rule.prefix ?? '';
  for (const { nr, name, value } of entries) out.push(`#define __NR_${prefix}${name} ${rule.offset ? `(${rule.offset} + ${nr})` : rule.sorted ? value : nr}`);
  if (rule.emitNr) out.push('', '#ifdef __KERNEL__', `#define __NR_${prefix}syscalls ${(entries.at(-1)?.value ?? 0n) + 1n}`, '#endif');
  out.push('', `#endif /* ${guard} */`, '');
  return out.join('\n');
}

const generated = new Map<string, { table: string; text: string }>();

/**
 * The preprocessor's generatedFile hook for a kernel tree: a syscall header
 * of arch/<archDir>/include/generated/uapi/asm (or, read only by in-kernel
 * code, generated/asm) that the tree lacks, worked out
 * from the table as read now (a patched table gives the patched numbers), or
 * undefined for any other path.
 */
export function syscallHeaderHook(tree: string, archDir: string, read: Reader): (path: string) => string | null | undefined {
  const uapiDir = join(tree, `arch/${archDir}/include/generated/uapi/asm`);
  const kernelDir = join(tree, `arch/${archDir}/include/generated/asm`);
  let rules: Map<string, SyscallHeaderRule> | null = null;
  return (path) => {
    if (!path.startsWith(`${uapiDir}/`) && !path.startsWith(`${kernelDir}/`)) return undefined;
    rules ??= new Map(
      [...(ARCH_RULES[archDir] ?? []), ...(genericRules(archDir, read, tree) ?? [])].map((r) => [join(r.kernelOnly ? kernelDir : uapiDir, r.header), r]),
    );
    const rule = rules.get(path);
    if (!rule || read(path) !== null) return undefined;
    const table = read(join(tree, rule.table));
    if (table === null) return undefined;
    const key = `${path}\0${rule.table}`;
    const hit = generated.get(key);
    if (hit?.table === table) return hit.text;
    const text = syscallHeaderText(table, rule);
    generated.set(key, { table, text });
    return text;
  };
}

/**
 * The uAPI headers (tree-relative paths) Kbuild generates from the table at
 * `table` (tree-relative; the kernel-only ones are left out): by the architectures' own rules, and, for the
 * architectures in `archDirs` on the generic table of 6.11+
 * (scripts/syscall.tbl, arm64's tools/syscall_64.tbl), by what their
 * Makefile.syscalls and uapi/asm/Kbuild say (`read`: a tree-relative path's
 * text, or null).
 */
export function headersOfTable(table: string, archDirs: readonly string[] = [], read: Reader = () => null): { header: string; rule: SyscallHeaderRule }[] {
  const out = new Map<string, SyscallHeaderRule>();
  const add = (archDir: string, rules: readonly SyscallHeaderRule[]) => {
    for (const rule of rules) if (rule.table === table && !rule.kernelOnly) out.set(`arch/${archDir}/include/generated/uapi/asm/${rule.header}`, rule);
  };
  for (const [archDir, rules] of Object.entries(ARCH_RULES)) add(archDir, rules);
  for (const archDir of new Set(archDirs)) add(archDir, genericRules(archDir, read, '') ?? []);
  return [...out].map(([header, rule]) => ({ header, rule }));
}

/**
 * The Kconfig symbols every kernel configuration of an ABI's architecture
 * has: the architecture and its word size, which arch/<arch>/Kconfig selects
 * unconditionally (`config X86_64 … select 64BIT`-style). In-kernel code reads
 * them everywhere (`#ifdef CONFIG_64BIT` in linux/types.h gives atomic64_t,
 * asm-generic/bitsperlong.h gives BITS_PER_LONG), and an unbuilt tree has no
 * include/generated/autoconf.h to define them. A built tree's autoconf.h
 * defines the same symbols to the same value, which is no conflict. Nothing
 * optional is assumed: a struct whose layout depends on other options is
 * laid out as with those options off.
 */
import type { AbiName } from '../../abi/layout-types.ts';

const ARCH: Record<AbiName, string[]> = {
  x86_64: ['X86', 'X86_64', '64BIT'],
  i386: ['X86', 'X86_32'],
  // the x32 ABI is userspace's; its kernel is x86_64, whose longs it does not share
  x32: ['X86'],
  aarch64: ['ARM64', '64BIT'],
  arm: ['ARM', 'AEABI'],
  ppc64le: ['PPC', 'PPC64', '64BIT', 'CPU_LITTLE_ENDIAN'],
  ppc64: ['PPC', 'PPC64', '64BIT', 'CPU_BIG_ENDIAN'],
  ppc32: ['PPC', 'PPC32', 'CPU_BIG_ENDIAN'],
  s390x: ['S390', '64BIT'],
  riscv64: ['RISCV', '64BIT', 'ARCH_RV64I'],
  mips: ['MIPS', '32BIT', 'CPU_BIG_ENDIAN'],
  mips64: ['MIPS', '64BIT', 'CPU_BIG_ENDIAN'],
  m68k: ['M68K'],
  sparc64: ['SPARC', 'SPARC64', '64BIT'],
};

/** `CONFIG_<SYM>` → `1` for the architecture of `abi` (kernel code only). */
export function archKconfig(abi: AbiName): Record<string, string> {
  return Object.fromEntries(ARCH[abi].map((s) => [`CONFIG_${s}`, '1']));
}

/**
 * The result of laying out a record on one ABI. This is also the shape of the
 * `abi-check layout --format json` output (see DESIGN.md), so it mirrors the
 * GCC/DWARF oracle: offsets relative to the enclosing record, bit offsets in
 * storage order.
 */

export const ABI_NAMES = [
  'x86_64', 'i386', 'x32', 'aarch64', 'arm', 'ppc64le', 'ppc64', 'ppc32',
  's390x', 'riscv64', 'mips', 'mips64', 'm68k', 'sparc64',
] as const;
export type AbiName = (typeof ABI_NAMES)[number];

export interface MemberLayout {
  /** `(anon)` for anonymous struct/union members. */
  name: string;
  offset: number;
  size: number;
  bitOffset?: number;
  bitSize?: number;
  /** Present for anonymous aggregates and members of tagless record type. */
  kind?: 'struct' | 'union';
  members?: MemberLayout[];
  /** Type as written, for text renderers (not part of the oracle shape). */
  type?: string;
}

export interface RecordLayout {
  kind: 'struct' | 'union';
  name: string;
  typedef?: boolean;
  size: number;
  align: number;
  members: MemberLayout[];
}

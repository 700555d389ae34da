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
  /**
   * For an array of a tagless struct/union, whose `members` are one
   * element's: that element's size (`size` is the whole array's). Not part
   * of the oracle shape; padding is found within one element.
   */
  elementSize?: number;
  /**
   * Only in a `partial` record: which known segment the member belongs to.
   * Segment 0 starts at the record's start, so its offsets are absolute;
   * segment N > 0 starts after the N-th run of unknown lines, and its offsets
   * are relative to the start of that segment (itself placed at an offset the
   * tool cannot know).
   */
  segment?: number;
}

export interface RecordLayout {
  kind: 'struct' | 'union';
  name: string;
  typedef?: boolean;
  size: number;
  align: number;
  members: MemberLayout[];
  /**
   * Set when the record has members standing for unknown source lines
   * (TypeModel `Member.unknownLines`, diff-context bases). The layout is then
   * not absolute: `size` and `align` are lower bounds (from the known members
   * only) and members carry `segment` (see MemberLayout.segment).
   */
  partial?: { reason: string; unknownLines: { start: number; end: number }[] };
}

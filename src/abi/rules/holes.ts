/**
 * Implicit padding in a laid-out record: gaps between members, and tail
 * padding, found in the layout tree (anonymous and tagless aggregates included),
 * the way pahole prints "XXX N bytes hole" and "padding: N". An array of a
 * tagless struct is looked into one element: its holes and tail padding
 * recur in every element, and are reported once, at the first.
 */
import type { MemberLayout, RecordLayout } from '../layout-types.ts';

export interface Hole {
  /** Member path before the hole (`null` at the start), `(end)` context for tail padding. */
  after: string | null;
  /** Byte offset of the hole from the start of the record. */
  offset: number;
  size: number;
  tail: boolean;
}

function bitRange(m: MemberLayout): [number, number] {
  if (m.bitOffset !== undefined && m.bitSize !== undefined) return [m.bitOffset, m.bitOffset + m.bitSize];
  return [m.offset * 8, (m.offset + m.size) * 8];
}

function walk(kind: 'struct' | 'union', members: MemberLayout[], size: number, base: number, prefix: string, out: Hole[]): void {
  if (kind === 'union') {
    const used = Math.max(0, ...members.map((m) => m.size));
    for (const m of members) if (m.members && m.kind) walk(m.kind, m.members, m.elementSize ?? m.size, base + m.offset, m.name === '(anon)' ? prefix : `${prefix}${m.name}.`, out);
    if (size > used) out.push({ after: members.length ? `${prefix}${members[members.length - 1].name}` : null, offset: base + used, size: size - used, tail: true });
    return;
  }
  const sorted = [...members].sort((a, b) => bitRange(a)[0] - bitRange(b)[0]);
  let cursor = 0; // bits
  let prev: string | null = null;
  for (const m of sorted) {
    const [start, end] = bitRange(m);
    const gapBytes = Math.floor(start / 8) - Math.ceil(cursor / 8);
    if (gapBytes > 0) out.push({ after: prev, offset: base + Math.ceil(cursor / 8), size: gapBytes, tail: false });
    if (m.members && m.kind) walk(m.kind, m.members, m.elementSize ?? m.size, base + m.offset, m.name === '(anon)' ? prefix : `${prefix}${m.name}.`, out);
    cursor = Math.max(cursor, end);
    prev = `${prefix}${m.name}`;
  }
  const tail = size - Math.ceil(cursor / 8);
  if (tail > 0) out.push({ after: prev, offset: base + Math.ceil(cursor / 8), size: tail, tail: true });
}

export function holesOf(layout: RecordLayout): Hole[] {
  const out: Hole[] = [];
  walk(layout.kind, layout.members, layout.size, 0, '', out);
  return out;
}

export function holeKey(h: Hole): string {
  return `${h.after ?? '^'}:${h.size}:${h.tail ? 't' : 'h'}`;
}

/**
 * A compact before/after layout table of one record on one ABI, for the
 * detail pane: member | before offset:size | after offset:size, nested
 * anonymous members indented, changed rows marked.
 */
import type { MemberLayout, RecordLayout } from '../abi/layout-types.ts';

export interface LayoutRow {
  member: string;
  before: string;
  after: string;
  changed: boolean;
}

interface Flat {
  path: string;
  depth: number;
  cell: string;
}

function cell(m: MemberLayout, base: number): string {
  // In a partial record (diff context) offsets after unknown lines are relative.
  const off = `${m.segment ? '?+' : ''}${base + m.offset}`;
  if (m.bitSize !== undefined) return `${off}:${m.size} b${m.bitOffset}+${m.bitSize}`;
  return `${off}:${m.size}`;
}

function flatten(members: MemberLayout[], base: number, depth: number, prefix: string, out: Flat[]): void {
  members.forEach((m, i) => {
    const name = m.name === '(anon)' ? `(anon ${m.kind ?? ''}#${i})` : m.name;
    const path = `${prefix}${name}`;
    out.push({ path, depth, cell: cell(m, base) });
    if (m.members) flatten(m.members, base + m.offset, depth + 1, `${path}.`, out);
  });
}

export function layoutRows(before: RecordLayout | null, after: RecordLayout | null): LayoutRow[] {
  const b: Flat[] = [];
  const a: Flat[] = [];
  if (before) flatten(before.members, 0, 0, '', b);
  if (after) flatten(after.members, 0, 0, '', a);
  const byPathB = new Map(b.map((f) => [f.path, f]));
  const byPathA = new Map(a.map((f) => [f.path, f]));
  const order: Flat[] = [...a];
  // Members only in `before` go where they were, after their predecessor.
  b.forEach((f, i) => {
    if (byPathA.has(f.path)) return;
    const prev = i > 0 ? order.findIndex((o) => o.path === b[i - 1].path) : -1;
    order.splice(prev + 1, 0, f);
  });
  const rows: LayoutRow[] = order.map((f) => {
    const bb = byPathB.get(f.path)?.cell ?? '—';
    const aa = byPathA.get(f.path)?.cell ?? '—';
    const leaf = f.path.split('.').pop() ?? f.path;
    return { member: `${'  '.repeat(f.depth)}${leaf}`, before: bb, after: aa, changed: bb !== aa };
  });
  const size = (l: RecordLayout | null) => (l ? `${l.partial ? '≥' : ''}${l.size} (align ${l.partial ? '≥' : ''}${l.align})` : '—');
  rows.push({ member: 'sizeof', before: size(before), after: size(after), changed: size(before) !== size(after) });
  return rows;
}

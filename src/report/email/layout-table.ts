/**
 * Before/after layout table of one record for a mail reply: member offsets
 * and sizes side by side, one table per group of ABIs that lay the record
 * out identically, at most 72 columns wide.
 */
import type { MemberLayout, RecordLayout } from '../../abi/layout-types.ts';
import type { Report } from '../report.ts';
import { MAIL_WIDTH, wrapParagraph } from './wrap.ts';

interface Row {
  key: string;
  label: string;
  offset: string;
  size: string;
}

function flatten(members: MemberLayout[], depth: number, parent: string, out: Row[]): Row[] {
  const seen = new Map<string, number>();
  for (const m of members) {
    const n = seen.get(m.name) ?? 0;
    seen.set(m.name, n + 1);
    const key = `${parent}/${m.name}#${n}`;
    const bits = m.bitSize !== undefined;
    out.push({
      key,
      label: `${'  '.repeat(depth)}${m.name}${m.kind && m.name === '(anon)' ? ` ${m.kind}` : ''}`,
      // After lines the diff does not show (partial record) offsets are relative: `?+N`.
      offset: `${m.segment ? '?+' : ''}${bits ? `${m.offset}:${(m.bitOffset ?? 0) % 8}` : m.offset}`,
      size: bits ? `${m.bitSize}b` : String(m.size),
    });
    if (m.members) flatten(m.members, depth + 1, key, out);
  }
  return out;
}

/** Rows of both sides in a merged order: before's order, after-only rows where they appear. */
function mergeRows(before: Row[], after: Row[]): { label: string; b: Row | null; a: Row | null }[] {
  const afterByKey = new Map(after.map((r) => [r.key, r]));
  const beforeKeys = new Set(before.map((r) => r.key));
  const merged: { label: string; b: Row | null; a: Row | null }[] = [];
  let ai = 0;
  for (const b of before) {
    const a = afterByKey.get(b.key) ?? null;
    if (a) {
      // after-only rows that precede this shared row in the new layout
      const at = after.indexOf(a);
      for (; ai < at; ai++) if (!beforeKeys.has(after[ai]!.key)) merged.push({ label: after[ai]!.label, b: null, a: after[ai]! });
      ai = Math.max(ai, at + 1);
    }
    merged.push({ label: b.label, b, a });
  }
  for (; ai < after.length; ai++) if (!beforeKeys.has(after[ai]!.key)) merged.push({ label: after[ai]!.label, b: null, a: after[ai]! });
  return merged;
}

const NUM = 6;

function cell(s: string): string {
  return s.padStart(NUM);
}

function table(before: RecordLayout | null, after: RecordLayout | null): string[] {
  const rows = mergeRows(before ? flatten(before.members, 0, '', []) : [], after ? flatten(after.members, 0, '', []) : []);
  const maxLabel = MAIL_WIDTH - 2 - 4 * NUM - 4;
  const labelWidth = Math.min(maxLabel, Math.max('sizeof, alignof'.length, ...rows.map((r) => r.label.length)));
  const fit = (s: string) => (s.length > labelWidth ? `${s.slice(0, labelWidth - 1)}~` : s.padEnd(labelWidth));
  const line = (label: string, c: string[]) => `  ${fit(label)}${c[0]}${c[1]}  ${c[2]}${c[3]}`.replace(/\s+$/, '');
  const out = [
    `  ${''.padEnd(labelWidth)}${'before'.padStart(2 * NUM)}  ${'after'.padStart(2 * NUM)}`,
    line('member', [cell('offset'), cell('size'), cell('offset'), cell('size')]),
  ];
  for (const r of rows) {
    out.push(line(r.label, [
      cell(r.b ? r.b.offset : '-'), cell(r.b ? r.b.size : '-'),
      cell(r.a ? r.a.offset : '-'), cell(r.a ? r.a.size : '-'),
    ]));
  }
  // A partial record's size and alignment are lower bounds.
  const bound = (l: RecordLayout, n: number) => `${l.partial ? '>=' : ''}${n}`;
  const sz = (l: RecordLayout | null) => (l ? [cell(bound(l, l.size)), cell(bound(l, l.align))] : [cell('-'), cell('-')]);
  out.push(line('sizeof, alignof', [...sz(before), ...sz(after)]));
  if (before?.partial || after?.partial) {
    out.push('  (part of the record lies in lines the diff does not show: ?+N is');
    out.push('  an offset after them, >= a lower bound)');
  }
  return out;
}

/**
 * The table(s) for `key` in report.layouts: one per group of ABIs with the
 * same before/after layouts, each headed by the ABIs it covers.
 */
export function renderLayoutTable(report: Report, key: string): string[] {
  const perAbi = report.layouts[key];
  if (!perAbi) return [];
  // ABIs whose layouts agree except for the record's alignment share a table;
  // the alignments that differ from the table's are listed under it.
  const withoutAlign = (l: RecordLayout | null) => (l ? { ...l, align: 0 } : null);
  const groups = new Map<string, { abis: string[]; before: RecordLayout | null; after: RecordLayout | null; aligns: Map<string, string> }>();
  const alignOf = (l: RecordLayout | null) => (l ? String(l.align) : '-');
  for (const [abi, { before, after }] of Object.entries(perAbi)) {
    const sig = JSON.stringify([withoutAlign(before), withoutAlign(after)]);
    const g = groups.get(sig) ?? { abis: [] as string[], before, after, aligns: new Map<string, string>() };
    groups.set(sig, g);
    g.abis.push(abi);
    g.aligns.set(abi, `${alignOf(before)} before, ${alignOf(after)} after`);
  }
  const kind = Object.values(perAbi).map((l) => (l.after ?? l.before)?.kind).find(Boolean) ?? 'struct';
  const name = key.replace(/^(struct|union)\s+/, '');
  const out: string[] = [];
  const all = groups.size === 1;
  for (const g of groups.values()) {
    if (out.length > 0) out.push('');
    const which = all ? `all ${g.abis.length} ABIs checked` : g.abis.join(', ');
    out.push(...wrapParagraph(`${kind} ${name} on ${which}:`));
    out.push(...table(g.before, g.after));
    const shown = `${alignOf(g.before)} before, ${alignOf(g.after)} after`;
    const odd = new Map<string, string[]>();
    for (const [abi, a] of g.aligns) if (a !== shown) odd.set(a, [...(odd.get(a) ?? []), abi]);
    for (const [a, abis] of odd) out.push(...wrapParagraph(`alignof on ${abis.join(', ')}: ${a}`, MAIL_WIDTH, '    ', '  '));
  }
  return out;
}

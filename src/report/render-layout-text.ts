/**
 * pahole-style text for record layouts: one line per member with its offset
 * and size (and bit position for bitfields), holes and tail padding called
 * out, size and alignment at the end.
 *
 * Offsets printed are absolute from the start of the outermost record (also
 * inside nested anonymous aggregates), as pahole prints them; the JSON form
 * keeps them relative. Bit positions are in allocation order (on big-endian
 * ABIs bit 0 is the most significant bit of the byte).
 */
import type { AbiName, MemberLayout, RecordLayout } from '../abi/layout-types.ts';

const TYPE_COL = 32;
const DECL_COL = 56;

function pad(s: string, width: number): string {
  return s.length >= width ? `${s} ` : s + ' '.repeat(width - s.length);
}

/** `__u32[4]` + `x` → `__u32` `x[4]`. */
function declParts(m: MemberLayout): { type: string; name: string } {
  const t = m.type ?? '';
  const dims = /^(.*?)((?:\[\d*\])+)$/.exec(t);
  const name = m.name === '(anon)' ? '' : m.name;
  if (dims) return { type: dims[1]!, name: `${name}${dims[2]}` };
  return { type: t, name };
}

interface Span {
  startBits: number;
  endBits: number;
}

function memberSpan(m: MemberLayout, base: number): Span {
  if (m.bitOffset !== undefined && m.bitSize !== undefined) {
    const start = base * 8 + m.bitOffset;
    return { startBits: start, endBits: start + m.bitSize };
  }
  return { startBits: (base + m.offset) * 8, endBits: (base + m.offset + m.size) * 8 };
}

function describeGap(bits: number, what: 'hole' | 'padding'): string {
  const bytes = Math.floor(bits / 8);
  const rest = bits % 8;
  const parts: string[] = [];
  if (bytes) parts.push(`${bytes} byte${bytes === 1 ? '' : 's'}`);
  if (rest) parts.push(`${rest} bit${rest === 1 ? '' : 's'}`);
  return what === 'hole' ? `/* XXX ${parts.join(' ')} hole */` : `/* XXX ${parts.join(' ')} padding */`;
}

interface Totals {
  memberBytes: number;
  holes: number;
  holeBits: number;
}

function renderMembers(
  members: MemberLayout[], kind: 'struct' | 'union', base: number, depth: number, endBits: number, lines: string[], totals: Totals | null,
): void {
  const ind = '\t'.repeat(depth);
  let reached = base * 8;
  let segment = 0;
  for (const m of members) {
    const span = memberSpan(m, base);
    if ((m.segment ?? 0) !== segment) {
      segment = m.segment ?? 0;
      reached = span.startBits;
      lines.push(`${ind}/* ... offset unknown: lines the diff does not show, or padding after them ... */`);
    }
    if (kind === 'struct' && span.startBits > reached) {
      lines.push(`${ind}${describeGap(span.startBits - reached, 'hole')}`);
      if (totals) {
        totals.holes++;
        totals.holeBits += span.startBits - reached;
      }
      lines.push('');
    }
    const abs = base + m.offset;
    // Members after unknown lines (partial records) have offsets relative to an unknown start.
    const rel = m.segment ? '?+' : '';
    const pos = m.bitOffset !== undefined
      ? `${(rel + String(base + Math.floor(m.bitOffset / 8))).padStart(5)}:${String(m.bitOffset % 8).padStart(2)}`
      : (rel + String(abs)).padStart(8);
    const where = `/* ${pos} ${String(m.size).padStart(5)} */`;
    if (m.members && m.kind) {
      lines.push(`${ind}${m.kind} {`);
      // an array of a tagless struct shows one element, padded to that element's size
      renderMembers(m.members, m.kind, abs, depth + 1, (abs + (m.elementSize ?? m.size)) * 8, lines, null);
      const { name } = declParts(m);
      lines.push(`${pad(`${ind}}${name ? ` ${name}` : ''};`, DECL_COL)}${where}`);
    } else {
      const { type, name } = declParts(m);
      const decl = `${ind}${pad(type, TYPE_COL)}${name}${m.bitSize !== undefined ? `:${m.bitSize}` : ''};`;
      lines.push(`${pad(decl, DECL_COL)}${where}`);
    }
    if (totals && depth === 1) totals.memberBytes += m.bitSize !== undefined ? 0 : m.size;
    reached = kind === 'struct' ? Math.max(reached, span.endBits) : reached;
  }
  if (kind === 'struct' && depth > 1 && endBits > reached && members.length) {
    lines.push(`${ind}${describeGap(endBits - reached, 'padding')}`);
  }
}

/** One record, pahole style. `title` (e.g. the ABI names) goes in a comment above it. */
export function renderRecordLayout(r: RecordLayout, title?: string): string {
  const lines: string[] = [];
  if (title) lines.push(`/* ${title} */`);
  lines.push(`${r.kind} ${r.name} {${r.typedef ? '  /* typedef name of a tagless record */' : ''}`);
  const totals: Totals = { memberBytes: 0, holes: 0, holeBits: 0 };
  renderMembers(r.members, r.kind, 0, 1, r.size * 8, lines, totals);
  let used = 0;
  for (const m of r.members) used = Math.max(used, memberSpan(m, 0).endBits);
  if (r.kind === 'union') used = Math.max(0, ...r.members.map((m) => memberSpan(m, 0).endBits));
  const padBits = r.size * 8 - used;
  lines.push('');
  lines.push(`\t/* size: ${r.partial ? '>= ' : ''}${r.size}, align: ${r.partial ? '>= ' : ''}${r.align}, members: ${r.members.length} */`);
  if (r.kind === 'struct' && totals.holes) {
    lines.push(`\t/* sum members: ${totals.memberBytes}, holes: ${totals.holes}, sum holes: ${describeGap(totals.holeBits, 'hole').replace(/^\/\* XXX | hole \*\/$/g, '')} */`);
  }
  // In a partial record the tail is not known, so neither is its padding.
  if (padBits > 0 && !r.partial) lines.push(`\t/* padding: ${describeGap(padBits, 'padding').replace(/^\/\* XXX | padding \*\/$/g, '')} */`);
  if (r.partial) lines.push(`\t/* PARTIAL: ${r.partial.reason} */`);
  lines.push('};');
  return lines.join('\n');
}

function sameLayout(a: RecordLayout, b: RecordLayout): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface AbiHeaders {
  abi: AbiName;
  headers: Record<string, { records: RecordLayout[] }>;
}

/**
 * Several ABIs: per header and record, ABIs with an identical layout share one
 * block titled with their names; the others get their own block.
 */
export function renderLayoutsText(perAbi: AbiHeaders[]): string {
  const out: string[] = [];
  const headerNames: string[] = [];
  for (const a of perAbi) for (const h of Object.keys(a.headers)) if (!headerNames.includes(h)) headerNames.push(h);
  for (const h of headerNames) {
    out.push(`/* ===== ${h} ===== */`, '');
    const recordNames: string[] = [];
    for (const a of perAbi) for (const r of a.headers[h]?.records ?? []) if (!recordNames.includes(`${r.kind} ${r.name}`)) recordNames.push(`${r.kind} ${r.name}`);
    for (const rn of recordNames) {
      const groups: { abis: AbiName[]; layout: RecordLayout }[] = [];
      const absent: AbiName[] = [];
      for (const a of perAbi) {
        const r = a.headers[h]?.records.find((x) => `${x.kind} ${x.name}` === rn);
        if (!r) {
          absent.push(a.abi);
          continue;
        }
        const g = groups.find((x) => sameLayout(x.layout, r));
        if (g) g.abis.push(a.abi);
        else groups.push({ abis: [a.abi], layout: r });
      }
      for (const g of groups) out.push(renderRecordLayout(g.layout, perAbi.length > 1 ? g.abis.join(', ') : undefined), '');
      if (absent.length && groups.length) out.push(`/* ${rn} is not defined on ${absent.join(', ')} */`, '');
    }
  }
  return out.join('\n');
}

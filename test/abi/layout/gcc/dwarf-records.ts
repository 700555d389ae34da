/**
 * Reads GCC's answer from `readelf --debug-dump=info,rawline` text: the
 * structs and unions declared in one header, in the shape of
 * `abi-check layout --format json` (DESIGN.md), except `align`, which DWARF
 * does not carry (it is filled in from `_Alignof` probes).
 */
import type { MemberLayout, RecordLayout } from '../../../../src/abi/layout-types.ts';

interface Die {
  offset: number;
  tag: string;
  attrs: Map<string, string>;
  children: Die[];
}

function parseNumber(v: string): number {
  const s = v.trim().split(/\s/)[0]!;
  const n = s.startsWith('0x') ? Number(BigInt(s)) : Number(s);
  return n;
}

/** Attribute value without readelf's `(indirect string, offset: 0x..): ` prefix. */
function cleanValue(v: string): string {
  const m = /^\((?:indirect (?:line )?string|indexed string)[^)]*\):\s?(.*)$/.exec(v);
  return (m ? m[1]! : v).trim();
}

export function parseDies(text: string): { roots: Die[]; byOffset: Map<number, Die>; files: Map<number, string> } {
  const byOffset = new Map<number, Die>();
  const roots: Die[] = [];
  const stack: Die[] = [];
  const files = new Map<number, string>();
  const lines = text.split('\n');
  let current: Die | null = null;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const head = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: (\d+)(?: \((\w+)\))?/.exec(line);
    if (head) {
      const depth = Number(head[1]);
      if (head[3] === '0') {
        current = null;
        stack.length = depth;
        continue;
      }
      const die: Die = { offset: parseInt(head[2]!, 16), tag: head[4] ?? '', attrs: new Map(), children: [] };
      byOffset.set(die.offset, die);
      stack.length = depth;
      if (depth === 0) roots.push(die);
      else stack[depth - 1]?.children.push(die);
      stack[depth] = die;
      current = die;
      continue;
    }
    const attr = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s?(.*)$/.exec(line);
    if (attr && current) {
      current.attrs.set(attr[1]!, cleanValue(attr[2]!));
      continue;
    }
    if (line.startsWith('Raw dump of debug contents of section .debug_line')) break;
  }
  // File name table of the (first) line program.
  const dirs = new Map<number, string>();
  let mode: 'none' | 'dirs' | 'files' = 'none';
  let fileCols = 3;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (/The Directory Table/.test(line)) { mode = 'dirs'; continue; }
    if (/The File Name Table/.test(line)) { mode = 'files'; continue; }
    if (mode === 'files' && /^\s*Entry\s+Dir/.test(line)) { fileCols = /Time/.test(line) ? 5 : 3; continue; }
    if (mode === 'none') continue;
    const cells = line.trim().split(/\s+/);
    if (line.trim() === '') {
      if (mode === 'files' && files.size) break;
      continue;
    }
    if (!/^\d+$/.test(cells[0]!)) continue;
    if (mode === 'dirs') {
      dirs.set(Number(cells[0]), cleanValue(cells.slice(1).join(' ')));
    } else {
      const dir = Number(cells[1]);
      const name = cleanValue(cells.slice(fileCols - 1).join(' '));
      const d = dirs.get(dir);
      files.set(Number(cells[0]), name.startsWith('/') || d === undefined ? name : `${d}/${name}`);
    }
  }
  return { roots, byOffset, files };
}

const QUALIFIERS = new Set(['DW_TAG_const_type', 'DW_TAG_volatile_type', 'DW_TAG_restrict_type', 'DW_TAG_atomic_type']);
const RECORD_TAGS: Record<string, 'struct' | 'union'> = { DW_TAG_structure_type: 'struct', DW_TAG_union_type: 'union' };

function ref(v: string | undefined): number | null {
  if (!v) return null;
  const m = /<0x([0-9a-f]+)>/.exec(v);
  return m ? parseInt(m[1]!, 16) : null;
}

class DwarfTypes {
  constructor(private readonly byOffset: Map<number, Die>, private readonly bigEndian: boolean) {}

  die(off: number | null): Die | null {
    return off === null ? null : this.byOffset.get(off) ?? null;
  }

  /** sizeof the type a DIE stands for (0 for flexible and zero-length arrays). */
  sizeOf(d: Die | null): number {
    if (!d) return 0;
    if (d.attrs.has('DW_AT_byte_size')) return parseNumber(d.attrs.get('DW_AT_byte_size')!);
    if (QUALIFIERS.has(d.tag) || d.tag === 'DW_TAG_typedef') return this.sizeOf(this.die(ref(d.attrs.get('DW_AT_type'))));
    if (d.tag === 'DW_TAG_array_type') {
      let n = 1;
      for (const sub of d.children.filter((c) => c.tag === 'DW_TAG_subrange_type')) {
        if (sub.attrs.has('DW_AT_count')) n *= parseNumber(sub.attrs.get('DW_AT_count')!);
        else if (sub.attrs.has('DW_AT_upper_bound')) {
          const ub = sub.attrs.get('DW_AT_upper_bound')!;
          const v = /^0xf{8,16}$/.test(ub.split(/\s/)[0]!) || ub.startsWith('-1') ? -1 : parseNumber(ub);
          n *= v + 1;
        } else n = 0;
      }
      return n * this.sizeOf(this.die(ref(d.attrs.get('DW_AT_type'))));
    }
    return 0;
  }

  /** The tagless struct/union a member's type is (through qualifiers and arrays, not typedefs), if any. */
  expandable(d: Die | null): Die | null {
    while (d && (QUALIFIERS.has(d.tag) || d.tag === 'DW_TAG_array_type')) d = this.die(ref(d.attrs.get('DW_AT_type')));
    return d && RECORD_TAGS[d.tag] && !d.attrs.has('DW_AT_name') ? d : null;
  }

  members(rec: Die): MemberLayout[] {
    const out: MemberLayout[] = [];
    for (const m of rec.children) {
      if (m.tag !== 'DW_TAG_member') continue;
      const t = this.die(ref(m.attrs.get('DW_AT_type')));
      const ml: MemberLayout = { name: m.attrs.get('DW_AT_name') ?? '(anon)', offset: 0, size: this.sizeOf(t) };
      if (m.attrs.has('DW_AT_data_bit_offset')) {
        const bit = parseNumber(m.attrs.get('DW_AT_data_bit_offset')!);
        ml.offset = Math.floor(bit / 8);
        ml.bitOffset = bit;
        ml.bitSize = parseNumber(m.attrs.get('DW_AT_bit_size')!);
      } else {
        ml.offset = m.attrs.has('DW_AT_data_member_location') ? parseNumber(m.attrs.get('DW_AT_data_member_location')!) : 0;
        if (m.attrs.has('DW_AT_bit_offset')) {
          // DWARF 2 encoding (GCC still uses it for bitfields in unions): the
          // MSB's distance from the MSB of a DW_AT_byte_size storage unit.
          const unitBits = parseNumber(m.attrs.get('DW_AT_byte_size')!) * 8;
          const size = parseNumber(m.attrs.get('DW_AT_bit_size')!);
          const fromMsb = parseNumber(m.attrs.get('DW_AT_bit_offset')!);
          const bit = ml.offset * 8 + (this.bigEndian ? fromMsb : unitBits - fromMsb - size);
          ml.offset = Math.floor(bit / 8);
          ml.bitOffset = bit;
          ml.bitSize = size;
        } else if (m.attrs.has('DW_AT_bit_size')) {
          // A bitfield at offset 0 of a union carries no position at all.
          ml.bitOffset = ml.offset * 8;
          ml.bitSize = parseNumber(m.attrs.get('DW_AT_bit_size')!);
        }
      }
      const nested = this.expandable(t);
      if (nested) {
        ml.kind = RECORD_TAGS[nested.tag]!;
        ml.members = this.members(nested);
      }
      out.push(ml);
    }
    return out;
  }
}

export interface DwarfRecord extends Omit<RecordLayout, 'align'> {
  /** How to name the type in C, for the `_Alignof` probe. */
  cName: string;
  line: number;
}

/** Complete records declared in the file whose path ends with `/${includeName}`, in source order. */
export function dwarfRecords(readelfText: string, includeName: string, bigEndian: boolean): DwarfRecord[] {
  const { roots, byOffset, files } = parseDies(readelfText);
  const types = new DwarfTypes(byOffset, bigEndian);
  const wanted = new Set<number>();
  for (const [n, path] of files) if (path === includeName || path.endsWith(`/${includeName}`)) wanted.add(n);
  const inFile = (d: Die) => wanted.has(Number(d.attrs.get('DW_AT_decl_file')));
  const top = roots.flatMap((cu) => cu.children);
  const typedefNames = new Map<number, string>();
  for (const d of top) {
    if (d.tag !== 'DW_TAG_typedef') continue;
    const target = ref(d.attrs.get('DW_AT_type'));
    if (target !== null && !typedefNames.has(target)) typedefNames.set(target, d.attrs.get('DW_AT_name')!);
  }
  const out: DwarfRecord[] = [];
  for (const d of top) {
    const kind = RECORD_TAGS[d.tag];
    if (!kind || d.attrs.has('DW_AT_declaration') || !inFile(d)) continue;
    const tag = d.attrs.get('DW_AT_name');
    const tdName = tag ? undefined : typedefNames.get(d.offset);
    if (!tag && !tdName) continue;
    out.push({
      kind,
      name: tag ?? tdName!,
      ...(tag ? {} : { typedef: true }),
      size: types.sizeOf(d),
      members: types.members(d),
      cName: tag ? `${kind} ${tag}` : tdName!,
      line: Number(d.attrs.get('DW_AT_decl_line') ?? 0),
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

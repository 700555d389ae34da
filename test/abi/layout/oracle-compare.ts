/** Compare the engine's layouts with GCC's in the oracle shape of DESIGN.md. */
import type { MemberLayout, RecordLayout } from '../../../src/abi/layout-types.ts';

function stripMember(m: MemberLayout): MemberLayout {
  const o: MemberLayout = { name: m.name, offset: m.offset, size: m.size };
  if (m.bitOffset !== undefined) o.bitOffset = m.bitOffset;
  if (m.bitSize !== undefined) o.bitSize = m.bitSize;
  if (m.kind) o.kind = m.kind;
  if (m.members) o.members = m.members.map(stripMember);
  return o;
}

/** The record without the renderer-only fields (`type`), keys in the oracle's order. */
export function stripForOracle(r: RecordLayout): RecordLayout {
  return { kind: r.kind, name: r.name, ...(r.typedef ? { typedef: true } : {}), size: r.size, align: r.align, members: r.members.map(stripMember) };
}

/** A short description of the first difference between two records, or null. */
export function firstDifference(gcc: RecordLayout, tool: RecordLayout): string | null {
  const a = stripForOracle(gcc);
  const b = stripForOracle(tool);
  if (a.kind !== b.kind) return `kind ${a.kind} vs ${b.kind}`;
  if (a.size !== b.size) return `size GCC ${a.size}, tool ${b.size}`;
  if (a.align !== b.align) return `align GCC ${a.align}, tool ${b.align}`;
  if (!!a.typedef !== !!b.typedef) return `typedef flag GCC ${!!a.typedef}, tool ${!!b.typedef}`;
  return membersDiff(a.members, b.members, '');
}

function membersDiff(a: MemberLayout[], b: MemberLayout[], path: string): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) return `${path}member #${i}: GCC ${x ? JSON.stringify(x.name) : 'none'}, tool ${y ? JSON.stringify(y.name) : 'none'}`;
    const p = `${path}${x.name}`;
    for (const k of ['name', 'offset', 'size', 'bitOffset', 'bitSize', 'kind'] as const) {
      if (x[k] !== y[k]) return `${p}.${k}: GCC ${JSON.stringify(x[k])}, tool ${JSON.stringify(y[k])}`;
    }
    if (x.members || y.members) {
      const d = membersDiff(x.members ?? [], y.members ?? [], `${p}.`);
      if (d) return d;
    }
  }
  return null;
}

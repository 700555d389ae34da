/**
 * In-kernel (kABI) record changes: top-level members inserted or removed
 * anywhere but the end, with the offsets that move as a result. Ops tables
 * (structs of function pointers) are told apart because a shifted op is a call
 * through the wrong pointer.
 */
import type { AbiName } from '../layout-types.ts';
import type { RecordChange, TopMember } from '../diff/types.ts';

export interface KabiMove {
  member: string;
  abi: AbiName;
  from: number;
  to: number;
}

export interface KabiChange {
  c: RecordChange;
  isOps: boolean;
  inserted: { member: TopMember; after: string | null; beforeWhat: string }[];
  removed: { member: TopMember; beforeWhat: string }[];
  moved: KabiMove[];
  /** For partial records: how far members after the change (not shown by the diff) move, per ABI. */
  shift: Partial<Record<AbiName, number>>;
  partial: boolean;
}

function label(t: TopMember): string {
  if (t.unknown) return 'members the diff does not show';
  return t.name ? `\`${t.name}\`` : 'an anonymous member';
}

export function isOpsTable(members: TopMember[]): boolean {
  const known = members.filter((m) => !m.unknown && m.name);
  return known.length >= 1 && known.filter((m) => m.isFunctionPointer).length * 2 >= known.length && known.some((m) => m.isFunctionPointer);
}

export function kabiChanges(records: RecordChange[], abis: AbiName[]): KabiChange[] {
  const out: KabiChange[] = [];
  for (const c of records) {
    if (!c.before || !c.after) continue;
    const bNames = new Set(c.before.top.filter((t) => t.name).map((t) => t.name!));
    const aNames = new Set(c.after.top.filter((t) => t.name).map((t) => t.name!));
    const inserted: KabiChange['inserted'] = [];
    c.after.top.forEach((t, i) => {
      if (!t.name || bNames.has(t.name)) return;
      const rest = c.after!.top.slice(i + 1);
      const next = rest.find((r) => r.unknown || (r.name && bNames.has(r.name)) || (!r.name && !r.unknown));
      if (!next) return; // appended at the end
      const prev = [...c.after!.top.slice(0, i)].reverse().find((r) => r.name);
      inserted.push({ member: t, after: prev?.name ?? null, beforeWhat: label(next) });
    });
    const removed: KabiChange['removed'] = [];
    c.before.top.forEach((t, i) => {
      if (!t.name || aNames.has(t.name)) return;
      const next = c.before!.top.slice(i + 1).find((r) => r.unknown || (r.name && aNames.has(r.name)));
      if (!next) return;
      removed.push({ member: t, beforeWhat: label(next) });
    });
    if (inserted.length === 0 && removed.length === 0) continue;
    const partial = c.before.partial || c.after.partial;
    const moved: KabiMove[] = [];
    const shift: Partial<Record<AbiName, number>> = {};
    if (!partial) {
      for (const a of abis) {
        for (const t of c.after.top) {
          if (!t.name || !bNames.has(t.name)) continue;
          const b = c.before.top.find((x) => x.name === t.name)!;
          if (b.at[a] && t.at[a] && b.at[a]!.offset !== t.at[a]!.offset) moved.push({ member: t.name, abi: a, from: b.at[a]!.offset, to: t.at[a]!.offset });
        }
      }
    } else {
      for (const a of abis) {
        const grow = inserted.reduce((s, x) => s + (x.member.at[a]?.size ?? NaN), 0);
        const shrink = removed.reduce((s, x) => s + (x.member.at[a]?.size ?? NaN), 0);
        const d = grow - shrink;
        if (Number.isFinite(d) && d !== 0) shift[a] = d;
      }
    }
    out.push({ c, isOps: isOpsTable(c.after.top), inserted, removed, moved, shift, partial });
  }
  return out;
}

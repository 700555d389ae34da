/**
 * In-kernel (kABI) record changes: top-level members inserted or removed
 * anywhere but the end, with the offsets that move as a result. Ops tables
 * (structs of function pointers) are told apart because a shifted op is a call
 * through the wrong pointer. A member wrapped into an anonymous struct or
 * union (`struct_group()`, as net_device's priv_flags in 6.9), or unwrapped
 * from one, keeps its name: it is neither removed nor inserted, and moves
 * like any other.
 */
import type { AbiName } from '../layout-types.ts';
import type { Field, RecordChange, TopMember } from '../diff/types.ts';

export interface KabiMove {
  member: string;
  abi: AbiName;
  from: number;
  to: number;
}

export interface KabiChange {
  c: RecordChange;
  isOps: boolean;
  /** `names`: what code can name in it: the member's own name, or the new names an anonymous struct or union brings. */
  inserted: { member: TopMember; names: string[]; afterWhat: string | null; beforeWhat: string }[];
  removed: { member: TopMember; beforeWhat: string }[];
  moved: KabiMove[];
  /** Members that stay but change size (an embedded struct that grew), which moves what follows them too. */
  resized: KabiMove[];
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

/** The record's fields by the plain name code reaches them with (`dev->priv_flags`), in order. */
function reachable(fields: readonly Field[]): Map<string, Field> {
  const out = new Map<string, Field>();
  for (const f of fields) if (!f.path.includes('.') && !out.has(f.path)) out.set(f.path, f);
  return out;
}

export function kabiChanges(records: RecordChange[], abis: AbiName[]): KabiChange[] {
  const out: KabiChange[] = [];
  for (const c of records) {
    if (!c.before || !c.after) continue;
    // names as code spells them: top-level ones and those reached through anonymous structs and unions
    const was = reachable(c.before.fields);
    const now = reachable(c.after.fields);
    const bNames = new Set([...c.before.top.filter((t) => t.name).map((t) => t.name!), ...was.keys()]);
    const aNames = new Set([...c.after.top.filter((t) => t.name).map((t) => t.name!), ...now.keys()]);
    const inserted: KabiChange['inserted'] = [];
    // names reached through an anonymous struct or union before: an anonymous one holding any of them is that one, changed within
    const wereAnonymous = new Set(c.before.fields.filter((f) => !f.path.includes('.') && !c.before!.top[f.top]?.name).map((f) => f.path));
    c.after.top.forEach((t, i) => {
      if (t.unknown) return;
      // an anonymous struct or union is new when it brings a name (a struct_group()'s named copy, say)
      const names = t.name ? [t.name] : c.after!.fields.filter((f) => f.top === i && !f.path.includes('.')).map((f) => f.path);
      if (names.length === 0 || names.every((n) => bNames.has(n))) return;
      if (!t.name && names.some((n) => wereAnonymous.has(n))) return;
      const rest = c.after!.top.slice(i + 1);
      const next = rest.find((r) => r.unknown || (r.name && bNames.has(r.name)) || (!r.name && !r.unknown));
      if (!next) return; // appended at the end
      const prev = c.after!.top[i - 1];
      inserted.push({ member: t, names: names.filter((n) => !bNames.has(n)), afterWhat: prev ? label(prev) : null, beforeWhat: label(next) });
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
    const resized: KabiMove[] = [];
    const shift: Partial<Record<AbiName, number>> = {};
    if (!partial) {
      for (const a of abis) {
        for (const [name, t] of now) {
          const b = was.get(name);
          if (b?.at[a] && t.at[a] && b.at[a]!.offset !== t.at[a]!.offset) moved.push({ member: name, abi: a, from: b.at[a]!.offset, to: t.at[a]!.offset });
          if (b?.at[a] && t.at[a] && b.at[a]!.bitSize === undefined && t.at[a]!.bitSize === undefined && b.at[a]!.size !== t.at[a]!.size) {
            resized.push({ member: name, abi: a, from: b.at[a]!.size, to: t.at[a]!.size });
          }
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
    out.push({ c, isOps: isOpsTable(c.after.top), inserted, removed, moved, resized, shift, partial });
  }
  return out;
}

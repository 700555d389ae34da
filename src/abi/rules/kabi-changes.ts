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
import { abridged } from './format.ts';

export interface KabiMove {
  member: string;
  abi: AbiName;
  from: number;
  to: number;
}

/** A top-level member that stays but changes size, moving what follows it. */
export interface KabiResize {
  /** How the message names it: `` `stats` ``, or the anonymous struct or union by the names it holds. */
  label: string;
  /** Its name for the finding's symbol (an anonymous aggregate's first reachable name). */
  name: string;
  /** The member after the change (its line is the finding's). */
  member: TopMember;
  /** Its declaration before and after, as written (equal when only the type's own definition changed). */
  writtenBefore: string;
  writtenAfter: string;
  sizes: Partial<Record<AbiName, { from: number; to: number }>>;
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
  /**
   * Top-level members that stay, change size and are not last (a type
   * widened, an array bound, an embedded struct or anonymous union that
   * grew): what follows them moves even with nothing inserted or removed.
   */
  resizedTop: KabiResize[];
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
    const partial = c.before.partial || c.after.partial;
    const resizedTop = resizedTopMembers(c, abis, wereAnonymous);
    if (inserted.length === 0 && removed.length === 0 && resizedTop.length === 0) continue;
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
        const resize = resizedTop.reduce((s, x) => s + (x.sizes[a] ? x.sizes[a]!.to - x.sizes[a]!.from : 0), 0);
        const d = grow - shrink + resize;
        if (Number.isFinite(d) && d !== 0) shift[a] = d;
      }
    }
    // a resize alone that moves nothing (its growth filled padding) is no kABI shift
    if (inserted.length === 0 && removed.length === 0 && (partial ? Object.keys(shift).length === 0 : moved.length === 0)) continue;
    out.push({ c, isOps: isOpsTable(c.after.top), inserted, removed, moved, resized, resizedTop, shift, partial });
  }
  return out;
}

/**
 * The top-level members of `c` that are there before and after, change size
 * on some ABI and have a member (or a stretch the diff does not show) after
 * them. A named member is matched by name; an anonymous struct or union by
 * a name reached through it on both sides.
 */
function resizedTopMembers(c: RecordChange, abis: AbiName[], wereAnonymous: ReadonlySet<string>): KabiResize[] {
  const before = c.before!;
  const after = c.after!;
  const reachedThrough = (side: typeof before, i: number) => side.fields.filter((f) => f.top === i && !f.path.includes('.')).map((f) => f.path);
  const out: KabiResize[] = [];
  after.top.forEach((t, i) => {
    if (t.unknown || i === after.top.length - 1) return;
    let j: number;
    let names: string[];
    if (t.name) {
      names = [t.name];
      j = before.top.findIndex((b) => b.name === t.name);
    } else {
      names = reachedThrough(after, i).filter((n) => wereAnonymous.has(n));
      j = names.length ? before.top.findIndex((b, k) => !b.name && !b.unknown && reachedThrough(before, k).some((n) => names.includes(n))) : -1;
    }
    if (j < 0) return;
    const b = before.top[j]!;
    if (b.member.bitWidth !== undefined || t.member.bitWidth !== undefined) return;
    const sizes: KabiResize['sizes'] = {};
    for (const a of abis) {
      const from = b.at[a]?.size;
      const to = t.at[a]?.size;
      if (from !== undefined && to !== undefined && from !== to) sizes[a] = { from, to };
    }
    if (Object.keys(sizes).length === 0) return;
    const type = t.member.type;
    const kind = (type.kind === 'record' && after.model.records.find((r) => r.id === type.id)?.kind) || 'struct';
    out.push({
      label: t.name ? `\`${t.name}\`` : `the anonymous ${kind} holding ${namesText(names)}`,
      name: names[0]!,
      member: t,
      writtenBefore: b.name ? b.written : '',
      writtenAfter: t.name ? t.written : '',
      sizes,
    });
  });
  return out;
}

/** `` `a`, `b`, `c` ``, or the first three and how many more (mm_struct's anonymous struct holds dozens). */
function namesText(names: string[]): string {
  return abridged(names, 3, (n) => `\`${n}\``).join(', ');
}

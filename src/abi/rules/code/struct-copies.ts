/**
 * How the changed kernel code copies a uAPI record between user and kernel
 * memory, read from the calls themselves:
 *  - caller-sized: the size comes from the caller (`copy_struct_from_user`,
 *    a `min()`/`min_t()` of the caller's size and the struct's, the argsz
 *    idiom's `offsetofend(struct foo, last_old_member)` minimum);
 *  - whole: `copy_from_user`/`copy_to_user`/`memdup_user` of exactly
 *    `sizeof(struct foo)` (or of a variable of that type), which reads or
 *    writes all of the new size whatever the caller was built with.
 */
import { escapeRe, findCalls, lineAt, recordVariables, type Call } from './clean-code.ts';
import type { PreparedUnit } from './handlers.ts';

export interface CopySite {
  unit: PreparedUnit;
  line: number;
  /** The call as written (whitespace collapsed), and the function called. */
  call: string;
  fn: string;
  how: 'caller-sized' | 'whole';
}

/** The argument that is the size, per copy helper. */
const SIZE_ARG: Record<string, number> = {
  copy_from_user: 2, __copy_from_user: 2, copy_to_user: 2, __copy_to_user: 2,
  copy_from_sockptr: 2, copy_to_sockptr: 2, memdup_user: 1, vmemdup_user: 1,
};

function stripParens(s: string): string {
  let t = s.trim();
  while (/^\((.*)\)$/s.test(t)) t = t.slice(1, -1).trim();
  return t;
}

/** An expression as compared here: outer parentheses off, whitespace collapsed. */
function plain(expr: string): string {
  return stripParens(expr).replace(/\s+/g, ' ');
}

/** `struct foo` / `union bar` → its kind and tag (null for anything else). */
function recordRef(symbol: string): { kind: 'struct' | 'union'; tag: string } | null {
  const m = /^(struct|union) (\w+)$/.exec(symbol);
  return m ? { kind: m[1] as 'struct' | 'union', tag: m[2]! } : null;
}

/** Matches an argument that is a variable of the record, or its address (`info`, `&info`); null without one. */
function variableArgument(u: PreparedUnit, ref: { kind: 'struct' | 'union'; tag: string }): RegExp | null {
  const vars = recordVariables(u.clean, ref.tag, ref.kind);
  return vars.length ? new RegExp(`^&?\\s*(?:${vars.map((v) => escapeRe(v.name)).join('|')})$`) : null;
}

/** Expressions that denote the record's full size in `u`: sizeof(struct tag), sizeof(var), sizeof(*ptr). */
function fullSizeTest(u: PreparedUnit, kind: 'struct' | 'union', tag: string): (expr: string) => boolean {
  const alternatives = [`${kind}\\s+${tag}`];
  for (const v of recordVariables(u.clean, tag, kind)) alternatives.push(v.pointer ? `\\*\\s*${v.name}` : v.name);
  const exact = new RegExp(`^sizeof\\s*(?:\\(\\s*(?:${alternatives.join('|')})\\s*\\)|(?:${alternatives.join('|')}))$`);
  return (expr) => exact.test(plain(expr));
}

/** Whether `expr` mentions the record's full size anywhere (inside min(), a sum …). */
function mentionsFullSize(expr: string, isFull: (e: string) => boolean): boolean {
  for (const m of expr.matchAll(/\bsizeof\s*(\([^()]*\)|\*?\s*\w+)/g)) if (isFull(m[0])) return true;
  return false;
}

/**
 * The caller's size clamped to the struct's before the copy: `if (ph.len >
 * sizeof(struct ublk_params)) ph.len = sizeof(struct ublk_params);` then
 * `copy_from_user(&ub->params, argp, ph.len)` (ublk's set_params), or a
 * size last set to a min() with the struct's size.
 */
function clampedToFullSize(before: string, size: string, isFull: (e: string) => boolean): boolean {
  if (!/^[\w.>-]+$/.test(size)) return false;
  const s = escapeRe(size).replace(/->/g, '\\s*->\\s*');
  const re = new RegExp(`\\bif\\s*\\(\\s*${s}\\s*>=?\\s*([^;{}]+?)\\s*\\)\\s*\\{?\\s*${s}\\s*=\\s*([^;]+);`, 'g');
  for (const m of before.matchAll(re)) if (isFull(m[1]!) && isFull(m[2]!)) return true;
  // or its last assignment is a min() with the struct's size: `len = min_t(unsigned int, len, sizeof(info));` (tcp's TCP_INFO)
  let last: string | undefined;
  for (const m of before.matchAll(new RegExp(`(?<![\\w.>])${s}\\s*=(?!=)\\s*([^;]+);`, 'g'))) last = m[1]!.trim();
  return last !== undefined && /^min(_t)?\s*\(/.test(last) && mentionsFullSize(last, isFull);
}

/** Every copy of `symbol` (`struct foo`, `union bar`) in the units, in order. */
export function copiesOf(units: readonly PreparedUnit[], symbol: string): CopySite[] {
  const ref = recordRef(symbol);
  if (!ref) return [];
  const { kind, tag } = ref;
  const named = new RegExp(`\\b${kind}\\s+${tag}\\b`);
  const out: CopySite[] = [];
  for (const u of units) {
    if (!named.test(u.clean)) continue;
    const isFull = fullSizeTest(u, kind, tag);
    const site = (c: Call, how: CopySite['how']) => {
      const line = lineAt(u.clean, c.index, u.startLine);
      // units may overlap (several hunks in one function): one site per call
      if (!out.some((s) => s.unit.path === u.path && s.line === line && s.call === c.text)) out.push({ unit: u, line, call: c.text, fn: c.name, how });
    };
    for (const c of findCalls(u.clean, ['copy_struct_from_user', 'copy_min_struct_from_user'])) {
      if (c.args.some((a) => mentionsFullSize(a, isFull))) site(c, 'caller-sized');
    }
    for (const c of findCalls(u.clean, ['offsetofend'])) {
      if (plain(c.args[0] ?? '') === `${kind} ${tag}`) site(c, 'caller-sized');
    }
    for (const c of findCalls(u.clean, Object.keys(SIZE_ARG))) {
      const size = c.args[SIZE_ARG[c.name]!];
      if (size === undefined) continue;
      if (isFull(size)) site(c, 'whole');
      else if (/\bmin(_t)?\s*\(/.test(size) && mentionsFullSize(size, isFull)) site(c, 'caller-sized');
      else if (clampedToFullSize(u.clean.slice(0, c.index), size.trim(), isFull)) site(c, 'caller-sized');
    }
  }
  return out.sort((a, b) => (a.unit.path === b.unit.path ? a.line - b.line : a.unit.path < b.unit.path ? -1 : 1));
}

/** `name (path:line)` of a copy site, for messages. */
export function siteName(s: CopySite): string {
  return `${s.unit.name ?? 'code'} (${s.unit.path}:${s.line})`;
}

/** The copies of `symbol` when every one takes the size from the caller (and there is one), else null. */
export function callerSizedCopies(units: readonly PreparedUnit[], symbol: string): CopySite[] | null {
  const sites = copiesOf(units, symbol);
  return sites.length > 0 && sites.every((s) => s.how === 'caller-sized') ? sites : null;
}

/**
 * How far into `symbol` the unit's copies from userspace read, when every one
 * is bounded by an `offsetofend(struct foo, member)` minimum (the argsz idiom:
 * `minsz = offsetofend(struct vfio_device_info, num_irqs); copy_from_user(&info,
 * arg, minsz)`): that member's path. Null when the unit reads the struct
 * otherwise (whole, or with another size) or not at all.
 */
export function readUpTo(u: PreparedUnit, symbol: string): string | null {
  const ref = recordRef(symbol);
  const target = ref && variableArgument(u, ref);
  if (!ref || !target) return null;
  const { kind, tag } = ref;
  const bound = new RegExp(`^offsetofend\\s*\\(\\s*${kind}\\s+${tag}\\s*,\\s*([\\w.]+)\\s*\\)$`);
  /** The member a size expression stops at: offsetofend() itself, or a variable whose last assignment before `at` is one. */
  const memberOf = (size: string, at: number): string | undefined => {
    const direct = bound.exec(size);
    if (direct) return direct[1]!;
    if (!/^\w+$/.test(size)) return undefined;
    let last: string | undefined;
    for (const a of u.clean.slice(0, at).matchAll(new RegExp(`\\b${size}\\s*=(?!=)\\s*([^;]*);`, 'g'))) last = a[1]!.trim();
    const m2 = last === undefined ? null : bound.exec(stripParens(last));
    return m2 ? m2[1]! : undefined;
  };
  let upTo: string | null = null;
  for (const c of findCalls(u.clean, ['copy_from_user', '__copy_from_user'])) {
    if (!target.test(plain(c.args[0] ?? ''))) continue;
    const member = memberOf(stripParens(c.args[2] ?? ''), c.index);
    if (member === undefined || (upTo !== null && upTo !== member)) return null;
    upTo = member;
  }
  return upTo;
}

/** Whether the unit copies a variable of `symbol` back to userspace (copy_to_user(arg, &info, …)): it is output. */
export function copiesOut(u: PreparedUnit, symbol: string): boolean {
  const ref = recordRef(symbol);
  const source = ref && variableArgument(u, ref);
  return !!source && findCalls(u.clean, ['copy_to_user', '__copy_to_user']).some((c) => source.test(plain(c.args[1] ?? '')));
}

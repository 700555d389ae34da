/**
 * Which of the changed kernel code units handle a uAPI record: they name the
 * record (or a record that embeds it) and read at least one of its fields.
 */
import type { CodeUnit } from '../rule.ts';
import type { RecordChange, FileDiff } from '../../diff/types.ts';
import { blankCommentsAndStrings, escapeRe } from './clean-code.ts';

export interface PreparedUnit extends CodeUnit {
  clean: string;
}

/** Each unit blanked once, however many rules and passes read it (the series' code is read by several). */
const prepared = new WeakMap<CodeUnit, PreparedUnit>();

export function prepare(units: CodeUnit[]): PreparedUnit[] {
  return units.map((u) => {
    let p = prepared.get(u);
    if (!p) prepared.set(u, (p = { ...u, clean: blankCommentsAndStrings(u.text) }));
    return p;
  });
}

/** Records in the file that embed `symbol` as a member type (directly, through anonymous aggregates, or as an array). */
function containers(diff: FileDiff, symbol: string): string[] {
  const out = new Set<string>([symbol]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of diff.records) {
      if (!c.after || out.has(c.symbol)) continue;
      if (c.after.fields.some((f) => [...out].some((s) => f.canonical === s || f.canonical.startsWith(`${s} [`)))) {
        out.add(c.symbol);
        grew = true;
      }
    }
  }
  return [...out];
}

export function tagOf(symbol: string): string | null {
  const m = /^(?:struct|union) (\w+)$/.exec(symbol);
  return m ? m[1] : null;
}

export function accesses(clean: string, leaf: string): RegExpExecArray[] {
  const re = new RegExp(`(?:\\.|->)\\s*${escapeRe(leaf)}\\b`, 'g');
  return [...clean.matchAll(re)] as RegExpExecArray[];
}

export function handlersOf(units: PreparedUnit[], diff: FileDiff, c: RecordChange): PreparedUnit[] {
  const names = containers(diff, c.symbol).map(tagOf).filter((t): t is string => t !== null);
  if (names.length === 0) return [];
  const leaves = c.after!.fields.map((f) => f.path.slice(f.path.lastIndexOf('.') + 1));
  return units.filter((u) =>
    names.some((t) => new RegExp(`\\b(?:struct|union)\\s+${t}\\b`).test(u.clean)) &&
    leaves.some((l) => accesses(u.clean, l).length > 0));
}

/** Data comes in from userspace in this unit. */
export function readsUserMemory(u: PreparedUnit): boolean {
  return /\b(copy_from_user|memdup_user|memdup_array_user|vmemdup_user|vmemdup_array_user|get_user|copy_struct_from_user|__copy_from_user)\s*\(/.test(u.clean);
}

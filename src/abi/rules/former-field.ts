/**
 * Which field of the record before the change an after-field stands for:
 * its pair, or, for a new field that only aliases an old one, that old
 * field. `__struct_group(TAG, NAME, …)` wraps existing members in a union
 * of an anonymous struct (the old names, still reachable) and a named copy
 * (`NAME.member`): the copy's fields are new paths to old storage, with the
 * old types, and bring nothing a design rule should judge anew.
 */
import type { Field, RecordChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { sameStorage } from '../diff/match-fields.ts';

/** The before-side field `f` (a field of c.after) continues: its pair's before side, or the old field it aliases; null when it is new. */
export function formerField(c: RecordChange, f: Field): Field | null {
  const pair = c.pairs.find((p) => p.after === f);
  if (pair) return pair.before;
  if (!f.anonymous.includes('union')) return null;
  const aliased = c.pairs.find((p) => p.after.top === f.top && p.after.canonical === f.canonical && sameStorage(p.after, f, Object.keys(f.at) as AbiName[]) === true);
  if (aliased) return aliased.before;
  // The named copy itself (`offsets`): a copy when each of its fields is one; it starts where its first field does.
  const inside = c.after!.fields.filter((g) => g.path.startsWith(`${f.path}.`));
  if (inside.length === 0) return null;
  const formers = inside.map((g) => formerField(c, g));
  return formers.every((x) => x !== null) ? formers[0]! : null;
}

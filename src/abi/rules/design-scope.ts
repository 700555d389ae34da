/**
 * Which records the design rules look at: uAPI types that are new, or that this
 * change touched. A design issue already present before the change is not the
 * patch's doing and is not reported again.
 */
import type { Field, RecordChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { lookupFor, type TypeLookup } from '../diff/type-text.ts';
import { isChanged, isNewType } from './record-facts.ts';

export function designTargets(records: RecordChange[], abis: AbiName[]): RecordChange[] {
  return records.filter((c) => c.after && (isNewType(c) || isChanged(c, abis)));
}

/** Issues (keyed) present after but not before. */
export function newIssues<T>(c: RecordChange, issuesOf: (side: 'before' | 'after') => Map<string, T>): [string, T][] {
  const after = issuesOf('after');
  if (!c.before) return [...after];
  const before = issuesOf('before');
  return [...after].filter(([k]) => !before.has(k));
}

/** The fields a change brought into a design target: all of a new record's, else those added or re-typed. */
function freshFields(c: RecordChange): Field[] {
  if (!c.before) return c.after!.fields;
  return [...c.added, ...c.pairs.filter((p) => p.before.canonical !== p.after.canonical).map((p) => p.after)];
}

/**
 * For each design target with any, the fields the change brought in (all of
 * a new record's, else those added or re-typed; placeholders for unknown
 * lines aside) for which `reason` has something to say, with what it says.
 * `reason` gets the new version's lookup, to resolve the field's type.
 */
export function freshFieldsWith<T>(records: RecordChange[], abis: AbiName[], reason: (f: Field, look: TypeLookup) => T | null): { c: RecordChange; bad: { f: Field; why: T }[] }[] {
  const out: { c: RecordChange; bad: { f: Field; why: T }[] }[] = [];
  for (const c of designTargets(records, abis)) {
    const look = lookupFor(c.after!.model);
    const bad = freshFields(c).flatMap((f) => {
      const why = f.member.unknownLines ? null : reason(f, look);
      return why === null ? [] : [{ f, why }];
    });
    if (bad.length > 0) out.push({ c, bad });
  }
  return out;
}

/**
 * Declarations still there after a change, but on fewer ABIs than before:
 * an architecture #ifdef, or a move into one architecture's asm/ header.
 * Such moves take dozens of types or #defines at once, so those that lost the
 * same ABIs (and kept the same ones) are reported as one finding.
 * uapi.type-removed and uapi.macro-removed share this.
 */
import type { AbiName } from '../layout-types.ts';
import type { FindingBody } from './rule.ts';
import { abiList } from './format.ts';

interface Lost<T> {
  item: T;
  /** The ABIs it was on before and is on after the change. */
  before: AbiName[];
  after: AbiName[];
}

/** How a kind of declaration is spoken of. */
export interface LostWording<T> {
  name: (t: T) => string;
  /** Its line in the new version. */
  line: (t: T) => number | null;
  /** One declaration: its name with what it is (`struct foo (3 members)`). */
  describe: (t: T) => string;
  /** What `before` holds for one declaration. */
  was: (t: T) => unknown;
  /** `types` / `#defines`, in the message; `types` / `macros`, in the symbol. */
  plural: string;
  symbolPlural: string;
  /** `declared` / `defined`, and what to keep them: `visible` / `defined`. */
  verb: string;
  keep: string;
}

/** One finding per group of declarations that lost the same ABIs of `abis`. */
export function lostOnSomeAbis<T>(items: Lost<T>[], abis: AbiName[], w: LostWording<T>): FindingBody[] {
  const groups = new Map<string, { lost: AbiName[]; kept: AbiName[]; items: T[] }>();
  for (const { item, before, after } of items) {
    const lost = before.filter((a) => abis.includes(a) && !after.includes(a));
    if (lost.length === 0) continue;
    const kept = after.filter((a) => abis.includes(a));
    const key = `${lost.join()}|${kept.join()}`;
    const g = groups.get(key);
    if (g) g.items.push(item);
    else groups.set(key, { lost, kept, items: [item] });
  }
  return [...groups.values()].map(({ lost, kept, items: group }) => {
    const those = lost.length === 1 ? 'that ABI' : 'those ABIs';
    const names = group.map(w.name);
    const first = group[0]!;
    const where = `no longer ${w.verb} on ${abiList(lost, abis)}, only on ${abiList(kept, abis)}`;
    if (group.length === 1) {
      return {
        line: w.line(first),
        symbol: names[0]!,
        abis: lost,
        message: `${w.describe(first)} is ${where}: userspace built for ${those} that uses it no longer compiles.`,
        before: w.was(first),
        after: null,
        suggestion: `Keep ${names[0]} ${w.keep} on every ABI that had it.`,
      };
    }
    return {
      line: w.line(first),
      symbol: `${names.length} ${w.symbolPlural} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`,
      abis: lost,
      message: `${names.length} ${w.plural} are ${where}: ${names.join(', ')}. Userspace built for ${those} that uses them no longer compiles.`,
      before: names,
      after: null,
      suggestion: `Keep them ${w.keep} on every ABI that had them.`,
    };
  });
}

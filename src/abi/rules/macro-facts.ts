/** Shared facts about macros: include guards, and whether a value change is a sentinel's or a flag set's growth. */
import type { MacroChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { isSentinelMacroName } from './format.ts';

export function isIncludeGuard(name: string, body: string): boolean {
  return body.trim() === '' && /_H_*$/.test(name);
}

/** ABIs where the evaluated value differs (as a 64-bit pattern); undefined when it could not be evaluated on either side. */
export function valueChangedAbis(m: MacroChange, abis: AbiName[]): AbiName[] | undefined {
  if (!m.before || !m.after) return undefined;
  let compared = 0;
  const out: AbiName[] = [];
  for (const a of abis) {
    const b = m.before.values[a];
    const n = m.after.values[a];
    if (b === undefined || n === undefined) continue;
    compared++;
    // `-1` → `-1ULL` (or `~0ULL`): the same 64-bit pattern, the same value wherever it is stored
    if (b !== n && BigInt.asUintN(64, b) !== BigInt.asUintN(64, n)) out.push(a);
  }
  return compared ? out : undefined;
}

export function isSentinelGrowth(m: MacroChange, abis: AbiName[]): boolean {
  if (!isSentinelMacroName(m.name) || !m.before || !m.after) return false;
  return abis.every((a) => {
    const b = m.before!.values[a];
    const n = m.after!.values[a];
    return b === undefined || n === undefined || n >= b;
  });
}

export function hex(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

/**
 * Macros whose value grew (compared on the first ABI that evaluates both
 * sides), among those `named` accepts; _IO* numbers are left to their own rule.
 */
export function* grownMacros(
  macros: MacroChange[],
  abis: AbiName[],
  named: (name: string) => boolean,
): Generator<{ m: MacroChange & { before: NonNullable<MacroChange['before']>; after: NonNullable<MacroChange['after']> }; b: bigint; a: bigint }> {
  for (const m of macros) {
    if (!m.before || !m.after || m.after.ioctl || !named(m.name)) continue;
    const abi = abis.find((x) => m.before!.values[x] !== undefined && m.after!.values[x] !== undefined);
    if (!abi) continue;
    const b = m.before.values[abi]!;
    const a = m.after.values[abi]!;
    if (a > b) yield { m: m as never, b, a };
  }
}

/** The terms of a body that is a bitwise OR (`(A | B | C)` → [A, B, C], spaces dropped); null when it is not one. */
export function orTerms(body: string): string[] | null {
  let text = body.replace(/\\\n/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, '');
  const wrapped = (t: string) => {
    if (!t.startsWith('(') || !t.endsWith(')')) return false;
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '(') depth++;
      else if (t[i] === ')' && --depth === 0 && i < t.length - 1) return false;
    }
    return true;
  };
  while (wrapped(text)) text = text.slice(1, -1);
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      if (text[i + 1] === '|' || text[i - 1] === '|') return null; // a logical OR
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.every((t) => t !== '') ? terms : null;
}

/** The evaluated values on every ABI where both sides have one (none: null). */
function valuePairs(m: MacroChange, abis: AbiName[]): [bigint, bigint][] | null {
  const out: [bigint, bigint][] = [];
  for (const a of abis) {
    const b = m.before?.values[a];
    const n = m.after?.values[a];
    if (b !== undefined && n !== undefined) out.push([b, n]);
  }
  return out.length ? out : null;
}

const MASK_NAME = /(^|_)(MASK|FLAGS|ALLFLAGS|ALL|VALID|SUPPORTED|FEATURES|CAPS)$/;
const RESERVED_NAME = /(^|_)(RESERVED|RSVD)(_MASK|_BITS)?$/;

/**
 * A set of flags that only grew, every old bit still set on every ABI: an OR
 * of named flags that only gained terms (`#define PTP_EXTTS_VALID_FLAGS
 * (A | B | …)`), or a mask-named value (`MOVE_MOUNT__MASK`,
 * `SPI_MODE_USER_MASK`) whose bits are a superset. Also a reserved-bits mask
 * that only lost bits (`HSA_CAP_RESERVED`): those bits were given a meaning.
 * Returns what changed, in words, or null.
 */
export function flagSetGrowth(m: MacroChange, abis: AbiName[]): string | null {
  if (!m.before || !m.after || m.before.def.params !== null || m.after.def.params !== null) return null;
  const pairs = valuePairs(m, abis);
  if (!pairs || pairs.every(([b, n]) => b === n)) return null;
  const superset = pairs.every(([b, n]) => (b & n) === b);
  const was = orTerms(m.before.def.body);
  const now = orTerms(m.after.def.body);
  if (superset && was && now && now.length >= 2 && now.length > was.length) {
    const kept = new Set(now);
    if (was.every((t) => kept.has(t))) {
      const had = new Set(was);
      return `gains ${now.filter((t) => !had.has(t)).map((t) => `\`${t}\``).join(', ')}`;
    }
  }
  const [b, n] = pairs[0]!;
  if (superset && MASK_NAME.test(m.name)) return `gains bits ${hex(n & ~b)}`;
  if (RESERVED_NAME.test(m.name) && pairs.every(([b, n]) => (b & n) === n)) return `gives reserved bits ${hex(b & ~n)} a meaning (they leave the reserved set)`;
  return null;
}

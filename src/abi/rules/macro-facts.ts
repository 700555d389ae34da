/** Shared facts about macros: include guards, and whether a value change is a sentinel's growth. */
import type { MacroChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { isSentinelName } from './format.ts';

export function isIncludeGuard(name: string, body: string): boolean {
  return body.trim() === '' && /_H_*$/.test(name);
}

/** ABIs where the evaluated value differs; undefined when it could not be evaluated on either side. */
export function valueChangedAbis(m: MacroChange, abis: AbiName[]): AbiName[] | undefined {
  if (!m.before || !m.after) return undefined;
  let compared = 0;
  const out: AbiName[] = [];
  for (const a of abis) {
    const b = m.before.values[a];
    const n = m.after.values[a];
    if (b === undefined || n === undefined) continue;
    compared++;
    if (b !== n) out.push(a);
  }
  return compared ? out : undefined;
}

export function isSentinelGrowth(m: MacroChange, abis: AbiName[]): boolean {
  if (!isSentinelName(m.name) || !m.before || !m.after) return false;
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

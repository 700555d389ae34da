/**
 * uapi.limit-raised: a limit constant (`PPS_MAX_SOURCES`, `TEE_MAX_ARG_SIZE`,
 * s390's `MAXEP11AESKEYBLOBSIZE`) grew on every ABI where it changed. Old
 * binaries keep within the old, smaller limit, which the kernel still
 * accepts; what can break is the kernel handing them up to the new limit
 * (a count, a blob) in a buffer they sized by the old one. So a warning to
 * check the interfaces that use it, not macro-value-changed's error; a limit
 * that shrinks stays an error. Count sentinels (`FOO_MAX` last in a list)
 * are uapi.sentinel-moved's.
 */
import { defineRule } from './rule.ts';
import { describeGroups, groupByValue, isSentinelMacroName } from './format.ts';
import { hex, valueChangedAbis } from './macro-facts.ts';
import type { MacroChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';

const LIMIT_NAME = /(^|_)MAX(_|$)|^MAX[A-Z0-9]|(^|_)LIMIT$/;

/** A limit-named constant that grew on every ABI where its value changed (at least one). */
export function limitRaised(m: MacroChange, abis: AbiName[]): AbiName[] | null {
  if (!m.before || !m.after || m.before.ioctl || m.after.ioctl || !LIMIT_NAME.test(m.name) || isSentinelMacroName(m.name)) return null;
  const changed = valueChangedAbis(m, abis);
  if (!changed || changed.length === 0) return null;
  return changed.every((a) => m.after!.values[a]! > m.before!.values[a]!) ? changed : null;
}

export const limitRaisedRule = defineRule({
  id: 'uapi.limit-raised',
  level: 'warning',
  kind: 'binary',
  summary: 'a uAPI limit constant (…_MAX_…) grew: old binaries stay within it, but may receive up to the new limit',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const m of ctx.diff.macros) {
      const abis = limitRaised(m, ctx.abis);
      if (!abis) continue;
      const groups = groupByValue(abis, (a) => `${m.before!.values[a]} → ${m.after!.values[a]} (${hex(m.before!.values[a]!)} → ${hex(m.after!.values[a]!)})`);
      emit({
        line: m.after!.def.loc.line,
        symbol: m.name,
        abis,
        message: `The limit ${m.name} grows (${describeGroups(groups, ctx.abis)}). Old binaries stay within the old limit, which still holds; check that no interface hands them up to the new one (a count, a blob, an array) in a buffer they sized by the old value.`,
        before: String(m.before!.values[abis[0]!]),
        after: String(m.after!.values[abis[0]!]),
        suggestion: `Say in the commit message how the interfaces that use ${m.name} take the caller's size.`,
      });
    }
  },
});

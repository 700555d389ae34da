/**
 * uapi.unaligned-u64: a 64-bit member not at a multiple of 8 on some ABI, so
 * that ABIs place it differently (i386 and m68k align u64 to 4/2). A member
 * at the same offset everywhere (packed on-disk and firmware layouts) is not
 * reported: every ABI agrees on it.
 */
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
import { resolveTypedefs } from '../diff/type-text.ts';
import type { Field } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { abiList, groupByValue } from './format.ts';

function is64bitScalar(f: Field): boolean {
  if (f.member.bitWidth !== undefined) return false;
  const r = resolveTypedefs(f.member.type);
  return r.kind === 'builtin' && /^(unsigned )?long long$|^double$/.test(r.name);
}

/** Where the member is, on each ABI where that is known: not after lines a diff does not show (FieldPlace.relative). */
function placed(f: Field, abis: AbiName[]): AbiName[] {
  return abis.filter((a) => f.at[a] && !f.at[a]!.relative);
}

function misaligned(f: Field, abis: AbiName[]): AbiName[] {
  return placed(f, abis).filter((a) => f.at[a]!.offset % 8 !== 0);
}

export const unalignedU64 = defineRule({
  id: 'uapi.unaligned-u64',
  level: 'warning',
  kind: 'design',
  summary: 'a 64-bit member of a new or changed uAPI type is not 8-byte aligned on some ABI',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      for (const f of c.after!.fields) {
        if (!is64bitScalar(f)) continue;
        const bad = misaligned(f, ctx.abis);
        if (bad.length === 0) continue;
        // Not this change's doing when the same storage was already a misaligned 64-bit member (renamed, or now in a union).
        const sameStorage = (g: typeof f) => is64bitScalar(g) && ctx.abis.every((a) => !g.at[a] || !f.at[a] || g.at[a]!.offset === f.at[a]!.offset);
        const old = c.before?.fields.find((g) => g.path === f.path) ?? c.before?.fields.find(sameStorage);
        if (old && is64bitScalar(old) && misaligned(old, ctx.abis).length > 0) continue;
        const offs = groupByValue(placed(f, ctx.abis), (a) => String(f.at[a]!.offset));
        // Same offset on every ABI (a packed on-disk or firmware layout): nobody disagrees on where it is.
        if (offs.length === 1) continue;
        emit({
          line: f.member.loc.line,
          symbol: `${c.symbol}.${f.path}`,
          abis: bad,
          message: `\`${f.written} ${f.path}\` in ${c.symbol} is at offset ${offs.map((g) => `${g.value} (${abiList(g.abis, ctx.abis)})`).join(', ')}: not 8-byte aligned on ${abiList(bad, ctx.abis)}, so 32-bit and 64-bit userspace disagree on where it is.`,
          after: Object.fromEntries(placed(f, ctx.abis).map((a) => [a, f.at[a]!.offset])),
          suggestion: `Place it at a multiple of 8 with explicit padding before it, or declare it \`__aligned_u64\`.`,
        });
      }
    }
  },
});

/** uapi.abi-dependent-layout: a new/changed uAPI type has a different size or member offsets on different ABIs (32/64-bit compat). */
import type { AbiName } from '../layout-types.ts';
import type { RecordSide } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { designTargets, newIssues } from './design-scope.ts';
import { formerField } from './former-field.ts';
import { abiList, groupByValue } from './format.ts';

function dependencies(side: RecordSide | null, abis: AbiName[]): Map<string, { value: string; abis: AbiName[] }[]> {
  const out = new Map<string, { value: string; abis: AbiName[] }[]>();
  if (!side) return out;
  const laid = abis.filter((a) => side.layouts[a]);
  if (laid.length < 2) return out;
  const sizes = groupByValue(laid, (a) => String(side.layouts[a]!.size));
  if (sizes.length > 1) out.set('sizeof', sizes);
  for (const f of side.fields) {
    const offs = groupByValue(laid, (a) => (f.at[a] ? (f.at[a]!.bitOffset !== undefined ? `bit ${f.at[a]!.bitOffset}` : String(f.at[a]!.offset)) : undefined));
    if (offs.length > 1) out.set(f.path, offs);
  }
  return out;
}

/** Where the top-level member holding a field sits on each ABI: a renamed field, or one added to a union
 *  beside an old one, inherits the old member's ABI dependence rather than introducing it. */
function storageKey(side: RecordSide, path: string, abis: AbiName[]): string {
  if (path === 'sizeof') return 'sizeof';
  const f = side.fields.find((x) => x.path === path);
  const top = f ? side.top[f.top] : undefined;
  if (!f || !top) return path;
  return abis.map((a) => `${a}:${top.at[a]?.offset ?? '?'}+${top.at[a]?.size ?? '?'}`).join(',');
}

export const abiDependentLayout = defineRule({
  id: 'uapi.abi-dependent-layout',
  level: 'warning',
  kind: 'design',
  summary: 'a new or changed uAPI type is laid out differently on different ABIs (needs compat handling)',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      const keyed = (side: 'before' | 'after') => {
        const s = c[side];
        const deps = dependencies(s, ctx.abis);
        // sizeof is keyed by name; fields by the storage of the top-level member holding them,
        // before the change for a field that was there (or that only aliases one that was).
        const byStorage = new Map<string, [string, { value: string; abis: AbiName[] }[]]>();
        for (const [k, v] of deps) byStorage.set(k === 'sizeof' ? k : keyOf(side, k), [k, v]);
        return byStorage;
      };
      const keyOf = (side: 'before' | 'after', path: string): string => {
        const field = side === 'after' && c.before ? c.after!.fields.find((f) => f.path === path) : undefined;
        const former = field ? formerField(c, field) : null;
        return former ? storageKey(c.before!, former.path, ctx.abis) : storageKey(c[side]!, path, ctx.abis);
      };
      const issues = newIssues(c, keyed).map(([, v]) => v);
      if (issues.length === 0) continue;
      const abis = new Set<AbiName>();
      const describe = ([what, groups]: [string, { value: string; abis: AbiName[] }[]]) => {
        // The minority groups are the ABIs where it "differs".
        const [, ...rest] = [...groups].sort((a, b) => b.abis.length - a.abis.length);
        rest.forEach((g) => g.abis.forEach((a) => abis.add(a)));
        return `${what === 'sizeof' ? 'sizeof' : `offset of \`${what}\``} ${groups.map((g) => `${g.value} (${abiList(g.abis, ctx.abis)})`).join(' vs ')}`;
      };
      const text = issues.map(describe);
      emit({
        line: c.after!.decl.loc.line,
        symbol: c.symbol,
        abis: ctx.abis.filter((a) => abis.has(a)),
        message: `${c.symbol} does not have one layout: ${text.join('; ')}. A 32-bit process on a 64-bit kernel passes the other layout, so the ioctl needs a compat path (and _IOW numbers differ between them).`,
        after: Object.fromEntries(issues.map(([k, g]) => [k, Object.fromEntries(g.map((x) => [x.value, x.abis]))])),
        suggestion: 'Use only fixed-width types, align 64-bit members naturally (__aligned_u64 or explicit padding), and pad the struct to a multiple of 8 bytes.',
      });
    }
  },
});

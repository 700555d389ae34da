/**
 * kabi.variable-type-changed: a variable an in-kernel header declares
 * `extern` (an interface other code links against, exported to modules when
 * the tree says EXPORT_SYMBOL) keeps its name but changes type. Every
 * in-tree user is rebuilt with the header; a module built against the old
 * one reads and writes the symbol as the old type: past its end when it
 * shrank, the wrong bytes when its layout changed (genksyms gives it a new
 * CRC on CONFIG_MODVERSIONS kernels, so such a module refuses to load
 * there). The sizes are the layout engine's, on each ABI that lays out both
 * types.
 */
import type { VariableChange } from '../diff/types.ts';
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { abridged, describeGroups, groupByValue } from './format.ts';

/** Changed variables spelled out in full; the others are named. */
const SHOWN = 4;

/** ` (sizeof x86_64: 4 → 8 bytes; i386: 4 bytes, unchanged)` (an element's size where a side has no bound), or '' when no ABI lays out both. */
function sizesText(v: VariableChange, abis: AbiName[]): string {
  const laid = abis.filter((a) => v.sizes[a]);
  const groups = groupByValue(laid, (a) => v.sizes[a]!, (s) => `${s.before}/${s.after}`).map((g) => ({
    value: g.value.before === g.value.after ? `${g.value.before} bytes, unchanged` : `${g.value.before} → ${g.value.after} bytes`,
    abis: g.abis,
  }));
  return groups.length === 0 ? '' : ` (${v.measured === 'element' ? 'element size' : 'sizeof'} ${describeGroups(groups, abis)})`;
}

export const kabiVariableTypeChanged = defineRule({
  id: 'kabi.variable-type-changed',
  level: 'note',
  kind: 'kabi',
  summary: 'a variable an in-kernel header declares extern keeps its name but changes its type',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    const changed = ctx.diff.variables;
    if (changed.length === 0) return;
    const spelled = (v: VariableChange) => `${v.name} \`${v.before}\` → \`${v.after}\`${sizesText(v, ctx.abis)}`;
    const consequence = 'In-tree users are rebuilt with the header; a module built against the old one (out-of-tree drivers, kABI-stable distribution kernels) ' +
      'reads and writes the symbol as the old type (with CONFIG_MODVERSIONS the symbol\'s CRC changes and such a module no longer loads).';
    const suggestion = 'Fine in-tree (every user is rebuilt with it); for kABI stability keep the variable as it was and add the new one under a new name.';
    if (changed.length <= SHOWN) {
      for (const v of changed) {
        emit({ line: v.line, symbol: v.name, abis: ctx.abis, message: `${spelled(v).replace(' `', ' changes type: `')}. ${consequence}`, suggestion });
      }
      return;
    }
    emit({
      line: changed[0]!.line,
      symbol: changed[0]!.name,
      abis: ctx.abis,
      message: `${changed.length} variables declared here change their types: ${abridged(changed, SHOWN, spelled, (v) => v.name).join('; ')}. ${consequence}`,
      suggestion,
    });
  },
});

/**
 * kabi.function-signature-changed: a function an in-kernel header declares
 * (not static: an interface other code links against, exported to modules
 * when the tree says EXPORT_SYMBOL) keeps its name but changes parameters
 * or return type. Every in-tree caller is rebuilt with the header; a module
 * built against the old one calls the new function with the old arguments
 * (genksyms gives the symbol a new CRC on CONFIG_MODVERSIONS kernels, so
 * such a module refuses to load there, and misbehaves elsewhere).
 */
import { defineRule } from './rule.ts';
import { abridged } from './format.ts';

/** Changed declarations spelled out in full; the others are named. */
const SHOWN = 4;

export const kabiFunctionSignatureChanged = defineRule({
  id: 'kabi.function-signature-changed',
  level: 'note',
  kind: 'kabi',
  summary: 'a function an in-kernel header declares keeps its name but changes its signature',
  scopes: ['kernel-header'],
  check(ctx, emit) {
    const changed = ctx.diff.prototypes;
    const consequence = 'In-tree callers are rebuilt with the header; a module built against the old one (out-of-tree drivers, kABI-stable distribution kernels) ' +
      'calls it with the old arguments (with CONFIG_MODVERSIONS the symbol\'s CRC changes and such a module no longer loads).';
    const suggestion = 'Fine in-tree (every caller must change with it); for kABI stability keep the old function as a wrapper and add the new one under a new name.';
    const spelled = (p: (typeof changed)[number]) => `${p.name}() \`${p.before}\` → \`${p.after}\``;
    if (changed.length <= SHOWN) {
      for (const p of changed) emit({ line: p.line, symbol: p.name, abis: ctx.abis, message: `${spelled(p).replace('() ', '() changes its signature: ')}. ${consequence}`, suggestion });
      return;
    }
    // a conversion (an idmap, a folio) changes dozens at once: one note, the first few spelled out
    emit({
      line: changed[0]!.line,
      symbol: changed[0]!.name,
      abis: ctx.abis,
      message: `${changed.length} functions declared here change their signatures: ${abridged(changed, SHOWN, spelled, (p) => `${p.name}()`).join('; ')}. ${consequence}`,
      suggestion,
    });
  },
});

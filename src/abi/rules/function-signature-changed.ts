/**
 * kabi.function-signature-changed: a function an in-kernel header declares
 * (not static: an interface other code links against, exported to modules
 * when the tree says EXPORT_SYMBOL) keeps its name but changes parameters
 * or return type. Every in-tree caller is rebuilt with the header; a module
 * built against the old one calls the new function with the old arguments
 * (genksyms gives the symbol a new CRC on CONFIG_MODVERSIONS kernels, so
 * such a module refuses to load there, and misbehaves elsewhere).
 *
 * When the parameter count changes, the calls the series leaves passing the
 * old count, and a definition left taking it, are named: in the .c files it
 * touches, as it leaves them, and with a kernel tree in the others
 * (src/abi/interface-users.ts). Neither compiles, so each one breaks the
 * build.
 */
import type { FunctionCall } from '../diff/function-calls.ts';
import type { PrototypeChange } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { abridged, afterWhat } from './format.ts';

/** Changed declarations spelled out in full; the others are named. */
const SHOWN = 4;

/** Calls named in full; the others are counted. */
const CALLS_SHOWN = 6;

/** The calls of `p` that still pass its old number of arguments, in place order. */
function staleCalls(p: PrototypeChange, calls: readonly FunctionCall[]): FunctionCall[] {
  if (!p.arity || p.arity.before === p.arity.after) return [];
  return calls.filter((c) => c.name === p.name && c.args === p.arity!.before)
    .sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}

/** What the stale calls and definitions do to the build, and their lists ('' when there are none); `named`: say whose they are. */
function staleText(stale: readonly FunctionCall[], named: boolean, patch: number): string {
  const when = afterWhat(patch);
  const place = (c: FunctionCall) => `${c.path}:${c.line}${named ? ` (${c.name})` : ''}`;
  const definitions = stale.filter((c) => c.kind === 'definition');
  const calls = stale.filter((c) => c.kind === 'call');
  let out = '';
  if (definitions.length > 0) {
    out += ` ${definitions.length === 1 ? 'The definition' : `${definitions.length} definitions`} still ${definitions.length === 1 ? 'takes' : 'take'} the old number of parameters ${when} (conflicting types: the build breaks): ${abridged(definitions, CALLS_SHOWN, place).join(', ')}.`;
  }
  if (calls.length > 0) {
    out += ` ${calls.length === 1 ? 'One call still passes' : `${calls.length} calls still pass`} the old number of arguments ${when}, and a call with the wrong number does not compile, so the build breaks: ${abridged(calls, CALLS_SHOWN, place).join(', ')}.`;
  }
  return out;
}

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
    const convert = (stale: readonly FunctionCall[]) => `Change ${stale.length === 1 ? (stale[0]!.kind === 'call' ? 'that call' : 'that definition') : `these ${stale.length} places`} in the same patch as the declaration (each patch must build); for kABI stability keep the old function as a wrapper and add the new one under a new name.`;
    if (changed.length <= SHOWN) {
      for (const p of changed) {
        const stale = staleCalls(p, ctx.calls);
        emit({
          line: p.line, symbol: p.name, abis: ctx.abis,
          message: `${spelled(p).replace('() ', '() changes its signature: ')}. ${consequence}${staleText(stale, false, ctx.patch)}`,
          suggestion: stale.length > 0 ? convert(stale) : suggestion,
        });
      }
      return;
    }
    const stale = changed.flatMap((p) => staleCalls(p, ctx.calls));
    // a conversion (an idmap, a folio) changes dozens at once: one note, the first few spelled out
    emit({
      line: changed[0]!.line,
      symbol: changed[0]!.name,
      abis: ctx.abis,
      message: `${changed.length} functions declared here change their signatures: ${abridged(changed, SHOWN, spelled, (p) => `${p.name}()`).join('; ')}. ${consequence}${staleText(stale, true, ctx.patch)}`,
      suggestion: stale.length > 0 ? convert(stale) : suggestion,
    });
  },
});

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
 * old count, and a definition left taking it, are named; when a function
 * that returned a value now returns void, so are the calls that still use
 * the value and a definition that still returns one; for any other change
 * of its type, a definition left with the old signature: in the .c files the
 * series touches, as it leaves them, and with a kernel tree in the others
 * (src/abi/interface-users.ts). None compiles, so each one breaks the
 * build. A change of qualifiers alone (`struct device *` → `const struct
 * device *`: the calls pass the same, though the CRC changes) is said only
 * where a definition is left without them: that breaks the build too.
 */
import type { FunctionCall } from '../diff/function-calls.ts';
import type { PrototypeChange } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { abridged, afterWhat, byPlace } from './format.ts';

/** Changed declarations spelled out in full; the others are named. */
const SHOWN = 4;

/** Calls named in full; the others are counted. */
const CALLS_SHOWN = 6;

/** Why a call or definition no longer compiles: it keeps the old number of arguments or parameters, uses (returns) the value the function no longer returns, or (a definition) keeps the old signature. */
type Staleness = 'count' | 'value' | 'signature';

interface StaleUse {
  use: FunctionCall;
  why: Staleness;
}

/** The calls and definitions of `p` left as they were, in place order: the old number of arguments or parameters, or a value used (returned) where `p` now returns void. */
function staleUses(p: PrototypeChange, calls: readonly FunctionCall[]): StaleUse[] {
  const out: StaleUse[] = [];
  for (const c of calls) {
    if (c.name !== p.name) continue;
    const { before, after } = p.signatures;
    if (p.arity && p.arity.before !== p.arity.after && c.args === p.arity.before) out.push({ use: c, why: 'count' });
    else if (p.nowVoid && c.valued) out.push({ use: c, why: 'value' });
    else if (c.kind === 'definition' && before !== null && after !== null && before !== after && (p.qualifiersOnly ? c.qualifiedSignature : c.signature) === before) out.push({ use: c, why: 'signature' });
  }
  return out.sort((a, b) => byPlace(a.use, b.use));
}

/** A change of qualifiers alone that drops some (`const struct device *` → `struct device *`): fewer of them after than before. */
function dropsQualifiers(p: PrototypeChange): boolean {
  const count = (sig: string | null) => sig?.match(/\b(?:const|volatile)\b/g)?.length ?? 0;
  return p.qualifiersOnly && count(p.signatures.after) < count(p.signatures.before);
}

/** What each kind of stale use does to the build, said of one or of several (a call is never stale by signature alone: text cannot tell its argument types). */
const STALE_TEXT: Record<FunctionCall['kind'], Partial<Record<Staleness, [string, string, string]>>> = {
  definition: {
    count: ['The definition still takes', 'definitions still take', 'the old number of parameters {when} (conflicting types: the build breaks)'],
    value: ['The definition still returns', 'definitions still return', 'a value {when}, where the declaration now returns void (conflicting types: the build breaks)'],
    signature: ['The definition still has', 'definitions still have', 'the old signature {when} (conflicting types: the build breaks)'],
  },
  call: {
    count: ['One call still passes', 'calls still pass', 'the old number of arguments {when}, and a call with the wrong number does not compile, so the build breaks'],
    value: ['One call still uses', 'calls still use', 'the value the function no longer returns {when} (a void value used does not compile: the build breaks)'],
  },
};

/** What the stale calls and definitions do to the build, and their lists ('' when there are none); `named`: say whose they are. */
function staleText(stale: readonly StaleUse[], named: boolean, patch: number): string {
  const when = afterWhat(patch);
  const place = (s: StaleUse) => `${s.use.path}:${s.use.line}${named ? ` (${s.use.name})` : ''}`;
  let out = '';
  for (const kind of ['definition', 'call'] as const) {
    for (const why of ['count', 'value', 'signature'] as const) {
      const these = stale.filter((s) => s.use.kind === kind && s.why === why);
      const text = STALE_TEXT[kind][why];
      if (these.length === 0 || !text) continue;
      const [one, several, rest] = text;
      out += ` ${these.length === 1 ? one : `${these.length} ${several}`} ${rest.replace('{when}', when)}: ${abridged(these, CALLS_SHOWN, place).join(', ')}.`;
    }
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
    const staleOf = new Map(ctx.diff.prototypes.map((p) => [p, staleUses(p, ctx.calls)]));
    // a change of qualifiers alone is said only where it breaks the build (a definition left without them)
    const changed = ctx.diff.prototypes.filter((p) => !p.qualifiersOnly || staleOf.get(p)!.length > 0);
    if (changed.length === 0) return;
    const typeChange = 'In-tree callers are rebuilt with the header; a module built against the old one (out-of-tree drivers, kABI-stable distribution kernels) ' +
      'calls it with the old arguments (with CONFIG_MODVERSIONS the symbol\'s CRC changes and such a module no longer loads).';
    const crc = 'but with CONFIG_MODVERSIONS the symbol\'s CRC changes (genksyms and gendwarfksyms both read qualifiers), so a module built against the old header no longer loads.';
    const consequenceOf = (ps: readonly PrototypeChange[]) => {
      if (!ps.every((p) => p.qualifiersOnly)) return typeChange;
      return ps.some(dropsQualifiers)
        ? `Only qualifiers change, and some go: arguments pass as before, but a call passing a pointer to const data where the const went discards it (a warning, an error with CONFIG_WERROR); ${crc}`
        : `Only qualifiers change: arguments pass as before and calls compile as they are, ${crc}`;
    };
    const suggestion = 'Fine in-tree (every caller must change with it); for kABI stability keep the old function as a wrapper and add the new one under a new name.';
    const spelled = (p: (typeof changed)[number]) => `${p.name}() \`${p.before}\` → \`${p.after}\``;
    const convert = (stale: readonly StaleUse[]) => `Change ${stale.length === 1 ? (stale[0]!.use.kind === 'call' ? 'that call' : 'that definition') : `these ${stale.length} places`} in the same patch as the declaration (each patch must build); for kABI stability keep the old function as a wrapper and add the new one under a new name.`;
    if (changed.length <= SHOWN) {
      for (const p of changed) {
        const stale = staleOf.get(p)!;
        emit({
          line: p.line, symbol: p.name, abis: ctx.abis,
          message: `${spelled(p).replace('() ', '() changes its signature: ')}. ${consequenceOf([p])}${staleText(stale, false, ctx.patch)}`,
          suggestion: stale.length > 0 ? convert(stale) : suggestion,
        });
      }
      return;
    }
    const stale = changed.flatMap((p) => staleOf.get(p)!);
    // a conversion (an idmap, a folio) changes dozens at once: one note, the first few spelled out
    emit({
      line: changed[0]!.line,
      symbol: changed[0]!.name,
      abis: ctx.abis,
      message: `${changed.length} functions declared here change their signatures: ${abridged(changed, SHOWN, spelled, (p) => `${p.name}()`).join('; ')}. ${consequenceOf(changed)}${staleText(stale, true, ctx.patch)}`,
      suggestion: stale.length > 0 ? convert(stale) : suggestion,
    });
  },
});

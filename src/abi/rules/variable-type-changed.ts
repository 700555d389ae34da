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
 *
 * A definition (or another `extern` declaration) the series leaves spelling
 * the old type is named: in the files the series touches, as it leaves
 * them, and with a kernel tree in the others (src/abi/interface-users.ts).
 * It does not compile (conflicting types), so each one breaks the build. So
 * are, for a pointer made the object it pointed to (or back), the uses
 * still treating it as the old type (src/abi/diff/variable-uses.ts). A
 * change of qualifiers alone (`struct class` → `const struct class`: code
 * using it compiles as before, though the CRC changes) is said only where
 * such a definition is left: as kabi.function-signature-changed does.
 */
import type { VariableChange } from '../diff/types.ts';
import type { VariableDeclaration } from '../diff/variable-declarations.ts';
import type { StaleVariableUse } from '../diff/variable-uses.ts';
import type { AbiName } from '../layout-types.ts';
import { defineRule } from './rule.ts';
import { abridged, afterWhat, byPlace, describeGroups, groupByValue } from './format.ts';

/** Changed variables spelled out in full; the others are named. */
const SHOWN = 4;

/** Definitions and declarations left with the old type named in full; the others are counted. */
const STALE_SHOWN = 6;

/** The definitions and `extern` declarations of `v` that still spell its old type, in place order. */
function staleDeclarations(v: VariableChange, found: readonly VariableDeclaration[]): VariableDeclaration[] {
  const { before, after } = v.declared;
  if (before === null || before === after) return [];
  return found
    .filter((d) => d.name === v.name && d.type === before)
    .sort(byPlace);
}

/** A change of qualifiers that makes the object itself const (`struct class` → `const struct class`; not a `const` only under a pointer). */
function madeConst(v: VariableChange): boolean {
  const top = (t: string | null) => (t ?? '').replace(/\[[^\]]*\]/g, '').trim();
  const isConst = (t: string) => /\bconst$/.test(t) || (!t.includes('*') && /\bconst\b/.test(t));
  return v.qualifiersOnly && isConst(top(v.declared.after)) && !isConst(top(v.declared.before));
}

/** The uses of `v` still treating it as its old type (a pointer made an object, or back), in place order. */
function staleUses(v: VariableChange, found: readonly StaleVariableUse[]): StaleVariableUse[] {
  if (!v.pointerChange) return [];
  return found.filter((u) => u.name === v.name).sort(byPlace);
}

/** What the uses left treating `v` as its old type do to the build, and their list ('' when there are none); `named`: say whose they are. */
function usesText(v: VariableChange, uses: readonly StaleVariableUse[], named: boolean, patch: number): string {
  if (uses.length === 0) return '';
  const place = (u: StaleVariableUse) => `${u.path}:${u.line}`;
  const how = v.pointerChange === 'pointer-to-object'
    ? `still ${uses.length === 1 ? 'treats' : 'treat'} it as a pointer ${afterWhat(patch)} (passed, assigned, tested or dereferenced as one, it no longer compiles: converted code takes its address, \`&${v.name}\`)`
    : `still ${uses.length === 1 ? 'takes' : 'take'} its address or ${uses.length === 1 ? 'reads a member' : 'read members'} with \`.\` ${afterWhat(patch)} (it is now a pointer: the build breaks)`;
  return ` ${uses.length === 1 ? 'One use' : `${uses.length} uses`}${named ? ` of ${v.name}` : ''} ${how}: ${abridged(uses, STALE_SHOWN, place).join(', ')} (first: \`${uses[0]!.text}\`).`;
}

/** What the stale definitions and declarations do to the build, and their list ('' when there are none); `named`: say whose they are. */
function staleText(stale: readonly VariableDeclaration[], named: boolean, patch: number): string {
  if (stale.length === 0) return '';
  const place = (d: VariableDeclaration) => `${d.path}:${d.line}${named ? ` (${d.name})` : ''}`;
  const who = stale.length === 1
    ? (stale[0]!.kind === 'definition' ? 'The definition still spells' : 'An `extern` declaration still spells')
    : `${stale.length} ${stale.every((d) => d.kind === 'definition') ? 'definitions' : 'definitions and declarations'} still spell`;
  return ` ${who} the old type ${afterWhat(patch)} (conflicting types: the build breaks): ${abridged(stale, STALE_SHOWN, place).join(', ')}.`;
}

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
    const staleOf = new Map(ctx.diff.variables.map((v) => [v, staleDeclarations(v, ctx.variableDeclarations)]));
    const usesOf = new Map(ctx.diff.variables.map((v) => [v, staleUses(v, ctx.variableUses)]));
    // a change of qualifiers alone is said only where it breaks the build (a definition left without them)
    const changed = ctx.diff.variables.filter((v) => !v.qualifiersOnly || staleOf.get(v)!.length > 0);
    if (changed.length === 0) return;
    const spelled = (v: VariableChange) => `${v.name} \`${v.before}\` → \`${v.after}\`${sizesText(v, ctx.abis)}`;
    const crc = 'with CONFIG_MODVERSIONS the symbol\'s CRC changes (genksyms reads qualifiers), so a module built against the old header no longer loads.';
    const consequenceOf = (vs: readonly VariableChange[]) => vs.every((v) => v.qualifiersOnly)
      ? vs.some(madeConst)
        ? `Only qualifiers change: code using it compiles and runs as before, but a module built against the old header that writes to an object now const faults (it may be in read-only memory); ${crc}`
        : `Only qualifiers change: code using it compiles and runs as before; ${crc}`
      : 'In-tree users are rebuilt with the header; a module built against the old one (out-of-tree drivers, kABI-stable distribution kernels) ' +
        'reads and writes the symbol as the old type (with CONFIG_MODVERSIONS the symbol\'s CRC changes and such a module no longer loads).';
    const suggestion = 'Fine in-tree (every user is rebuilt with it); for kABI stability keep the variable as it was and add the new one under a new name.';
    const convert = (stale: readonly VariableDeclaration[], uses: readonly unknown[]) =>
      `Change ${stale.length + uses.length === 1 ? (uses.length === 1 ? 'that use' : stale[0]!.kind === 'definition' ? 'that definition' : 'that declaration') : `these ${stale.length + uses.length} places`} in the same patch as the header (each patch must build); for kABI stability keep the variable as it was and add the new one under a new name.`;
    if (changed.length <= SHOWN) {
      for (const v of changed) {
        const stale = staleOf.get(v)!;
        const uses = usesOf.get(v)!;
        emit({
          line: v.line, symbol: v.name, abis: ctx.abis,
          message: `${spelled(v).replace(' `', v.qualifiersOnly ? ' changes qualifiers: `' : ' changes type: `')}. ${consequenceOf([v])}${staleText(stale, false, ctx.patch)}${usesText(v, uses, false, ctx.patch)}`,
          suggestion: stale.length + uses.length > 0 ? convert(stale, uses) : suggestion,
        });
      }
      return;
    }
    const stale = changed.flatMap((v) => staleOf.get(v)!);
    const uses = changed.flatMap((v) => usesOf.get(v)!);
    const usesSaid = changed.map((v) => usesText(v, usesOf.get(v)!, true, ctx.patch)).join('');
    emit({
      line: changed[0]!.line,
      symbol: changed[0]!.name,
      abis: ctx.abis,
      message: `${changed.length} variables declared here change their types: ${abridged(changed, SHOWN, spelled, (v) => v.name).join('; ')}. ${consequenceOf(changed)}${staleText(stale, true, ctx.patch)}${usesSaid}`,
      suggestion: stale.length + uses.length > 0 ? convert(stale, uses) : suggestion,
    });
  },
});

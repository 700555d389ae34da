/**
 * sizeof and _Alignof of types that hold no record or enum by value: a
 * builtin, a pointer, an array of one, a typedef of one. Their answer
 * depends on the ABI and on the `aligned` attribute of the typedefs named
 * on the way, nothing else of the unit, so a walk that asked only such
 * questions can be replayed wherever they get the same answers
 * (walk-reads.ts): `fds_bits[1024 / (8 * sizeof(long))]` on every ABI with
 * a 64-bit long.
 *
 * Answers are worked out by the layout engine (injected: the front end holds
 * no layout rules) on a model holding just those typedefs, once per ABI,
 * type and typedef alignments.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { CType, TypedefDecl, TypeModel } from '../type-model.ts';
import type { LayoutHooks } from './layout-queries.ts';
import { typeKey } from './type-key.ts';

/** Whether `t`'s size depends on no record or enum of the unit (see above). */
export function holdsNoDeclarations(t: CType): boolean {
  for (;;) {
    switch (t.kind) {
      case 'builtin':
      case 'pointer':
        return true;
      case 'array':
        t = t.of;
        break;
      case 'typedef':
        if (t.unknown) return false;
        t = t.to;
        break;
      default:
        return false;
    }
  }
}

/** The typedef names whose declarations the layout engine looks at for `t` (holdsNoDeclarations). */
export function typedefNamesIn(t: CType): string[] {
  const names: string[] = [];
  for (;;) {
    if (t.kind === 'array') t = t.of;
    else if (t.kind === 'typedef') {
      names.push(t.name);
      t = t.to;
    } else return names;
  }
}

/** `size/align` as a read's answer; `!` when the type has no size. */
export function sizeAnswer(sa: { size: number; align: number } | null): string {
  return sa ? `${sa.size}/${sa.align}` : '!';
}

const answers = new WeakMap<LayoutHooks, Map<string, string>>();

/**
 * The answer for `t` (holdsNoDeclarations) on `abi` where `typedefs` are the
 * declarations in scope, memoised by ABI, type and the typedefs' alignment.
 */
export function abiOnlySizeAnswer(layout: LayoutHooks, t: CType, abi: AbiName, typedefs: ReadonlyMap<string, TypedefDecl>): string {
  const names = typedefNamesIn(t);
  const decls = names.map((n) => typedefs.get(n));
  let key = `${abi}\0${typeKey(t)}`;
  for (const d of decls) key += `\0${d?.attrs.aligned ?? ''}`;
  let memo = answers.get(layout);
  if (!memo) answers.set(layout, (memo = new Map()));
  let answer = memo.get(key);
  if (answer === undefined) {
    const model: TypeModel = { abi, records: [], enums: [], typedefs: decls.filter((d) => d !== undefined), macros: [], functions: [], diagnostics: [] };
    let sa: { size: number; align: number } | null;
    try {
      sa = layout.sizeAlignOf(model, t, abi);
    } catch {
      sa = null;
    }
    memo.set(key, (answer = sizeAnswer(sa)));
  }
  return answer;
}

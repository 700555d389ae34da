/**
 * What must change with the in-kernel interfaces a series changes, gathered
 * once before the passes compare the headers: the functions .c files put in
 * the op slots whose signature changes (op-implementations.ts) and the calls
 * of the functions whose parameter count changes (function-calls.ts). Read
 * in the .c files the series touches as it leaves them (whole files only)
 * and, through the injected tree searches, in the tree's other .c files.
 * kabi.op-signature-changed and kabi.function-signature-changed name those
 * left as they were: each breaks the build.
 */
import type { TypeModel } from '../c/type-model.ts';
import { isWholeImage, type Images } from '../tree/images.ts';
import { changedArities } from './changed-arities.ts';
import { changedOpSlots } from './changed-op-slots.ts';
import { classifyPath } from './classify-path.ts';
import { functionCallsIn, type FunctionCall } from './diff/function-calls.ts';
import { opImplementationsIn, type OpImplementation, type OpSlot } from './diff/op-implementations.ts';

export interface InterfaceUsers {
  implementations: OpImplementation[];
  calls: FunctionCall[];
}

/** The tree's searches (injected IO: src/tree/op-implementations.ts, src/tree/function-calls.ts), outside the files `exclude` lists. */
export interface TreeUserSearch {
  implementations?: (slots: OpSlot[], exclude: ReadonlySet<string>) => OpImplementation[];
  calls?: (names: string[], exclude: ReadonlySet<string>) => FunctionCall[];
}

export function interfaceUsers(
  images: Images,
  touched: ReadonlySet<string>,
  /** The in-kernel model of a touched header at image k (0: the base), null where it is missing. */
  kernelModel: (path: string, k: number) => TypeModel | null,
  end: number,
  tree: TreeUserSearch,
): InterfaceUsers {
  const headers = [...touched].filter((p) => classifyPath(p) === 'kernel-header').map((path) => {
    const text = (k: number) => images.files[path]?.[k]?.text ?? null;
    return { path, before: kernelModel(path, 0), after: kernelModel(path, end), textBefore: text(0), textAfter: text(end) };
  });
  const slots = changedOpSlots(headers);
  const names = changedArities(headers).map((a) => a.name);
  const out: InterfaceUsers = { implementations: [], calls: [] };
  if (slots.length === 0 && names.length === 0) return out;
  for (const path of touched) {
    const image = images.files[path]?.[end];
    if (classifyPath(path) !== 'kernel-source' || !image?.text || !isWholeImage(image)) continue;
    out.implementations.push(...opImplementationsIn(path, image.text, slots));
    out.calls.push(...functionCallsIn(path, image.text, names));
  }
  if (slots.length > 0 && tree.implementations) out.implementations.push(...tree.implementations(slots, touched));
  if (names.length > 0 && tree.calls) out.calls.push(...tree.calls(names, touched));
  return out;
}

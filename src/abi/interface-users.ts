/**
 * What must change with the in-kernel interfaces a series changes, gathered
 * before the passes compare the headers: the functions .c files put in
 * the op slots whose signature changes (op-implementations.ts) and the calls
 * of the functions whose parameter count changes or that now return void
 * (function-calls.ts; in-kernel headers' static inline wrappers and macros
 * call too), the file-scope definitions and `extern` declarations of the
 * variables whose type changes (variable-declarations.ts), and the uses of
 * those made the object they pointed to, or back (variable-uses.ts). Read
 * in the files the series touches as it leaves them (whole files only) and,
 * through the injected tree searches, in the tree's others.
 * kabi.op-signature-changed, kabi.function-signature-changed and
 * kabi.variable-type-changed name those left as they were: each breaks the
 * build.
 */
import type { TypeModel } from '../c/type-model.ts';
import { isWholeImage, type Images } from '../tree/images.ts';
import { changedFunctions } from './changed-functions.ts';
import { changedVariables, type ChangedVariables } from './changed-variables.ts';
import { changedOpSlots } from './changed-op-slots.ts';
import { classifyPath } from './classify-path.ts';
import { functionCallsIn, type FunctionCall } from './diff/function-calls.ts';
import { opImplementationsIn, type OpImplementation, type OpSlot } from './diff/op-implementations.ts';
import { variableDeclarationsIn, type VariableDeclaration } from './diff/variable-declarations.ts';
import { staleVariableUsesIn, type PointerChange, type StaleVariableUse } from './diff/variable-uses.ts';

export interface InterfaceUsers {
  implementations: OpImplementation[];
  calls: FunctionCall[];
  variableDeclarations: VariableDeclaration[];
  variableUses: StaleVariableUse[];
}

/**
 * The tree's searches (injected IO: src/tree/op-implementations.ts,
 * function-calls.ts, variable-declarations.ts, variable-uses.ts), outside
 * the files `exclude` lists.
 */
export interface TreeUserSearch {
  implementations?: (slots: OpSlot[], exclude: ReadonlySet<string>) => OpImplementation[];
  calls?: (names: string[], exclude: ReadonlySet<string>) => FunctionCall[];
  variables?: (names: string[], exclude: ReadonlySet<string>) => VariableDeclaration[];
  variableUses?: (changes: ReadonlyMap<string, PointerChange>, exclude: ReadonlySet<string>) => StaleVariableUse[];
  /** Told all the words the searches above will ask about, before the first is asked (one search can answer them all). */
  prepare?: (words: string[]) => void;
}

/**
 * The users at each image of the series: `usersAt(k)` reads the touched files
 * as image k has them (each pass reads the image it compares to, so a patch
 * that changes an op while a later patch converts the drivers is told what
 * breaks the build between them: each patch must build) and the tree's
 * other files as they are (searched once, for every interface any step of
 * the series changes).
 */
export function interfaceUsers(
  images: Images,
  touched: ReadonlySet<string>,
  /** The in-kernel model of a touched header at image k (0: the base), null where it is missing. */
  kernelModel: (path: string, k: number) => TypeModel | null,
  /** The number of patches: image `end` is the series applied. */
  end: number,
  tree: TreeUserSearch,
): (k: number) => InterfaceUsers {
  const headerPaths = [...touched].filter((p) => classifyPath(p) === 'kernel-header');
  const text = (path: string, k: number) => images.files[path]?.[k]?.text ?? null;
  // what any step changes: each patch, and the series end to end
  const steps = [[0, end], ...Array.from({ length: end > 1 ? end : 0 }, (_, i) => [i, i + 1])];
  const slotsById = new Map<string, OpSlot>();
  const nameSet = new Set<string>();
  const changedVars: ChangedVariables = { respelled: new Set(), pointers: new Map() };
  for (const [from, to] of steps) {
    // one header at a time: an in-kernel header's model holds its whole include closure (10-40 MB),
    // and a series changing a hundred headers ran out of heap holding all of them at once
    for (const path of headerPaths) {
      const headers = [{ path, before: kernelModel(path, from!), after: kernelModel(path, to!), textBefore: text(path, from!), textAfter: text(path, to!) }];
      for (const s of changedOpSlots(headers)) slotsById.set(`${s.tag}.${s.member}`, s);
      for (const name of changedFunctions(headers)) nameSet.add(name);
      changedVariables(headers, changedVars);
    }
  }
  const slots = [...slotsById.values()];
  const names = [...nameSet].sort();
  const variables = [...changedVars.respelled].sort();
  const pointers = changedVars.pointers;
  tree.prepare?.([...new Set(slots.map((s) => s.tag)), ...names, ...variables, ...pointers.keys()]);
  const inTree: InterfaceUsers = {
    implementations: slots.length > 0 && tree.implementations ? tree.implementations(slots, touched) : [],
    calls: names.length > 0 && tree.calls ? tree.calls(names, touched) : [],
    variableDeclarations: variables.length > 0 && tree.variables ? tree.variables(variables, touched) : [],
    variableUses: pointers.size > 0 && tree.variableUses ? tree.variableUses(pointers, touched) : [],
  };
  const at = new Map<number, InterfaceUsers>();
  return (k) => {
    let users = at.get(k);
    if (users) return users;
    users = { implementations: [], calls: [], variableDeclarations: [], variableUses: [] };
    if (slots.length > 0 || names.length > 0 || variables.length > 0 || pointers.size > 0) {
      for (const path of touched) {
        const image = images.files[path]?.[k];
        const scope = classifyPath(path);
        if ((scope !== 'kernel-source' && scope !== 'kernel-header') || !image?.text || !isWholeImage(image)) continue;
        // an in-kernel header's static inline wrappers and macros call too (its declarations are no calls)
        if (scope === 'kernel-source') users.implementations.push(...opImplementationsIn(path, image.text, slots));
        users.calls.push(...functionCallsIn(path, image.text, names));
        users.variableDeclarations.push(...variableDeclarationsIn(path, image.text, variables));
        users.variableUses.push(...staleVariableUsesIn(path, image.text, pointers));
      }
    }
    users.implementations.push(...inTree.implementations);
    users.calls.push(...inTree.calls);
    users.variableDeclarations.push(...inTree.variableDeclarations);
    users.variableUses.push(...inTree.variableUses);
    at.set(k, users);
    return users;
  };
}

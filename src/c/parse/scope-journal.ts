/**
 * A scope's changes in the order a walk made them, as data: a kind per
 * change and its arguments, in two flat arrays. Walk memos and shared walks
 * (walk-memo.ts, shared-walks.ts) keep the changes of thousands of walks for
 * the whole run, and a closure per change cost four to five times the memory
 * (and the garbage collector's time to move it) of an entry here.
 */
import type { EnumDecl, FunctionDef, FunctionProto, RecordDecl, TypedefDecl, TypeModel, VariableDecl } from '../type-model.ts';
import type { IntValue } from './c-integer.ts';
import type { ExtractorScope } from './extractor-scope.ts';

/** The kinds of change: each is the ExtractorScope method of that name, replayed with the same arguments. */
export const Change = {
  addTypedef: 0,
  setTag: 1,
  pushRecord: 2,
  removeRecord: 3,
  pushEnum: 4,
  replace: 5,
  setEnumerator: 6,
  addUnknown: 7,
  addFallback: 8,
  pushFunction: 9,
  pushDiagnostic: 10,
  setAnonAt: 11,
  pushPrototype: 12,
  pushVariable: 13,
} as const;
export type Change = (typeof Change)[keyof typeof Change];

type Diagnostic = TypeModel['diagnostics'][number];

interface Replay {
  args: 1 | 2;
  on(scope: ExtractorScope, a: unknown, b: unknown): void;
}

/** How each kind of change is made again, and how many arguments it takes. */
const REPLAY: Readonly<Record<Change, Replay>> = {
  [Change.addTypedef]: { args: 1, on: (s, a) => s.addTypedef(a as TypedefDecl) },
  [Change.setTag]: { args: 2, on: (s, a, b) => s.setTag(a as string, b as RecordDecl | EnumDecl) },
  [Change.pushRecord]: { args: 1, on: (s, a) => s.pushRecord(a as RecordDecl) },
  [Change.removeRecord]: { args: 1, on: (s, a) => s.removeRecord(a as RecordDecl) },
  [Change.pushEnum]: { args: 1, on: (s, a) => s.pushEnum(a as EnumDecl) },
  [Change.replace]: { args: 2, on: (s, a, b) => s.replace(a as RecordDecl | EnumDecl, b as RecordDecl | EnumDecl) },
  [Change.setEnumerator]: { args: 2, on: (s, a, b) => s.setEnumerator(a as string, b as IntValue) },
  [Change.addUnknown]: { args: 1, on: (s, a) => s.addUnknown(a as string) },
  [Change.addFallback]: { args: 1, on: (s, a) => s.addFallback(a as string) },
  [Change.pushFunction]: { args: 1, on: (s, a) => s.pushFunction(a as FunctionDef) },
  [Change.pushDiagnostic]: { args: 1, on: (s, a) => s.pushDiagnostic(a as Diagnostic) },
  [Change.setAnonAt]: { args: 2, on: (s, a, b) => s.setAnonAt(a as string, b as number) },
  [Change.pushPrototype]: { args: 1, on: (s, a) => s.pushPrototype(a as FunctionProto) },
  [Change.pushVariable]: { args: 1, on: (s, a) => s.pushVariable(a as VariableDecl) },
};

export class ScopeJournal {
  private readonly kinds: Change[] = [];
  /** The arguments of every change, one after the other. */
  private readonly args: unknown[] = [];

  get length(): number {
    return this.kinds.length;
  }

  note(kind: Change, a: unknown, b?: unknown): void {
    this.kinds.push(kind);
    this.args.push(a);
    if (REPLAY[kind].args === 2) this.args.push(b);
  }

  /** Appends `other`'s changes after these. */
  append(other: ScopeJournal): void {
    for (const k of other.kinds) this.kinds.push(k);
    for (const a of other.args) this.args.push(a);
  }

  /** Makes the changes on `scope` (in the state the walk started from), in order. */
  replayOn(scope: ExtractorScope): void {
    const { kinds, args } = this;
    let j = 0;
    for (let i = 0; i < kinds.length; i++) {
      const r = REPLAY[kinds[i]!];
      r.on(scope, args[j], r.args === 2 ? args[j + 1] : undefined);
      j += r.args;
    }
  }
}

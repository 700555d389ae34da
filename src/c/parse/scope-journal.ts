/**
 * A scope's changes in the order a walk made them, as data: a kind per
 * change and its arguments, in two flat arrays. Walk memos and shared walks
 * (walk-memo.ts, shared-walks.ts) keep the changes of thousands of walks for
 * the whole run, and a closure per change cost four to five times the memory
 * (and the garbage collector's time to move it) of an entry here.
 */
import type { EnumDecl, FunctionDef, RecordDecl, TypedefDecl, TypeModel } from '../type-model.ts';
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
} as const;
export type Change = (typeof Change)[keyof typeof Change];

type Diagnostic = TypeModel['diagnostics'][number];

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
    if (kind === Change.setTag || kind === Change.replace || kind === Change.setEnumerator || kind === Change.setAnonAt) this.args.push(b);
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
      switch (kinds[i]) {
        case Change.addTypedef:
          scope.addTypedef(args[j++] as TypedefDecl);
          break;
        case Change.setTag:
          scope.setTag(args[j++] as string, args[j++] as RecordDecl | EnumDecl);
          break;
        case Change.pushRecord:
          scope.pushRecord(args[j++] as RecordDecl);
          break;
        case Change.removeRecord:
          scope.removeRecord(args[j++] as RecordDecl);
          break;
        case Change.pushEnum:
          scope.pushEnum(args[j++] as EnumDecl);
          break;
        case Change.replace:
          scope.replace(args[j++] as RecordDecl | EnumDecl, args[j++] as RecordDecl | EnumDecl);
          break;
        case Change.setEnumerator:
          scope.setEnumerator(args[j++] as string, args[j++] as IntValue);
          break;
        case Change.addUnknown:
          scope.addUnknown(args[j++] as string);
          break;
        case Change.addFallback:
          scope.addFallback(args[j++] as string);
          break;
        case Change.pushFunction:
          scope.pushFunction(args[j++] as FunctionDef);
          break;
        case Change.pushDiagnostic:
          scope.pushDiagnostic(args[j++] as Diagnostic);
          break;
        case Change.setAnonAt:
          scope.setAnonAt(args[j++] as string, args[j++] as number);
          break;
      }
    }
  }
}

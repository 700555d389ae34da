/**
 * What the declaration walk (extract-declarations.ts) knows and has built so
 * far in one translation unit: the model's lists, the names in scope
 * (typedefs, tags, enumerators), the unknown names already reported, the
 * fallback types used and how many anonymous records each place made.
 *
 * Every change goes through a method here, and while `journal` is set each
 * change is also written to it (scope-journal.ts). Replaying the changes of a walk on
 * a scope in the same state gives the same scope without walking again (see
 * walk-memo.ts). For that to hold, declarations already in the scope are
 * never modified: completing a forward declaration, or naming a tagless
 * record by a typedef, puts a modified copy in its place. The objects of a
 * replayed walk are then shared by every model that replays it.
 *
 * The walk also looks names up through methods here; while `reads` is set,
 * each lookup, and each change, is noted there too (walk-reads.ts): what a
 * piece's walk read decides where else its changes may be replayed.
 */
import type { CType, EnumDecl, FunctionDef, FunctionProto, RecordDecl, TypedefDecl, TypeModel, VariableDecl } from '../type-model.ts';
import type { IntValue } from './c-integer.ts';
import { Change, type ScopeJournal } from './scope-journal.ts';
import type { ScopeAnswers, WalkReads } from './walk-reads.ts';

type Diagnostic = TypeModel['diagnostics'][number];

export class ExtractorScope implements ScopeAnswers {
  readonly typedefs = new Map<string, TypedefDecl>();
  readonly tags = new Map<string, RecordDecl | EnumDecl>();
  readonly enumerators = new Map<string, IntValue>();
  readonly unknownNames = new Set<string>();
  readonly fallbackUsed: string[] = [];
  /** Anonymous records and enums made so far, by `file:line` (their ids number them per place). */
  private readonly anonAt = new Map<string, number>();
  /** Where changes are written while a walk is recorded (null: not recording). */
  journal: ScopeJournal | null = null;
  /** Where lookups are noted while a piece's walk is recorded for sharing (null: not recording). */
  reads: WalkReads | null = null;

  constructor(readonly model: TypeModel) {}

  // ---- lookups -----------------------------------------------------------------

  typedef(name: string): TypedefDecl | undefined {
    const d = this.typedefs.get(name);
    this.reads?.typedef(name, d);
    return d;
  }

  /** `struct x` when `t` (through typedefs and arrays) is a record declared but not (yet) defined. */
  incompleteRecord(t: CType): string | null {
    let x = t;
    while (x.kind === 'typedef' || x.kind === 'array') x = x.kind === 'typedef' ? x.to : x.of;
    if (x.kind !== 'record') return null;
    const rec = this.tag(x.id);
    if (!rec || !('members' in rec) || rec.complete) return null;
    return `${rec.kind} ${rec.tag ?? rec.id}`;
  }

  tag(key: string): RecordDecl | EnumDecl | undefined {
    const d = this.tags.get(key);
    this.reads?.tag(key, d);
    return d;
  }

  enumerator(name: string): IntValue | undefined {
    const v = this.enumerators.get(name);
    this.reads?.enumerator(name, v);
    return v;
  }

  /** Whether an unknown type name was already reported in this unit. */
  isUnknown(name: string): boolean {
    const known = this.unknownNames.has(name);
    this.reads?.unknown(name, known);
    return known;
  }

  anonymousAt(where: string): number {
    return this.anonAt.get(where) ?? 0;
  }

  // ---- changes -----------------------------------------------------------------

  addTypedef(decl: TypedefDecl): void {
    this.reads?.wroteTypedef(decl.name);
    this.reads?.madeDeclaration(decl);
    this.typedefs.set(decl.name, decl);
    this.model.typedefs.push(decl);
    this.journal?.note(Change.addTypedef, decl);
  }

  setTag(key: string, decl: RecordDecl | EnumDecl): void {
    this.reads?.wroteTag(key);
    this.tags.set(key, decl);
    this.journal?.note(Change.setTag, key, decl);
  }

  pushRecord(decl: RecordDecl): void {
    this.reads?.madeDeclaration(decl);
    this.model.records.push(decl);
    this.journal?.note(Change.pushRecord, decl);
  }

  /** Takes a record out of the list (a completed forward declaration moves to where it is defined). */
  removeRecord(decl: RecordDecl): void {
    this.reads?.changes(decl);
    const at = this.model.records.lastIndexOf(decl);
    if (at >= 0) this.model.records.splice(at, 1);
    this.journal?.note(Change.removeRecord, decl);
  }

  pushEnum(decl: EnumDecl): void {
    this.reads?.madeDeclaration(decl);
    this.model.enums.push(decl);
    this.journal?.note(Change.pushEnum, decl);
  }

  /** Puts `decl` where `old` stands in the model's list and under every tag naming `old`. */
  replace(old: RecordDecl | EnumDecl, decl: RecordDecl | EnumDecl): void {
    this.reads?.changes(old);
    this.reads?.madeDeclaration(decl);
    for (const key of old.tag !== null ? [old.tag, old.id] : [old.id]) this.reads?.wroteTag(key);
    const list: (RecordDecl | EnumDecl)[] = 'members' in old ? this.model.records : this.model.enums;
    const at = list.lastIndexOf(old);
    if (at >= 0) list[at] = decl;
    for (const key of old.tag !== null ? [old.tag, old.id] : [old.id]) if (this.tags.get(key) === old) this.tags.set(key, decl);
    this.journal?.note(Change.replace, old, decl);
  }

  setEnumerator(name: string, value: IntValue): void {
    this.reads?.wroteEnumerator(name);
    this.enumerators.set(name, value);
    this.journal?.note(Change.setEnumerator, name, value);
  }

  addUnknown(name: string): void {
    this.reads?.wroteUnknown(name);
    this.unknownNames.add(name);
    this.journal?.note(Change.addUnknown, name);
  }

  addFallback(name: string): void {
    this.fallbackUsed.push(name);
    this.journal?.note(Change.addFallback, name);
  }

  pushFunction(def: FunctionDef): void {
    this.model.functions.push(def);
    this.journal?.note(Change.pushFunction, def);
  }

  pushPrototype(proto: FunctionProto): void {
    (this.model.prototypes ??= []).push(proto);
    this.journal?.note(Change.pushPrototype, proto);
  }

  pushVariable(variable: VariableDecl): void {
    (this.model.variables ??= []).push(variable);
    this.journal?.note(Change.pushVariable, variable);
  }

  pushDiagnostic(diag: Diagnostic): void {
    this.model.diagnostics.push(diag);
    this.journal?.note(Change.pushDiagnostic, diag);
  }

  /** The number of the next anonymous record or enum made at `where` (`file:line`), from 1. */
  nextAnon(where: string): number {
    const n = this.anonymousAt(where) + 1;
    this.reads?.anonymous(where, n - 1);
    this.setAnonAt(where, n);
    return n;
  }

  setAnonAt(where: string, n: number): void {
    this.anonAt.set(where, n);
    this.journal?.note(Change.setAnonAt, where, n);
  }

  /** Makes the changes a recorded walk made (this scope must be in the state that walk started from). */
  apply(changes: ScopeJournal): void {
    changes.replayOn(this);
  }
}

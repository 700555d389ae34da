/**
 * Walk reads: what the declaration walk of one piece (a file-scope
 * declaration) asked of anything outside that piece, and what it was told,
 * so that the walk can be replayed in another unit, of the same ABI or
 * another one, whose answers are the same (piece-memo.ts).
 *
 * A walk is a function of its piece and of these answers:
 *   - the names in scope it looked up before declaring them itself: each
 *     typedef's target type, each tag's kind, id and completeness, each
 *     enumerator's value, whether an unknown type name was already reported;
 *   - the ABI facts it used: `long`'s width for an `L` literal or a cast,
 *     char signedness for a character constant, the biggest alignment for a
 *     bare `aligned`, the built-in stand-in of an undeclared kernel type;
 *   - how many anonymous records were made before at each place it makes
 *     one (their ids number them per `file:line`);
 *   - the size and alignment of each type it took sizeof or _Alignof of
 *     (size-reads.ts), checked again on the ABI and declarations at hand.
 * Answers are kept as strings compared by value: the same typedef read from
 * the same header on another ABI is another object with the same meaning.
 * A walk that asked the layout engine anything else (offsetof, a member's
 * type, a sizeof that failed), or changed a declaration it did not make
 * (completing a forward declaration made before it), is not shareable: its
 * result depends on more than these answers.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import { fallbackTypedef } from '../kernel-fallback-types.ts';
import type { CType, EnumDecl, RecordDecl, TypedefDecl } from '../type-model.ts';
import { sizeAnswerFor, sizeDependencies, type SizeDependency } from './size-reads.ts';
import { ABI_INTEGERS, type AbiIntegers } from './abi-integers.ts';
import type { IntValue } from './c-integer.ts';
import type { LayoutHooks } from './layout-queries.ts';
import { typeKey } from './type-key.ts';

export type AbiFact = keyof AbiIntegers;

/** The kinds of read. */
const Read = { Typedef: 0, Tag: 1, Enumerator: 2, Unknown: 3, Fallback: 4, Fact: 5, Anonymous: 6, Size: 7 } as const;
type Read = (typeof Read)[keyof typeof Read];

/** A walk's reads, frozen: parallel arrays (the memo keeps thousands). */
export interface ReadChecks {
  kinds: readonly Read[];
  names: readonly string[];
  answers: readonly (string | number | boolean)[];
  /** Each Size read's type, and the declarations its answer reached that the walk made itself, by its name (the type's key). */
  sized?: ReadonlyMap<string, SizeRead>;
}

export interface SizeRead {
  type: CType;
  own?: ReadonlyMap<string, RecordDecl | EnumDecl | TypedefDecl>;
}

/** What a scope answers, for checking recorded reads against it. */
export interface ScopeAnswers {
  typedefs: ReadonlyMap<string, TypedefDecl>;
  tags: ReadonlyMap<string, RecordDecl | EnumDecl>;
  enumerators: ReadonlyMap<string, IntValue>;
  unknownNames: ReadonlySet<string>;
  anonymousAt(where: string): number;
}

export class WalkReads {
  private readonly kinds: Read[] = [];
  private readonly names: string[] = [];
  private readonly answers: (string | number | boolean)[] = [];
  /** Names already read or written by this walk, one set per kind: later reads of them need no check. */
  private readonly seen: Set<string>[] = Object.values(Read).map(() => new Set<string>());
  /** Declarations this walk made (it may change those). */
  private readonly made = new Set<object>();
  private sized: Map<string, SizeRead> | null = null;
  shareable = true;

  /** Whether this is the walk's first read of `name` (then noted as seen): only first reads are checked. */
  private first(kind: Read, name: string): boolean {
    const seen = this.seen[kind]!;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  }

  private note(kind: Read, name: string, answer: string | number | boolean): void {
    this.kinds.push(kind);
    this.names.push(name);
    this.answers.push(answer);
  }

  private wrote(kind: Read, name: string): void {
    this.seen[kind]!.add(name);
  }

  typedef(name: string, found: TypedefDecl | undefined): void {
    if (this.first(Read.Typedef, name)) this.note(Read.Typedef, name, typedefAnswer(found));
  }

  tag(key: string, found: RecordDecl | EnumDecl | undefined): void {
    if (this.first(Read.Tag, key)) this.note(Read.Tag, key, tagAnswer(found));
  }

  enumerator(name: string, found: IntValue | undefined): void {
    if (this.first(Read.Enumerator, name)) this.note(Read.Enumerator, name, intAnswer(found));
  }

  unknown(name: string, reported: boolean): void {
    if (this.first(Read.Unknown, name)) this.note(Read.Unknown, name, reported);
  }

  fallback(name: string, abi: AbiName, kernel: boolean): void {
    if (this.first(Read.Fallback, name)) this.note(Read.Fallback, name, fallbackAnswer(name, abi, kernel));
  }

  fact(fact: AbiFact, value: number | boolean): void {
    if (this.first(Read.Fact, fact)) this.note(Read.Fact, fact, value);
  }

  /** An anonymous record is made at `where`, after `countBefore` others there (later ones follow from the walk itself). */
  anonymous(where: string, countBefore: number): void {
    if (this.first(Read.Anonymous, where)) this.note(Read.Anonymous, where, countBefore);
  }

  wroteTypedef(name: string): void {
    this.wrote(Read.Typedef, name);
  }

  wroteTag(key: string): void {
    this.wrote(Read.Tag, key);
  }

  wroteEnumerator(name: string): void {
    this.wrote(Read.Enumerator, name);
  }

  wroteUnknown(name: string): void {
    this.wrote(Read.Unknown, name);
  }

  madeDeclaration(decl: object): void {
    this.made.add(decl);
  }

  /**
   * sizeof/_Alignof of `t` answered `answer`, reaching the declarations
   * `deps` (size-reads.ts): those the walk made itself are kept with the
   * read, the rest are looked up again where it is checked.
   */
  size(t: CType, answer: string, deps: readonly SizeDependency[]): void {
    const key = typeKey(t);
    if (!this.first(Read.Size, key)) return;
    let own: Map<string, RecordDecl | EnumDecl | TypedefDecl> | undefined;
    for (const d of deps) if (d.decl && this.made.has(d.decl)) (own ??= new Map()).set(d.key, d.decl);
    this.note(Read.Size, key, answer);
    (this.sized ??= new Map()).set(key, own ? { type: t, own } : { type: t });
  }

  /** The walk did something whose result depends on more than its reads (asked the layout engine about declarations). */
  notShareable(): void {
    this.shareable = false;
  }

  /** The walk changes `decl` (takes it out, or puts a copy in its place). */
  changes(decl: object): void {
    if (!this.made.has(decl)) this.shareable = false;
  }

  frozen(): ReadChecks {
    return { kinds: this.kinds, names: this.names, answers: this.answers, ...(this.sized ? { sized: this.sized } : {}) };
  }
}

/** Whether `scope`, on `abi`, answers every read of `checks` as it was answered when they were recorded. */
export function answersAlike(checks: ReadChecks, scope: ScopeAnswers, abi: AbiName, kernel: boolean, layout?: LayoutHooks): boolean {
  const { kinds, names, answers } = checks;
  const facts = ABI_INTEGERS[abi];
  for (let i = 0; i < kinds.length; i++) {
    const name = names[i]!;
    let now: string | number | boolean;
    switch (kinds[i]!) {
      case Read.Typedef:
        now = typedefAnswer(scope.typedefs.get(name));
        break;
      case Read.Tag:
        now = tagAnswer(scope.tags.get(name));
        break;
      case Read.Enumerator:
        now = intAnswer(scope.enumerators.get(name));
        break;
      case Read.Unknown:
        now = scope.unknownNames.has(name);
        break;
      case Read.Fallback:
        now = fallbackAnswer(name, abi, kernel);
        break;
      case Read.Fact:
        now = facts[name as AbiFact];
        break;
      case Read.Anonymous:
        now = scope.anonymousAt(name);
        break;
      case Read.Size: {
        const read = checks.sized!.get(name)!;
        now = layout ? sizeAnswerFor(layout, read.type, abi, sizeDependencies(read.type, scope, read.own)) : '';
        break;
      }
    }
    if (now !== answers[i]) return false;
  }
  return true;
}

function typedefAnswer(td: TypedefDecl | undefined): string {
  return td ? typeKey(td.type) : '';
}

function tagAnswer(d: RecordDecl | EnumDecl | undefined): string {
  if (!d) return '';
  if ('members' in d) return `${d.kind} ${d.id} ${d.tag ?? ''} ${d.complete ? 1 : 0} ${d.typedefName ?? ''}`;
  return `enum ${d.id} ${d.tag ?? ''} ${d.enumerators.length > 0 ? 1 : 0} ${d.typedefName ?? ''}`;
}

function intAnswer(v: IntValue | undefined): string {
  return v ? `${v.value}/${v.type.bits}${v.type.unsigned ? 'u' : ''}` : '';
}

const fallbackAnswers = new Map<string, string>();

function fallbackAnswer(name: string, abi: AbiName, kernel: boolean): string {
  const key = `${abi}/${kernel}/${name}`;
  let a = fallbackAnswers.get(key);
  if (a === undefined) {
    a = JSON.stringify(fallbackTypedef(name, abi, kernel) ?? null);
    fallbackAnswers.set(key, a);
  }
  return a;
}

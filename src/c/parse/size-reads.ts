/**
 * sizeof and _Alignof as walk reads (walk-reads.ts). A type's size and
 * alignment depend on the ABI and on the declarations its layout reaches:
 * the records and enums it holds by value (through arrays, typedefs and
 * members, not through pointers), and the typedefs on the way (an
 * `aligned` attribute on one changes the answer). A walk that took
 * `sizeof(long)`, or `sizeof(struct in_addr)` of a struct it declared
 * itself, can be replayed wherever those give the same answer.
 *
 * The answer is checked again before a replay, by the layout engine
 * (injected: the front end holds no layout rules), on a model holding just
 * the declarations reached: those the walk itself made before asking (the
 * replay makes the same), the others as the scope at hand has them.
 * Answers are memoised by ABI, type and the identity of those declarations
 * (a replayed walk's declarations are the same objects in every unit).
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { CType, EnumDecl, RecordDecl, TypedefDecl, TypeModel } from '../type-model.ts';
import type { LayoutHooks, LayoutWatch } from './layout-queries.ts';
import { typeKey } from './type-key.ts';
import type { WalkReads } from './walk-reads.ts';

type Decl = RecordDecl | EnumDecl | TypedefDecl;

/** Where declarations are looked up: a scope's names (typedefs by name, records and enums by id). */
export interface SizeLookups {
  typedefs: ReadonlyMap<string, TypedefDecl>;
  tags: ReadonlyMap<string, RecordDecl | EnumDecl>;
}

/** One declaration a size depends on: `t:` name or `r:` id, and what it was (undefined: none). */
export interface SizeDependency {
  key: string;
  decl: Decl | undefined;
}

/**
 * The declarations `t`'s size depends on, in a fixed order, each looked up
 * in `own` first (the declarations a walk made), then in `scope`.
 */
export function sizeDependencies(t: CType, scope: SizeLookups, own?: ReadonlyMap<string, Decl>): SizeDependency[] {
  const deps: SizeDependency[] = [];
  const seen = new Set<string>();
  const visit = (t: CType): void => {
    for (;;) {
      switch (t.kind) {
        case 'array':
          t = t.of;
          continue;
        case 'typedef': {
          const key = `t:${t.name}`;
          if (!seen.has(key)) {
            seen.add(key);
            deps.push({ key, decl: own?.get(key) ?? scope.typedefs.get(t.name) });
          }
          t = t.to;
          continue;
        }
        case 'record':
        case 'enum': {
          const key = `r:${t.id}`;
          if (seen.has(key)) return;
          seen.add(key);
          const decl = own?.get(key) ?? scope.tags.get(t.id);
          deps.push({ key, decl });
          if (decl && 'members' in decl) for (const m of decl.members) visit(m.type);
          return;
        }
        default:
          return;
      }
    }
  };
  visit(t);
  return deps;
}

/** `size/align` as a read's answer; `!` when the type has no size. */
export function sizeAnswer(sa: { size: number; align: number } | null): string {
  return sa ? `${sa.size}/${sa.align}` : '!';
}

const declIds = new WeakMap<object, number>();
let nextDeclId = 1;

function declId(d: object): number {
  let id = declIds.get(d);
  if (id === undefined) declIds.set(d, (id = nextDeclId++));
  return id;
}

/** Answers kept per layout engine; dropped all at once past this many (keys hold declaration identities). */
const MEMO_LIMIT = 50_000;
const answers = new WeakMap<LayoutHooks, Map<string, string>>();

/** The answer for `t` on `abi` given its dependencies (sizeDependencies), memoised. */
export function sizeAnswerFor(layout: LayoutHooks, t: CType, abi: AbiName, deps: readonly SizeDependency[]): string {
  let key = `${abi}\0${typeKey(t)}`;
  for (const d of deps) key += d.decl ? `\0${declId(d.decl)}` : '\0-';
  let memo = answers.get(layout);
  if (!memo || memo.size >= MEMO_LIMIT) answers.set(layout, (memo = new Map()));
  let answer = memo.get(key);
  if (answer === undefined) {
    const model: TypeModel = { abi, records: [], enums: [], typedefs: [], macros: [], functions: [], diagnostics: [] };
    for (const { decl } of deps) {
      if (!decl) continue;
      if ('members' in decl) model.records.push(decl);
      else if ('enumerators' in decl) model.enums.push(decl);
      else model.typedefs.push(decl);
    }
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

/**
 * A walk being recorded took sizeof/_Alignof of `t`, answered `sa`: a size
 * read, unless the check could not reproduce the answer from the scope's
 * declarations (then the walk is not shareable).
 */
export function noteSize(reads: WalkReads, scope: SizeLookups, layout: LayoutHooks, abi: AbiName, t: CType, sa: { size: number; align: number }): void {
  const deps = sizeDependencies(t, scope);
  const answer = sizeAnswer(sa);
  if (sizeAnswerFor(layout, t, abi, deps) === answer) reads.size(t, answer, deps);
  else reads.notShareable();
}

/** What a walk's layout questions tell its reads (scope.reads, while a walk is recorded for sharing). */
export function walkLayoutWatch(scope: SizeLookups & { readonly reads: WalkReads | null }, layout: LayoutHooks | undefined, abi: AbiName): LayoutWatch {
  return {
    asked: () => scope.reads?.notShareable(),
    sized: (t, sa) => {
      if (scope.reads && layout) noteSize(scope.reads, scope, layout, abi, t, sa);
    },
  };
}

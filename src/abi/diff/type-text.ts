/**
 * CType → text, in two flavours: as written (typedef names kept, for messages)
 * and canonical (typedefs resolved, anonymous records spelled out, for
 * deciding whether two declarations have the same type).
 */
import type { CType, RecordDecl, EnumDecl, TypeModel } from '../../c/type-model.ts';

export interface TypeLookup {
  record(id: string): RecordDecl | undefined;
  enumDecl(id: string): EnumDecl | undefined;
}

const lookups = new WeakMap<TypeModel, TypeLookup>();

/** The model's records and enums by id, indexed once per model (rules ask for it pair by pair). */
export function lookupFor(model: TypeModel): TypeLookup {
  let look = lookups.get(model);
  if (!look) lookups.set(model, (look = indexModel(model)));
  return look;
}

function indexModel(model: TypeModel): TypeLookup {
  const records = new Map<string, RecordDecl>();
  for (const r of model.records) {
    const prev = records.get(r.id);
    // A complete definition wins over a forward declaration with the same id.
    if (!prev || (!prev.complete && r.complete)) records.set(r.id, r);
  }
  const enums = new Map(model.enums.map((e) => [e.id, e] as const));
  return { record: (id) => records.get(id), enumDecl: (id) => enums.get(id) };
}

export function recordName(r: RecordDecl): string {
  if (r.tag) return `${r.kind} ${r.tag}`;
  if (r.typedefName) return r.typedefName;
  return `${r.kind} (anon)`;
}

/** The type as a C programmer wrote it (`__u64`, `struct foo *`, `__u32 [4]`). */
export function writtenType(t: CType, look: TypeLookup): string {
  switch (t.kind) {
    case 'void': return 'void';
    case 'builtin': return t.name;
    case 'pointer':
      if (t.to.kind === 'function') return `${writtenType(t.to.returns, look)} (*)(${t.to.params.map((p) => writtenType(p, look)).join(', ')}${t.to.variadic ? ', ...' : ''})`;
      return `${writtenType(t.to, look)} *`;
    case 'array': return `${writtenType(t.of, look)} [${t.length === null ? '' : t.length}]`;
    case 'record': {
      const r = look.record(t.id);
      return r ? recordName(r) : t.id;
    }
    case 'enum': {
      const e = look.enumDecl(t.id);
      return e?.tag ? `enum ${e.tag}` : e?.typedefName ?? 'enum (anon)';
    }
    case 'typedef': return t.name;
    case 'function': return `${writtenType(t.returns, look)} (${t.params.map((p) => writtenType(p, look)).join(', ')})`;
  }
}

/** The type with typedefs resolved; tagless records are spelled out member by member. */
export function canonicalType(t: CType, look: TypeLookup, depth = 0): string {
  switch (t.kind) {
    case 'void': return 'void';
    case 'builtin': return t.name;
    case 'pointer': return `${canonicalType(t.to, look, depth)} *`;
    case 'array': return `${canonicalType(t.of, look, depth)} [${t.length === null ? '' : t.length}]`;
    case 'typedef': return canonicalType(t.to, look, depth);
    case 'enum': {
      const e = look.enumDecl(t.id);
      return e?.tag ? `enum ${e.tag}` : 'enum (anon)';
    }
    case 'record': {
      const r = look.record(t.id);
      if (!r) return t.id;
      if (r.tag) return `${r.kind} ${r.tag}`;
      return spelledRecord(r, look, depth);
    }
    case 'function':
      return `${canonicalType(t.returns, look, depth)} (${t.params.map((p) => canonicalType(p, look, depth)).join(', ')}${t.variadic ? ', ...' : ''})`;
  }
}

/** A record spelled out member by member, as canonicalType spells a tagless one (`struct {__u32 a; __u64 b}`). */
export function spelledRecord(r: RecordDecl, look: TypeLookup, depth = 0): string {
  if (depth > 8) return `${r.kind} {…}`;
  const inner = r.members
    .filter((m) => !m.unknownLines)
    .map((m) => `${canonicalType(m.type, look, depth + 1)} ${m.name ?? ''}${m.bitWidth !== undefined ? `:${m.bitWidth}` : ''}`)
    .join('; ');
  return `${r.kind} {${inner}}`;
}

/** Strips typedefs (not through pointers/arrays). */
export function resolveTypedefs(t: CType): CType {
  let cur = t;
  while (cur.kind === 'typedef') cur = cur.to;
  return cur;
}

/** Typedef names passed through on the way to the real type (`__aligned_u64` → [`__aligned_u64`, `__u64`]). */
export function typedefChain(t: CType): string[] {
  const out: string[] = [];
  let cur = t;
  while (cur.kind === 'typedef') { out.push(cur.name); cur = cur.to; }
  return out;
}

/** A type the front end could not resolve anywhere in it, through pointers and function signatures (an undeclared name). */
export function hasUnresolvedType(t: CType, depth = 0): boolean {
  if (depth > 8) return false;
  switch (t.kind) {
    case 'typedef': return t.unknown === true || hasUnresolvedType(t.to, depth + 1);
    case 'pointer': return hasUnresolvedType(t.to, depth + 1);
    case 'array': return hasUnresolvedType(t.of, depth + 1);
    case 'function': return hasUnresolvedType(t.returns, depth + 1) || t.params.some((p) => hasUnresolvedType(p, depth + 1));
    default: return false;
  }
}

/** True for an array with `[]`, `[0]` or `[1]` bound — the three spellings of a trailing flexible array. */
export function flexSpelling(t: CType): '[]' | '[0]' | '[1]' | null {
  const r = resolveTypedefs(t);
  if (r.kind !== 'array') return null;
  if (r.length === null) return '[]';
  if (r.length === 0) return '[0]';
  if (r.length === 1) return '[1]';
  return null;
}

export function isFunctionPointer(t: CType): boolean {
  const r = resolveTypedefs(t);
  return r.kind === 'pointer' && resolveTypedefs(r.to).kind === 'function';
}

/** A type the front end could not resolve (an unknown name, an array bound it could not evaluate). */
export function hasUnknownType(t: CType): boolean {
  switch (t.kind) {
    case 'typedef': return (t as { unknown?: boolean }).unknown === true || t.name.startsWith('<') || hasUnknownType(t.to);
    case 'pointer': return false;
    case 'array': return hasUnknownType(t.of);
    default: return false;
  }
}

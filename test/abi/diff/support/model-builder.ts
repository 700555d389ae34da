/**
 * Test support: TypeModels written as data, for testing the diff and the rules
 * without the C front end. Line numbers are given explicitly so findings can be
 * checked against them.
 */
import type { Attributes, CType, EnumDecl, MacroDef, Member, RecordDecl, TypeModel, TypedefDecl, FunctionDef } from '../../../../src/c/type-model.ts';

export const FILE = 'include/uapi/linux/demo.h';

export const b = (name: string): CType => ({ kind: 'builtin', name });
export const td = (name: string, to: CType): CType => ({ kind: 'typedef', name, to });
export const ptr = (to: CType): CType => ({ kind: 'pointer', to });
export const arr = (of: CType, length: number | null): CType => ({ kind: 'array', of, length });
export const rec = (id: string): CType => ({ kind: 'record', id });
export const en = (id: string): CType => ({ kind: 'enum', id });
export const fnptr = (returns: CType, params: CType[]): CType => ({ kind: 'pointer', to: { kind: 'function', returns, params, variadic: false } });

export const u8 = td('__u8', b('unsigned char'));
export const u16 = td('__u16', b('unsigned short'));
export const u32 = td('__u32', b('unsigned int'));
export const s32 = td('__s32', b('int'));
export const u64 = td('__u64', b('unsigned long long'));

let line = 1;
export function at(n: number): void { line = n; }

export function m(name: string | null, type: CType, opts: { line?: number; bits?: number; attrs?: Attributes; file?: string } = {}): Member {
  const l = opts.line ?? line++;
  return { name, type, attrs: opts.attrs ?? {}, loc: { file: opts.file ?? FILE, line: l }, text: `${name ?? ''};`, ...(opts.bits !== undefined ? { bitWidth: opts.bits } : {}) };
}

export function unknown(start: number, end: number, file = FILE): Member {
  return { name: null, type: { kind: 'void' }, attrs: {}, loc: { file, line: start }, text: '', unknownLines: { start, end } };
}

export function struct(tag: string | null, members: Member[], opts: { line?: number; kind?: 'struct' | 'union'; id?: string; file?: string; typedefName?: string; attrs?: Attributes } = {}): RecordDecl {
  const kind = opts.kind ?? 'struct';
  const l = opts.line ?? members[0]?.loc.line ?? 1;
  const partial = members.some((x) => x.unknownLines);
  return {
    id: opts.id ?? (tag ? `${kind} ${tag}` : `anon#${l}@${opts.file ?? FILE}`),
    kind,
    tag,
    ...(opts.typedefName ? { typedefName: opts.typedefName } : {}),
    complete: true,
    members,
    attrs: opts.attrs ?? {},
    loc: { file: opts.file ?? FILE, line: l },
    ...(partial ? { partial: true } : {}),
  };
}

export function anonUnion(members: Member[], l: number): { decl: RecordDecl; member: Member } {
  const decl = struct(null, members, { kind: 'union', line: l, id: `anon-union#${l}` });
  return { decl, member: m(null, rec(decl.id), { line: l }) };
}

export function enumDecl(tag: string | null, items: [string, number][], l: number, file = FILE): EnumDecl {
  return {
    id: tag ? `enum ${tag}` : `anon-enum#${l}`,
    tag,
    enumerators: items.map(([name, value], i) => ({ name, value: BigInt(value), loc: { file, line: l + 1 + i } })),
    attrs: {},
    loc: { file, line: l },
  };
}

export function macro(name: string, body: string, l: number, value?: bigint | number, params: string[] | null = null, file = FILE): MacroDef {
  return { name, params, body, ...(value !== undefined ? { value: BigInt(value) } : {}), loc: { file, line: l } };
}

export function typedef(name: string, type: CType, l: number, file = FILE): TypedefDecl {
  return { name, type, attrs: {}, loc: { file, line: l } };
}

export function fn(name: string, text: string, l: number, file = 'drivers/demo/demo.c'): FunctionDef {
  return { name, isStatic: false, returns: b('int'), params: [], text, loc: { file, line: l }, endLine: l + text.split('\n').length - 1 };
}

export function model(abi: string, parts: Partial<Omit<TypeModel, 'abi'>>): TypeModel {
  return { abi, records: [], enums: [], typedefs: [], macros: [], functions: [], diagnostics: [], ...parts };
}

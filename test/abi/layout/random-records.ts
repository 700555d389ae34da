/**
 * fast-check arbitraries for random C records, kept as a small AST that can be
 * printed as C (for GCC) and turned into a TypeModel (for the engine).
 */
import fc from 'fast-check';
import type { Attributes, CType, Member, RecordDecl, TypeModel } from '../../../src/c/type-model.ts';

export type Scalar =
  | 'char' | 'signed char' | 'unsigned char' | 'short' | 'unsigned short' | 'int' | 'unsigned int'
  | 'long' | 'unsigned long' | 'long long' | 'unsigned long long' | '_Bool' | 'float' | 'double' | 'long double';

/** Typedefs every generated file declares (one raises, one lowers alignment) and one enum. */
export const PRELUDE = [
  'typedef unsigned long long al8_t __attribute__((aligned(8)));',
  'typedef int al2_t __attribute__((aligned(2)));',
  'enum pe { PE_A = 1, PE_B = 7 };',
  'enum __attribute__((packed)) pk { PK_A = 1, PK_B = 300 };',
  'enum big { BIG_A = -1, BIG_B = 0x100000000LL };',
  '',
].join('\n');

type FieldType =
  | { t: 'scalar'; name: Scalar }
  | { t: 'ptr' }
  | { t: 'typedef'; name: 'al8_t' | 'al2_t' }
  | { t: 'enum'; tag?: 'pk' | 'big' };

export type Field =
  | { f: 'plain'; type: FieldType; dims: number[]; packed: boolean; aligned: number }
  | { f: 'bits'; type: FieldType; width: number; named: boolean; packed: boolean; aligned: number }
  | { f: 'nested'; rec: Rec; named: boolean; dims: number[] }
  | { f: 'flex'; type: FieldType };

export interface Rec {
  kind: 'struct' | 'union';
  /** `#pragma pack(N)` around the definition (top-level records only; 0 = none). */
  pack: number;
  fields: Field[];
  packed: boolean;
  aligned: number;
}

const BIT_TYPES: { type: FieldType; bits: number }[] = [
  { type: { t: 'scalar', name: 'char' }, bits: 8 },
  { type: { t: 'scalar', name: 'unsigned char' }, bits: 8 },
  { type: { t: 'scalar', name: 'short' }, bits: 16 },
  { type: { t: 'scalar', name: 'unsigned short' }, bits: 16 },
  { type: { t: 'scalar', name: 'int' }, bits: 32 },
  { type: { t: 'scalar', name: 'unsigned int' }, bits: 32 },
  { type: { t: 'scalar', name: 'long' }, bits: 32 },
  { type: { t: 'scalar', name: 'long long' }, bits: 64 },
  { type: { t: 'scalar', name: 'unsigned long long' }, bits: 64 },
  { type: { t: 'scalar', name: '_Bool' }, bits: 1 },
  { type: { t: 'enum' }, bits: 32 },
  { type: { t: 'typedef', name: 'al8_t' }, bits: 64 },
];

const SCALARS: Scalar[] = ['char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int',
  'long', 'unsigned long', 'long long', 'unsigned long long', '_Bool', 'float', 'double', 'long double'];

const fieldType: fc.Arbitrary<FieldType> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...SCALARS).map((name): FieldType => ({ t: 'scalar', name })) },
  { weight: 1, arbitrary: fc.constant<FieldType>({ t: 'ptr' }) },
  { weight: 1, arbitrary: fc.constantFrom<FieldType>({ t: 'typedef', name: 'al8_t' }, { t: 'typedef', name: 'al2_t' }) },
  { weight: 1, arbitrary: fc.constantFrom<FieldType>({ t: 'enum' }, { t: 'enum', tag: 'pk' }, { t: 'enum', tag: 'big' }) },
);

const alignAttr = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 4, 8, 16) });
const dims = fc.oneof({ weight: 5, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }) });

const bitsField: fc.Arbitrary<Field> = fc
  .tuple(fc.constantFrom(...BIT_TYPES), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.nat(3), fc.nat(9), alignAttr)
  .map(([bt, frac, named, packed, zeroPick, aligned]) => {
    const width = zeroPick === 0 ? 0 : Math.max(1, Math.round(frac * bt.bits));
    return { f: 'bits', type: bt.type, width, named: width > 0 && named, packed: packed === 0, aligned: width === 0 ? 0 : aligned };
  });

const plainField: fc.Arbitrary<Field> = fc
  .tuple(fieldType, dims, fc.nat(7), alignAttr)
  .map(([type, d, p, aligned]) => ({ f: 'plain', type, dims: d, packed: p === 0, aligned }));

export function recArb(depth: number, allowFlex: boolean): fc.Arbitrary<Rec> {
  const leaf = fc.oneof({ weight: 3, arbitrary: plainField }, { weight: 3, arbitrary: bitsField });
  const field: fc.Arbitrary<Field> = depth <= 0
    ? leaf
    : fc.oneof(
      { weight: 6, arbitrary: leaf },
      {
        weight: 1,
        arbitrary: fc.tuple(recArb(depth - 1, false), fc.boolean(), dims).map(([rec, named, d]): Field => ({ f: 'nested', rec, named, dims: named ? d : [] })),
      },
    );
  return fc
    .tuple(
      fc.constantFrom<'struct' | 'union'>('struct', 'struct', 'union'),
      fc.array(field, { minLength: 1, maxLength: 7 }),
      fc.nat(6),
      alignAttr,
      allowFlex ? fc.option(fieldType, { freq: 4 }) : fc.constant(null),
      allowFlex ? fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 4, 8) }) : fc.constant(0),
    )
    .map(([kind, fields, p, aligned, flex, pack]) => {
      const fs = [...fields];
      if (kind === 'struct' && flex && fs.some((f) => f.f !== 'bits' || f.named)) fs.push({ f: 'flex', type: flex });
      return { kind, fields: fs, packed: p === 0, aligned, pack };
    });
}

// ---- printing as C -------------------------------------------------------

function typeC(t: FieldType): string {
  switch (t.t) {
    case 'scalar': return t.name;
    case 'ptr': return 'void *';
    case 'typedef': return t.name;
    case 'enum': return `enum ${t.tag ?? 'pe'}`;
  }
}

function attrsC(packed: boolean, aligned: number): string {
  const a: string[] = [];
  if (packed) a.push('packed');
  if (aligned) a.push(`aligned(${aligned})`);
  return a.length ? ` __attribute__((${a.join(', ')}))` : '';
}

export function recordC(r: Rec, tag: string | null, indent = '', counter = { n: 0 }): string {
  const lines: string[] = [];
  for (const f of r.fields) {
    const name = `m${counter.n++}`;
    switch (f.f) {
      case 'plain':
        lines.push(`${indent}  ${typeC(f.type)} ${name}${f.dims.map((d) => `[${d}]`).join('')}${attrsC(f.packed, f.aligned)};`);
        break;
      case 'bits':
        lines.push(`${indent}  ${typeC(f.type)} ${f.named ? name : ''}:${f.width}${attrsC(f.packed, f.aligned)};`);
        break;
      case 'nested':
        lines.push(`${indent}  ${recordC(f.rec, null, `${indent}  `, counter)}${f.named ? ` ${name}${f.dims.map((d) => `[${d}]`).join('')}` : ''};`);
        break;
      case 'flex':
        lines.push(`${indent}  ${typeC(f.type)} ${name}[];`);
        break;
    }
  }
  return `${r.kind}${tag ? ` ${tag}` : ''} {\n${lines.join('\n')}\n${indent}}${attrsC(r.packed, r.aligned)}`;
}

// ---- as a TypeModel ------------------------------------------------------

const NO_ATTRS: Attributes = {};

function attrs(packed: boolean, aligned: number): Attributes {
  return { ...(packed ? { packed: true } : {}), ...(aligned ? { aligned } : {}) };
}

function ctype(t: FieldType): CType {
  switch (t.t) {
    case 'scalar': return { kind: 'builtin', name: t.name };
    case 'ptr': return { kind: 'pointer', to: { kind: 'void' } };
    case 'typedef': return { kind: 'typedef', name: t.name, to: { kind: 'builtin', name: t.name === 'al8_t' ? 'unsigned long long' : 'int' } };
    case 'enum': return { kind: 'enum', id: `enum ${t.tag ?? 'pe'}` };
  }
}

function arrayOf(t: CType, d: number[]): CType {
  return d.reduceRight<CType>((inner, len) => ({ kind: 'array', of: inner, length: len }), t);
}

export function emptyModel(abi: string, file: string): TypeModel {
  const loc = { file, line: 1 };
  return {
    abi,
    records: [],
    enums: [
      { id: 'enum pe', tag: 'pe', enumerators: [{ name: 'PE_A', value: 1n, loc }, { name: 'PE_B', value: 7n, loc }], attrs: NO_ATTRS, loc },
      { id: 'enum pk', tag: 'pk', enumerators: [{ name: 'PK_A', value: 1n, loc }, { name: 'PK_B', value: 300n, loc }], attrs: { packed: true }, loc },
      { id: 'enum big', tag: 'big', enumerators: [{ name: 'BIG_A', value: -1n, loc }, { name: 'BIG_B', value: 0x100000000n, loc }], attrs: NO_ATTRS, loc },
    ],
    typedefs: [
      { name: 'al8_t', type: { kind: 'builtin', name: 'unsigned long long' }, attrs: { aligned: 8 }, loc },
      { name: 'al2_t', type: { kind: 'builtin', name: 'int' }, attrs: { aligned: 2 }, loc },
    ],
    macros: [],
    functions: [],
    diagnostics: [],
  };
}

/** Adds `r` (and its nested records) to the model; returns the record id. */
/** A top-level record as C, inside `#pragma pack` when it has one. */
export function topRecordC(r: Rec, tag: string): string {
  const c = `${recordC(r, tag)};\n`;
  return r.pack ? `#pragma pack(push, ${r.pack})\n${c}#pragma pack(pop)\n` : c;
}

export function addRecord(model: TypeModel, r: Rec, tag: string | null, file: string, line: number, counter = { n: 0 }, pack = r.pack): string {
  const id = tag ? `${r.kind} ${tag}` : `anon#${model.records.length}@${file}:${line}`;
  const loc = { file, line };
  const decl: RecordDecl = { id, kind: r.kind, tag, complete: true, members: [], attrs: attrs(r.packed, r.aligned), loc, ...(pack ? { maxFieldAlign: pack } : {}) };
  model.records.push(decl);
  for (const f of r.fields) {
    const name = `m${counter.n++}`;
    let m: Member;
    switch (f.f) {
      case 'plain':
        m = { name, type: arrayOf(ctype(f.type), f.dims), attrs: attrs(f.packed, f.aligned), loc, text: '' };
        break;
      case 'bits':
        m = { name: f.named ? name : null, type: ctype(f.type), bitWidth: f.width, attrs: attrs(f.packed, f.aligned), loc, text: '' };
        break;
      case 'nested': {
        const child = addRecord(model, f.rec, null, file, line, counter, pack);
        m = { name: f.named ? name : null, type: arrayOf({ kind: 'record', id: child }, f.dims), attrs: NO_ATTRS, loc, text: '' };
        break;
      }
      case 'flex':
        m = { name, type: { kind: 'array', of: ctype(f.type), length: null }, attrs: NO_ATTRS, loc, text: '' };
        break;
    }
    decl.members.push(m);
  }
  return id;
}

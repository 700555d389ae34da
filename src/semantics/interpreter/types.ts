/**
 * The type environment one interpreted run works in: the C types of the
 * extracted code (from src/c TypeModels), record layouts (from src/abi, or
 * injected), and the scalar facts of the ABI. Answers sizeof, integer
 * width/signedness, and where a member lives.
 */
import type { CType, RecordDecl, TypeModel } from '../../c/type-model.ts';
import { isIntegerBuiltin } from '../../c/parse/c-types.ts';
import type { RecordLayout } from '../../abi/layout-types.ts';
import type { ScalarAbi } from './abi-scalars.ts';
import { Unsupported } from './run-errors.ts';

export type LayoutOf = (recordId: string) => RecordLayout;

export interface FieldInfo {
  name: string;
  offset: number;
  type: CType;
  bitOffset?: number;
  bitSize?: number;
}

export interface IntInfo {
  bits: number;
  signed: boolean;
  bool?: boolean;
}

export const INT: CType = { kind: 'builtin', name: 'int' };
export const UINT: CType = { kind: 'builtin', name: 'unsigned int' };
export const LONG: CType = { kind: 'builtin', name: 'long' };
export const ULONG: CType = { kind: 'builtin', name: 'unsigned long' };
export const LLONG: CType = { kind: 'builtin', name: 'long long' };
export const ULLONG: CType = { kind: 'builtin', name: 'unsigned long long' };
export const CHAR: CType = { kind: 'builtin', name: 'char' };
export const UCHAR: CType = { kind: 'builtin', name: 'unsigned char' };
export const BOOL: CType = { kind: 'builtin', name: '_Bool' };
export const VOID: CType = { kind: 'void' };
export const VOID_PTR: CType = { kind: 'pointer', to: VOID };

export function ptrTo(t: CType): CType {
  return { kind: 'pointer', to: t };
}

export class TypeEnv {
  readonly abi: ScalarAbi;
  readonly model: TypeModel;
  private readonly layoutOf: LayoutOf;
  private readonly records = new Map<string, RecordDecl>();
  private readonly typedefs = new Map<string, CType>();
  private readonly enumConsts = new Map<string, bigint>();
  private readonly fieldCache = new Map<string, Map<string, FieldInfo>>();
  private readonly layoutCache = new Map<string, RecordLayout>();

  constructor(model: TypeModel, abi: ScalarAbi, layoutOf: LayoutOf) {
    this.model = model;
    this.abi = abi;
    this.layoutOf = layoutOf;
    for (const r of model.records) {
      const prev = this.records.get(r.id);
      if (!prev || (!prev.complete && r.complete)) this.records.set(r.id, r);
      if (r.typedefName && r.complete) this.typedefs.set(r.typedefName, { kind: 'record', id: r.id });
    }
    for (const t of model.typedefs) if (!this.typedefs.has(t.name)) this.typedefs.set(t.name, t.type);
    for (const e of model.enums) for (const c of e.enumerators) this.enumConsts.set(c.name, c.value);
  }

  record(id: string): RecordDecl | undefined {
    return this.records.get(id);
  }

  /** The record type named by a tag (`struct foo` → its id), preferring a complete definition. */
  recordByTag(tag: string): CType {
    if (this.records.has(tag)) return { kind: 'record', id: tag };
    for (const r of this.records.values()) if (r.tag === tag) return { kind: 'record', id: r.id };
    return { kind: 'record', id: tag };
  }

  typedef(name: string): CType | undefined {
    return this.typedefs.get(name);
  }

  enumConstant(name: string): bigint | undefined {
    return this.enumConsts.get(name);
  }

  layout(id: string): RecordLayout {
    let l = this.layoutCache.get(id);
    if (!l) {
      const r = this.records.get(id);
      if (!r || !r.complete) throw new Unsupported(`struct/union ${id} has no complete definition in the extracted code or the kernel models`);
      if (r.partial) throw new Unsupported(`struct/union ${id} is only partly known (lines of ${r.loc.file} unknown)`);
      l = this.layoutOf(id);
      this.layoutCache.set(id, l);
    }
    return l;
  }

  strip(t: CType): CType {
    while (t.kind === 'typedef') t = t.to;
    return t;
  }

  isInteger(t: CType): boolean {
    const s = this.strip(t);
    return (s.kind === 'builtin' && isIntegerBuiltin(s.name)) || s.kind === 'enum';
  }
  isPointer(t: CType): boolean {
    return this.strip(t).kind === 'pointer';
  }
  isScalar(t: CType): boolean {
    const s = this.strip(t);
    return this.isInteger(s) || s.kind === 'pointer';
  }
  isAggregate(t: CType): boolean {
    const s = this.strip(t);
    return s.kind === 'record' || s.kind === 'array';
  }

  intInfo(t: CType): IntInfo {
    const s = this.strip(t);
    if (s.kind === 'pointer') return { bits: this.abi.pointerBytes * 8, signed: false };
    if (s.kind === 'enum') return { bits: 32, signed: !this.enumIsUnsigned(s.id) };
    if (s.kind !== 'builtin') throw new Unsupported(`not an integer type: ${describeType(t)}`);
    switch (s.name) {
      case '_Bool': return { bits: 8, signed: false, bool: true };
      case 'char': return { bits: 8, signed: this.abi.charSigned };
      case 'signed char': return { bits: 8, signed: true };
      case 'unsigned char': return { bits: 8, signed: false };
      case 'short': return { bits: 16, signed: true };
      case 'unsigned short': return { bits: 16, signed: false };
      case 'int': return { bits: 32, signed: true };
      case 'unsigned int': return { bits: 32, signed: false };
      case 'long': return { bits: this.abi.longBytes * 8, signed: true };
      case 'unsigned long': return { bits: this.abi.longBytes * 8, signed: false };
      case 'long long': return { bits: 64, signed: true };
      case 'unsigned long long': return { bits: 64, signed: false };
      case '__int128': return { bits: 128, signed: true };
      case 'unsigned __int128': return { bits: 128, signed: false };
      default: throw new Unsupported(`floating point (${s.name}) is not interpreted`);
    }
  }

  private enumIsUnsigned(id: string): boolean {
    const e = this.model.enums.find((x) => x.id === id);
    return !!e && e.enumerators.some((c) => c.value > 0x7fffffffn);
  }

  /** Integer conversion rank (C11 6.3.1.1), with width as tiebreak-free key. */
  rank(t: CType): number {
    const s = this.strip(t);
    if (s.kind === 'enum') return 3;
    if (s.kind !== 'builtin') return 0;
    const r: Record<string, number> = {
      _Bool: 0, char: 1, 'signed char': 1, 'unsigned char': 1, short: 2, 'unsigned short': 2,
      int: 3, 'unsigned int': 3, long: 4, 'unsigned long': 4, 'long long': 5, 'unsigned long long': 5,
      __int128: 6, 'unsigned __int128': 6,
    };
    return r[s.name] ?? 3;
  }

  sizeOf(t: CType): number {
    const s = this.strip(t);
    switch (s.kind) {
      case 'void': return 1;
      case 'function': return 1;
      case 'pointer': return this.abi.pointerBytes;
      case 'enum': return 4;
      case 'array': return (s.length ?? 0) * this.sizeOf(s.of);
      case 'record': return this.layout(s.id).size;
      case 'builtin':
        if (s.name === 'float') return 4;
        if (s.name === 'double') return 8;
        if (s.name === 'long double') return this.abi.pointerBytes === 8 ? 16 : 12;
        return this.intInfo(s).bits / 8;
      default: return 1;
    }
  }

  alignOf(t: CType): number {
    const s = this.strip(t);
    if (s.kind === 'array') return this.alignOf(s.of);
    if (s.kind === 'record') return this.layout(s.id).align;
    return Math.min(this.sizeOf(s), this.abi.pointerBytes === 8 ? 16 : 8) || 1;
  }

  /** Members of a record by name, anonymous members flattened, offsets from the record start. */
  fields(recordId: string): Map<string, FieldInfo> {
    let m = this.fieldCache.get(recordId);
    if (m) return m;
    m = new Map();
    const decl = this.records.get(recordId);
    if (!decl) throw new Unsupported(`struct/union ${recordId} is not defined`);
    const lay = this.layout(recordId);
    const named = decl.members.filter((x) => !(x.name === null && x.bitWidth !== undefined));
    if (named.length !== lay.members.length) {
      throw new Unsupported(`layout of ${recordId} lists ${lay.members.length} members, its declaration ${named.length}`);
    }
    named.forEach((mem, i) => {
      const ml = lay.members[i]!;
      if (mem.name === null) {
        const inner = this.strip(mem.type);
        if (inner.kind !== 'record') return;
        for (const f of this.fields(inner.id).values()) {
          m!.set(f.name, {
            ...f,
            offset: ml.offset + f.offset,
            bitOffset: f.bitOffset === undefined ? undefined : f.bitOffset + ml.offset * 8,
          });
        }
      } else {
        m!.set(mem.name, {
          name: mem.name,
          offset: ml.offset,
          type: mem.type,
          bitOffset: ml.bitSize !== undefined ? ml.bitOffset : undefined,
          bitSize: ml.bitSize,
        });
      }
    });
    this.fieldCache.set(recordId, m);
    return m;
  }

  field(t: CType, name: string): FieldInfo {
    const s = this.strip(t);
    if (s.kind !== 'record') throw new Unsupported(`member .${name} of a non-record type ${describeType(t)}`);
    const f = this.fields(s.id).get(name);
    if (!f) throw new Unsupported(`${s.id} has no member ${name}`);
    return f;
  }

  /** Members in declaration order (for initializer lists). */
  orderedFields(recordId: string): FieldInfo[] {
    const decl = this.records.get(recordId);
    if (!decl) throw new Unsupported(`struct/union ${recordId} is not defined`);
    const all = this.fields(recordId);
    const out: FieldInfo[] = [];
    for (const mem of decl.members) {
      if (mem.name === null) {
        const inner = this.strip(mem.type);
        if (inner.kind === 'record' && mem.bitWidth === undefined) {
          const first = this.orderedFields(inner.id)[0];
          if (first) out.push(all.get(first.name)!);
        }
      } else out.push(all.get(mem.name)!);
    }
    return out;
  }
}

export function describeType(t: CType): string {
  switch (t.kind) {
    case 'void': return 'void';
    case 'builtin': return t.name;
    case 'pointer': return `${describeType(t.to)} *`;
    case 'array': return `${describeType(t.of)}[${t.length ?? ''}]`;
    case 'record': return `struct ${t.id}`;
    case 'enum': return `enum ${t.id}`;
    case 'typedef': return t.name;
    case 'function': return `${describeType(t.returns)}(*)(…)`;
  }
}

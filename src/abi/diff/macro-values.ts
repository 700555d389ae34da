/**
 * A macro's integer value on every ABI, with ioctl requests decoded. `_IO*`
 * requests are recomputed here with the ABI's own encoding and `sizeof` from
 * the layout engine; other macros use the value the C front end evaluated, or
 * are evaluated here when it left none.
 */
import type { MacroDef, TypeModel } from '../../c/type-model.ts';
import type { AbiName } from '../layout-types.ts';
import type { LayoutEngine } from './layout-engine.ts';
import type { IoctlNumber, MacroValue } from './types.ts';
import { recordIdWithin } from '../../c/parse/c-types.ts';
import { evalConstExpr } from './const-expr.ts';
import { decodeIoctl, encodeIoctl, parseIoctlBody, type FunctionMacro } from './ioctl-encoding.ts';
import { recordSymbol } from './record-side.ts';

const BUILTIN_NAMES = new Set([
  'char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long', 'unsigned long',
  'long long', 'unsigned long long', '_Bool', 'float', 'double', 'long double',
]);

/**
 * sizeof a type named in source (`struct foo`, `__u32`, `unsigned int`,
 * `struct foo *`); undefined when it has none, null when it is (or holds as
 * the type of a typedef or array) a record the diff shows only part of
 * (diff context): its size is a lower bound, not a value.
 */
export function sizeofTypeText(model: TypeModel, text: string, abi: AbiName, engine: LayoutEngine): number | null | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  try {
    if (/\*$/.test(t)) return engine.sizeAlignOf(model, { kind: 'pointer', to: { kind: 'void' } }, abi).size;
    // an expression, not a type: `_IOW(t, nr, sizeof(struct foo))` takes sizeof(sizeof …), a size_t (unsigned long on Linux)
    if (/^sizeof\b/.test(t)) return engine.sizeAlignOf(model, { kind: 'builtin', name: 'unsigned long' }, abi).size;
    const arr = /^(.*?)\s*\[(\d+)\]$/.exec(t);
    if (arr) {
      const el = sizeofTypeText(model, arr[1], abi, engine);
      return el === undefined || el === null ? el : el * Number(arr[2]);
    }
    const rec = /^(struct|union) (\w+)$/.exec(t);
    if (rec) {
      const r = model.records.find((x) => x.complete && recordSymbol(x) === `${rec[1]} ${rec[2]}`);
      return r ? sizeOfRecord(model, r.id, abi, engine) : undefined;
    }
    if (/^enum \w+$/.test(t)) return 4;
    const normal = t.replace(/^signed (?!char)/, '').replace(/\bunsigned$/, 'unsigned int').replace(/ int$/, (m) => (/^(short|long|long long|unsigned short|unsigned long|unsigned long long) int$/.test(t) ? '' : m));
    if (BUILTIN_NAMES.has(normal)) return engine.sizeAlignOf(model, { kind: 'builtin', name: normal }, abi).size;
    const td = model.typedefs.find((x) => x.name === t);
    if (td) {
      const id = recordIdWithin(td.type);
      if (id !== null && sizeOfRecord(model, id, abi, engine) === null) return null;
      return engine.sizeAlignOf(model, td.type, abi).size;
    }
    const r = model.records.find((x) => x.complete && x.typedefName === t);
    if (r) return sizeOfRecord(model, r.id, abi, engine);
  } catch {
    return undefined;
  }
  return undefined;
}

/** A record's size, null when its layout is partial (see sizeofTypeText). */
function sizeOfRecord(model: TypeModel, id: string, abi: AbiName, engine: LayoutEngine): number | null {
  const l = engine.layoutRecord(model, id, abi);
  return l.partial ? null : l.size;
}

const wrapperTables = new WeakMap<TypeModel, Map<string, FunctionMacro>>();

/** The unit's function-like macros by name (ioctl wrappers such as DRM_IOWR), built once per model. */
function wrappersOf(model: TypeModel): (name: string) => FunctionMacro | undefined {
  let table = wrapperTables.get(model);
  if (!table) {
    table = new Map();
    for (const m of model.macros) if (m.params !== null) table.set(m.name, { params: m.params, body: m.body });
    wrapperTables.set(model, table);
  }
  return (name) => table.get(name);
}

/** A macro body with its whitespace collapsed: how two definitions are compared and quoted. */
export function bodyText(body: string): string {
  return body.replace(/\s+/g, ' ').trim();
}

const SIZE_DEPENDENT = /\b(_IO[RW]*|_IOC|sizeof|_Alignof|__alignof__|offsetof)\b/;

/**
 * Whether `body` may evaluate to something that follows a type's size, so an
 * unchanged text can still change value: it names sizeof or an _IO* encoder,
 * itself or through the function-like macros it calls (DRM_IOWR, a few deep).
 */
export function mayFollowSizeof(body: string, model: TypeModel, depth = 0): boolean {
  if (SIZE_DEPENDENT.test(body)) return true;
  if (depth >= 4) return false;
  const wrappers = wrappersOf(model);
  for (const call of body.matchAll(/\b(\w+)\s*\(/g)) {
    const w = wrappers(call[1]!);
    if (w && mayFollowSizeof(w.body, model, depth + 1)) return true;
  }
  return false;
}

const resolvers = new WeakMap<TypeModel, Map<AbiName, { engine: LayoutEngine; resolve: (name: string) => bigint | undefined }>>();

/** The resolver of names in `model`'s macro bodies on `abi`, built once per model and ABI (a diff asks for each macro). */
function resolverFor(model: TypeModel, abi: AbiName, engine: LayoutEngine): (name: string) => bigint | undefined {
  let perAbi = resolvers.get(model);
  if (!perAbi) resolvers.set(model, (perAbi = new Map()));
  const hit = perAbi.get(abi);
  if (hit && hit.engine === engine) return hit.resolve;
  const resolve = newResolver(model, abi, engine);
  perAbi.set(abi, { engine, resolve });
  return resolve;
}

function newResolver(model: TypeModel, abi: AbiName, engine: LayoutEngine): (name: string) => bigint | undefined {
  const byName = new Map<string, MacroDef>();
  for (const m of model.macros) if (m.params === null) byName.set(m.name, m);
  const enumerators = new Map<string, bigint>();
  for (const e of model.enums) for (const en of e.enumerators) enumerators.set(en.name, en.value);
  const seen = new Set<string>();
  const resolve = (name: string): bigint | undefined => {
    const en = enumerators.get(name);
    if (en !== undefined) return en;
    const d = byName.get(name);
    if (!d) return undefined;
    if (d.value !== undefined) return d.value;
    if (seen.has(name)) return undefined;
    seen.add(name);
    try {
      return evalMacro(d, model, abi, engine, resolve).value;
    } finally {
      seen.delete(name);
    }
  };
  return resolve;
}

function evalMacro(
  def: MacroDef,
  model: TypeModel,
  abi: AbiName,
  engine: LayoutEngine,
  resolve: (name: string) => bigint | undefined,
): { value?: bigint; ioctl?: IoctlNumber } {
  if (def.params !== null) return {};
  const call = parseIoctlBody(def.body, wrappersOf(model));
  if (call) {
    const argType = call.arg !== null && !call.viaIoc ? call.arg.trim().replace(/\s+/g, ' ') : null;
    // Recomputed here from this ABI's encoding and this ABI's sizeof; the front end's value is the fallback.
    let value: bigint | undefined;
    const type = evalConstExpr(call.type, resolve);
    const nr = evalConstExpr(call.nr, resolve);
    const size = call.arg === null ? 0 : call.viaIoc ? evalConstExpr(call.arg, resolve) : sizeofTypeText(model, call.arg, abi, engine);
    // a size the diff does not show: no number, not even the front end's (it counted the part shown)
    if (size === null) return {};
    if (type !== undefined && nr !== undefined && size !== undefined) value = encodeIoctl(abi, call.dir, Number(type), Number(nr), Number(size));
    value ??= def.value;
    if (value === undefined) return {};
    return { value, ioctl: { ...decodeIoctl(abi, value), argType } };
  }
  const value = def.value ?? evalConstExpr(def.body, resolve);
  return value === undefined ? {} : { value };
}

export function macroValue(
  perAbi: Partial<Record<AbiName, { def: MacroDef; model: TypeModel }>>,
  abis: AbiName[],
  engine: LayoutEngine,
): MacroValue | null {
  const present = abis.filter((a) => perAbi[a]);
  if (present.length === 0) return null;
  const out: MacroValue = { def: perAbi[present[0]]!.def, defined: present, values: {} };
  for (const abi of present) {
    const { def, model } = perAbi[abi]!;
    const r = evalMacro(def, model, abi, engine, resolverFor(model, abi, engine));
    if (r.value !== undefined) out.values[abi] = r.value;
    if (r.ioctl) (out.ioctl ??= {})[abi] = r.ioctl;
  }
  return out;
}

/**
 * Every ioctl request `model`'s file defines (an object-like macro whose body
 * is an `_IO*` call, directly or through a wrapper), decoded on `abi`.
 */
export function requestsOf(model: TypeModel, abi: AbiName, engine: LayoutEngine, mine: (file: string) => boolean): { name: string; ioctl: IoctlNumber; line: number }[] {
  const out: { name: string; ioctl: IoctlNumber; line: number }[] = [];
  let resolve: ((name: string) => bigint | undefined) | undefined;
  const wrappers = wrappersOf(model);
  for (const def of model.macros) {
    if (def.params !== null || !mine(def.loc.file) || !parseIoctlBody(def.body, wrappers)) continue;
    resolve ??= resolverFor(model, abi, engine);
    const { ioctl } = evalMacro(def, model, abi, engine, resolve);
    if (ioctl) out.push({ name: def.name, ioctl, line: def.loc.line });
  }
  return out;
}

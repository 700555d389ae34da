/**
 * C expressions over the emulated memory: lvalues, loads and stores (through
 * record layouts, bitfields included), operators (arithmetic in arithmetic.ts,
 * literals in literals.ts), calls, sizeof, casts, compound literals.
 */
import type { CType } from '../../c/type-model.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import { parseExpression } from '../c-syntax.ts';
import { applyDeclarator, typeFromSpecifier } from './declarators.ts';
import type { Frame, Machine } from './machine.ts';
import { Unsupported } from './run-errors.ts';
import { CHAR, INT, LONG, ULONG, ptrTo, describeType } from './types.ts';
import type { Value, ScalarValue } from './values.ts';
import { charLiteral, numberLiteral, stringAddress, stringBytes } from './literals.ts';
import { arith, wrapPtr } from './arithmetic.ts';
import { statementExpression } from './statements.ts';

import { asScalar, commonType, convert, promote, scalar, truthy, wrap, VOID_VALUE } from './values.ts';

export interface LValue {
  addr: bigint;
  t: CType;
  /** Bitfield: bit offset from addr (storage order) and width. */
  bitOffset?: number;
  bitSize?: number;
}

function where(f: Frame, n: SyntaxNode): string {
  return `${f.fn}:${n.startRow + 1}`;
}

// ---------------------------------------------------------------- loads / stores

export function load(m: Machine, lv: LValue): Value {
  const env = m.env;
  const s = env.strip(lv.t);
  if (lv.bitSize !== undefined) {
    const bo = lv.bitOffset!;
    const first = Math.floor(bo / 8);
    const nbytes = Math.floor((bo + lv.bitSize - 1) / 8) - first + 1;
    const raw = m.mem.readUInt(lv.addr + BigInt(first), nbytes);
    const shift = m.mem.opts.littleEndian ? bo % 8 : nbytes * 8 - (bo % 8) - lv.bitSize;
    let v = (raw >> BigInt(shift)) & ((1n << BigInt(lv.bitSize)) - 1n);
    const info = env.intInfo(s);
    if (info.signed) v = BigInt.asIntN(lv.bitSize, v);
    // A bitfield narrower than int promotes to int (C11 6.3.1.1p2).
    return scalar(lv.bitSize < 32 ? INT : lv.t, v);
  }
  if (s.kind === 'array') return scalar(ptrTo(s.of), lv.addr);
  if (s.kind === 'function') return scalar(ptrTo(s), lv.addr);
  if (s.kind === 'record') return { k: 'agg', t: lv.t, bytes: m.mem.read(lv.addr, env.sizeOf(s)).slice() };
  const size = env.sizeOf(s);
  const raw = m.mem.readUInt(lv.addr, size);
  const uninit = m.mem.uninitialised(lv.addr, size);
  if (uninit) m.event('uninitialised-read', `read of uninitialised memory: ${uninit.block.label}${uninit.offset ? ` at offset ${uninit.offset}` : ''}`);
  return scalar(lv.t, wrap(env, lv.t, raw));
}

export function store(m: Machine, lv: LValue, v: Value): void {
  const env = m.env;
  const s = env.strip(lv.t);
  if (lv.bitSize !== undefined) {
    const bo = lv.bitOffset!;
    const first = Math.floor(bo / 8);
    const nbytes = Math.floor((bo + lv.bitSize - 1) / 8) - first + 1;
    const at = lv.addr + BigInt(first);
    const raw = m.mem.readUInt(at, nbytes);
    const shift = BigInt(m.mem.opts.littleEndian ? bo % 8 : nbytes * 8 - (bo % 8) - lv.bitSize);
    const mask = ((1n << BigInt(lv.bitSize)) - 1n) << shift;
    const val = (BigInt.asUintN(lv.bitSize, asScalar(v, 'bitfield value').v) << shift) & mask;
    m.mem.writeUInt(at, nbytes, (raw & ~mask) | val);
    return;
  }
  if (s.kind === 'record' || s.kind === 'array') {
    if (v.k !== 'agg') throw new Unsupported(`assigning a scalar to ${describeType(lv.t)}`);
    m.mem.write(lv.addr, v.bytes.subarray(0, env.sizeOf(s)));
    return;
  }
  const c = convert(env, v, lv.t) as ScalarValue;
  m.mem.writeUInt(lv.addr, env.sizeOf(s), c.v);
}

// ---------------------------------------------------------------- type names

export function typeName(m: Machine, f: Frame, node: SyntaxNode): CType {
  // type_descriptor: type + optional abstract declarator
  const spec = node.childForFieldName('type');
  if (!spec) throw new Unsupported(`type name ${node.text}`);
  const base = typeFromSpecifier(m.env, spec);
  return applyDeclarator(m.env, base, node.childForFieldName('declarator'), (e) => asScalar(evalExpr(m, f, e), 'array size').v).type;
}

// ---------------------------------------------------------------- static types (no evaluation)

export function staticType(m: Machine, f: Frame, n: SyntaxNode): CType {
  const env = m.env;
  switch (n.type) {
    case 'parenthesized_expression':
      return staticType(m, f, n.namedChildren[0]!);
    case 'identifier': {
      const variable = f.lookup(n.text) ?? m.global(n.text);
      if (variable) return variable.t;
      if (env.enumConstant(n.text) !== undefined) return INT;
      if (m.isFunctionName(n.text)) return { kind: 'function', returns: INT, params: [], variadic: true };
      const v = evalExpr(m, f, n); // an object-like macro
      return v.k === 'void' ? { kind: 'void' } : v.t;
    }
    case 'field_expression': {
      const arg = n.childForFieldName('argument')!;
      const op = n.child(1)!.text;
      let at = staticType(m, f, arg);
      if (op === '->') {
        const s = env.strip(at);
        if (s.kind !== 'pointer' && s.kind !== 'array') throw new Unsupported(`-> on a non-pointer in ${n.text}`);
        at = s.kind === 'pointer' ? s.to : s.of;
      }
      return env.field(at, n.childForFieldName('field')!.text).type;
    }
    case 'pointer_expression': {
      const op = n.child(0)!.text;
      const at = staticType(m, f, n.childForFieldName('argument')!);
      if (op === '&') return ptrTo(at);
      return elementType(env.strip(at), `* of a non-pointer in ${n.text}`);
    }
    case 'subscript_expression':
      return elementType(env.strip(staticType(m, f, n.childForFieldName('argument')!)), `subscript of a non-pointer in ${n.text}`);
    case 'cast_expression':
    case 'compound_literal_expression':
      return typeName(m, f, n.childForFieldName('type')!);
    case 'string_literal':
      return { kind: 'array', of: CHAR, length: stringBytes(n).length };
    default: {
      // Anything else: its value's type. Only side-effect-free expressions reach here in sizeof.
      const v = evalExpr(m, f, n);
      if (v.k === 'void') return { kind: 'void' };
      return v.t;
    }
  }
}

/** What a pointer points to, or an array's element type. */
function elementType(s: CType, unsupported: string): CType {
  if (s.kind === 'pointer') return s.to;
  if (s.kind === 'array') return s.of;
  throw new Unsupported(unsupported);
}

// ---------------------------------------------------------------- lvalues

export function evalLValue(m: Machine, f: Frame, n: SyntaxNode): LValue {
  const env = m.env;
  switch (n.type) {
    case 'parenthesized_expression':
      return evalLValue(m, f, n.namedChildren[0]!);
    case 'identifier': {
      const v = f.lookup(n.text) ?? m.global(n.text);
      if (v) return { addr: v.addr, t: v.t };
      if (m.isFunctionName(n.text)) {
        return { addr: m.funcAddr(n.text), t: { kind: 'function', returns: INT, params: [], variadic: true } };
      }
      throw new Unsupported(`unknown identifier ${n.text} in ${where(f, n)}`);
    }
    case 'field_expression': {
      const arg = n.childForFieldName('argument')!;
      const op = n.child(1)!.text;
      const name = n.childForFieldName('field')!.text;
      let base: LValue;
      if (op === '->') {
        const p = asScalar(evalExpr(m, f, arg), `${arg.text}`);
        const s = env.strip(p.t);
        if (s.kind !== 'pointer') throw new Unsupported(`-> on ${describeType(p.t)} in ${where(f, n)}`);
        base = { addr: p.v, t: s.to };
      } else base = evalLValue(m, f, arg);
      const fi = env.field(base.t, name);
      if (fi.bitSize !== undefined) return { addr: base.addr, t: fi.type, bitOffset: fi.bitOffset, bitSize: fi.bitSize };
      return { addr: base.addr + BigInt(fi.offset), t: fi.type };
    }
    case 'pointer_expression': {
      if (n.child(0)!.text !== '*') throw new Unsupported(`&… is not an lvalue: ${n.text}`);
      const p = asScalar(evalExpr(m, f, n.childForFieldName('argument')!), n.text);
      const s = env.strip(p.t);
      if (s.kind !== 'pointer') throw new Unsupported(`* of ${describeType(p.t)} in ${where(f, n)}`);
      return { addr: p.v, t: s.to };
    }
    case 'subscript_expression': {
      let a = asScalar(evalExpr(m, f, n.childForFieldName('argument')!), 'subscripted value');
      let i = asScalar(evalExpr(m, f, n.childForFieldName('index')!), 'subscript');
      if (env.strip(a.t).kind !== 'pointer') [a, i] = [i, a];
      const s = env.strip(a.t);
      if (s.kind !== 'pointer') throw new Unsupported(`subscript of ${describeType(a.t)}`);
      const idx = env.intInfo(i.t).signed ? i.v : i.v;
      return { addr: wrapPtr(m, a.v + idx * BigInt(env.sizeOf(s.to))), t: s.to };
    }
    case 'compound_literal_expression': {
      const t = typeName(m, f, n.childForFieldName('type')!);
      const block = m.mem.allocate(env.sizeOf(t), 'kernel', 'stack', `compound literal in ${f.fn}`);
      f.blocks.push(block);
      initialize(m, f, block.base, t, n.childForFieldName('value')!);
      return { addr: block.base, t };
    }
    case 'string_literal':
    case 'concatenated_string': {
      const addr = stringAddress(m, n);
      return { addr, t: { kind: 'array', of: CHAR, length: stringBytes(n).length } };
    }
    case 'call_expression': {
      // A call returning a struct used as an lvalue base (f().x): materialise a temporary.
      const v = evalExpr(m, f, n);
      if (v.k !== 'agg') throw new Unsupported(`call result used as an lvalue: ${n.text}`);
      const block = m.mem.allocate(v.bytes.length, 'kernel', 'stack', `temporary in ${f.fn}`);
      f.blocks.push(block);
      m.mem.write(block.base, v.bytes);
      return { addr: block.base, t: v.t };
    }
    default:
      throw new Unsupported(`not an lvalue: ${n.type} ${n.text}`);
  }
}

// ---------------------------------------------------------------- rvalues

export function evalExpr(m: Machine, f: Frame, n: SyntaxNode): Value {
  const env = m.env;
  switch (n.type) {
    case 'number_literal':
      return numberLiteral(m, n.text);
    case 'char_literal':
      return scalar(INT, charLiteral(n));
    case 'true':
      return scalar(INT, 1n);
    case 'false':
      return scalar(INT, 0n);
    case 'null':
      return scalar(ptrTo({ kind: 'void' }), 0n);
    case 'string_literal':
    case 'concatenated_string':
      return scalar(ptrTo(CHAR), stringAddress(m, n));
    case 'parenthesized_expression': {
      const inner = n.namedChildren[0]!;
      return inner.type === 'compound_statement' ? statementExpression(m, f, inner) : evalExpr(m, f, inner);
    }
    case 'identifier':
      return identifier(m, f, n);
    case 'field_expression':
    case 'subscript_expression':
    case 'compound_literal_expression':
      return load(m, evalLValue(m, f, n));
    case 'pointer_expression': {
      const op = n.child(0)!.text;
      const arg = n.childForFieldName('argument')!;
      if (op === '&') {
        const lv = evalLValue(m, f, arg);
        if (lv.bitSize !== undefined) throw new Unsupported(`address of bitfield ${arg.text}`);
        return scalar(ptrTo(lv.t), lv.addr);
      }
      return load(m, evalLValue(m, f, n));
    }
    case 'unary_expression':
      return unary(m, f, n);
    case 'binary_expression':
      return binary(m, f, n);
    case 'assignment_expression':
      return assignment(m, f, n);
    case 'update_expression':
      return update(m, f, n);
    case 'conditional_expression': {
      const condition = evalExpr(m, f, n.childForFieldName('condition')!);
      const cons = n.childForFieldName('consequence');
      const alt = n.childForFieldName('alternative')!;
      if (truthy(condition)) {
        // GNU `x ?: y`: x is evaluated once, and is the value
        const a = cons ? evalExpr(m, f, cons) : condition;
        return conditionalResult(m, f, a, alt);
      }
      const b = evalExpr(m, f, alt);
      return conditionalResult(m, f, b, cons ?? alt);
    }
    case 'comma_expression': {
      evalExpr(m, f, n.childForFieldName('left')!);
      return evalExpr(m, f, n.childForFieldName('right')!);
    }
    case 'cast_expression': {
      const t = typeName(m, f, n.childForFieldName('type')!);
      const v = evalExpr(m, f, n.childForFieldName('value')!);
      return convert(env, v, t);
    }
    case 'sizeof_expression': {
      const tn = n.childForFieldName('type');
      const t = tn ? typeName(m, f, tn) : staticType(m, f, n.childForFieldName('value')!);
      return scalar(ULONG, BigInt(env.sizeOf(t)));
    }
    case 'alignof_expression': {
      const t = typeName(m, f, n.childForFieldName('type')!);
      return scalar(ULONG, BigInt(env.alignOf(t)));
    }
    case 'offsetof_expression': {
      const t = typeName(m, f, n.childForFieldName('type')!);
      const member = n.childForFieldName('member')!;
      return scalar(ULONG, BigInt(env.field(t, member.text).offset));
    }
    case 'call_expression':
      return Calls.call(m, f, n);
    case 'initializer_list':
      throw new Unsupported(`initializer list outside a declaration: ${n.text.slice(0, 60)}`);
    default:
      throw new Unsupported(`expression syntax ${n.type}: ${n.text.slice(0, 80)} (${where(f, n)})`);
  }
}

function conditionalResult(m: Machine, f: Frame, chosen: Value, other: SyntaxNode): Value {
  // The result type of ?: for two arithmetic operands is their common type.
  if (chosen.k !== 'scalar' || m.env.isPointer(chosen.t)) return chosen;
  let ot: CType;
  try {
    ot = staticTypeNoEval(m, f, other) ?? chosen.t;
  } catch {
    ot = chosen.t;
  }
  if (!m.env.isInteger(ot)) return chosen;
  return convert(m.env, chosen, commonType(m.env, chosen.t, ot));
}

/** The type of an expression when it can be known without side effects, else null. */
function staticTypeNoEval(m: Machine, f: Frame, n: SyntaxNode): CType | null {
  switch (n.type) {
    case 'number_literal': return numberLiteral(m, n.text).t;
    case 'char_literal': return INT;
    case 'identifier': case 'field_expression': case 'subscript_expression': case 'cast_expression':
    case 'parenthesized_expression':
      return staticType(m, f, n);
    case 'sizeof_expression': return ULONG;
    default: return null;
  }
}

function identifier(m: Machine, f: Frame, n: SyntaxNode): Value {
  const name = n.text;
  const v = f.lookup(name) ?? m.global(name);
  if (v) return load(m, { addr: v.addr, t: v.t });
  const e = m.env.enumConstant(name);
  if (e !== undefined) return scalar(INT, e);
  if (m.isFunctionName(name)) {
    return scalar(ptrTo({ kind: 'function', returns: INT, params: [], variadic: true }), m.funcAddr(name));
  }
  const macro = m.macros.get(name);
  if (macro && macro.params === null) {
    if (macro.value !== undefined) return scalar(macro.value > 0x7fffffffn || macro.value < -0x80000000n ? LONG : INT, macro.value);
    return evalMacroBody(m, f, macro.body, name);
  }
  throw new Unsupported(`unknown identifier ${name} (${where(f, n)})`);
}

const macroDepth = { n: 0 };
export function evalMacroBody(m: Machine, f: Frame, body: string, name: string): Value {
  if (macroDepth.n > 32) throw new Unsupported(`macro ${name} expands recursively`);
  let expr: SyntaxNode;
  try {
    expr = parseExpression(body);
  } catch {
    throw new Unsupported(`macro ${name} does not expand to an expression: ${body.slice(0, 60)}`);
  }
  macroDepth.n++;
  try {
    return evalExpr(m, f, expr);
  } finally {
    macroDepth.n--;
  }
}

function unary(m: Machine, f: Frame, n: SyntaxNode): Value {
  const env = m.env;
  const op = n.child(0)!.text;
  const v = asScalar(evalExpr(m, f, n.childForFieldName('argument')!), n.text);
  if (op === '!') return scalar(INT, v.v === 0n ? 1n : 0n);
  const t = promote(env, v.t);
  const x = wrap(env, t, v.v);
  if (op === '-') return scalar(t, wrap(env, t, -x));
  if (op === '+') return scalar(t, x);
  if (op === '~') return scalar(t, wrap(env, t, ~x));
  throw new Unsupported(`unary operator ${op}`);
}

function binary(m: Machine, f: Frame, n: SyntaxNode): Value {
  const op = n.childForFieldName('operator')!.text;
  const left = n.childForFieldName('left')!;
  const right = n.childForFieldName('right')!;
  if (op === '&&') {
    if (!truthy(evalExpr(m, f, left))) return scalar(INT, 0n);
    return scalar(INT, truthy(evalExpr(m, f, right)) ? 1n : 0n);
  }
  if (op === '||') {
    if (truthy(evalExpr(m, f, left))) return scalar(INT, 1n);
    return scalar(INT, truthy(evalExpr(m, f, right)) ? 1n : 0n);
  }
  const a = asScalar(evalExpr(m, f, left), left.text);
  const b = asScalar(evalExpr(m, f, right), right.text);
  return arith(m, op, a, b, where(f, n));
}

function assignment(m: Machine, f: Frame, n: SyntaxNode): Value {
  const op = n.childForFieldName('operator')!.text;
  const lv = evalLValue(m, f, n.childForFieldName('left')!);
  const rhs = evalExpr(m, f, n.childForFieldName('right')!);
  let v: Value;
  if (op === '=') v = rhs;
  else {
    const cur = asScalar(load(m, lv), 'compound assignment target');
    v = arith(m, op.slice(0, -1), cur, asScalar(rhs, 'compound assignment value'), where(f, n));
  }
  store(m, lv, v);
  return load(m, lv);
}

function update(m: Machine, f: Frame, n: SyntaxNode): Value {
  const op = n.childForFieldName('operator')!.text;
  const argNode = n.childForFieldName('argument')!;
  const lv = evalLValue(m, f, argNode);
  const cur = asScalar(load(m, lv), argNode.text);
  const next = arith(m, op === '++' ? '+' : '-', cur, scalar(INT, 1n), where(f, n));
  store(m, lv, next);
  const prefix = n.child(0)!.type === '++' || n.child(0)!.type === '--';
  return prefix ? load(m, lv) : cur;
}

// ---------------------------------------------------------------- initializers

export function zero(m: Machine, addr: bigint, t: CType): void {
  const size = m.env.sizeOf(t);
  if (size) m.mem.write(addr, new Uint8Array(size));
}

/** Initialise the object at addr of type t from an initializer (list, string, or expression). */
export function initialize(m: Machine, f: Frame, addr: bigint, t: CType, init: SyntaxNode): void {
  const env = m.env;
  const s = env.strip(t);
  if (init.type === 'initializer_list') {
    zero(m, addr, t);
    if (s.kind === 'record') initRecord(m, f, addr, s.id, init);
    else if (s.kind === 'array') initArray(m, f, addr, s.of, init);
    else {
      const first = init.namedChildren[0];
      if (first) initialize(m, f, addr, t, first);
    }
    return;
  }
  if (s.kind === 'array' && (init.type === 'string_literal' || init.type === 'concatenated_string')) {
    const bytes = stringBytes(init);
    m.mem.write(addr, bytes.subarray(0, env.sizeOf(s)));
    return;
  }
  store(m, { addr, t }, evalExpr(m, f, init));
}

/** Where a designator chain (`.a.b`, `[2].z`) leads from (addr, t). */
function designated(m: Machine, f: Frame, addr: bigint, t: CType, designators: SyntaxNode[]): { addr: bigint; t: CType; bit?: { offset: number; size: number } } {
  let at = addr;
  let ty = t;
  for (const d of designators) {
    const s = m.env.strip(ty);
    if (d.type === 'field_designator') {
      const fi = m.env.field(s, d.namedChildren[0]!.text);
      if (fi.bitSize !== undefined) return { addr: at, t: fi.type, bit: { offset: fi.bitOffset!, size: fi.bitSize } };
      at += BigInt(fi.offset);
      ty = fi.type;
    } else if (d.type === 'subscript_designator') {
      if (s.kind !== 'array') throw new Unsupported(`[index] designator on ${describeType(ty)}`);
      const i = asScalar(evalExpr(m, f, d.namedChildren[0]!), 'array designator').v;
      at += i * BigInt(m.env.sizeOf(s.of));
      ty = s.of;
    } else throw new Unsupported(`designator ${d.text}`);
  }
  return { addr: at, t: ty };
}

/**
 * Initialise one element from one item. An expression for an aggregate
 * element initialises its first scalar (brace elision, as in `{ 0 }`).
 */
function initElement(m: Machine, f: Frame, addr: bigint, t: CType, bit: { offset: number; size: number } | undefined, value: SyntaxNode): void {
  if (bit) {
    store(m, { addr, t, bitOffset: bit.offset, bitSize: bit.size }, evalExpr(m, f, value));
    return;
  }
  const s = m.env.strip(t);
  const isList = value.type === 'initializer_list' || value.type === 'string_literal' || value.type === 'concatenated_string';
  if (!isList && (s.kind === 'record' || s.kind === 'array')) {
    const v = s.kind === 'record' ? evalExpr(m, f, value) : null;
    if (v && v.k === 'agg') {
      store(m, { addr, t }, v);
      return;
    }
    const first = s.kind === 'array' ? { offset: 0, type: s.of, bitOffset: undefined, bitSize: undefined } : m.env.orderedFields(s.id)[0];
    if (!first) return;
    const firstBit = first.bitSize !== undefined ? { offset: first.bitOffset!, size: first.bitSize } : undefined;
    if (v) {
      const lv = firstBit ? { addr, t: first.type, bitOffset: firstBit.offset, bitSize: firstBit.size } : { addr: addr + BigInt(first.offset), t: first.type };
      store(m, lv, v);
      return;
    }
    initElement(m, f, addr + BigInt(first.offset), first.type, firstBit, value);
    return;
  }
  initialize(m, f, addr, t, value);
}

function initRecord(m: Machine, f: Frame, addr: bigint, id: string, list: SyntaxNode): void {
  const env = m.env;
  const t: CType = { kind: 'record', id };
  const ordered = env.orderedFields(id);
  let next = 0;
  for (const item of list.namedChildren) {
    if (item.type === 'comment') continue;
    if (item.type === 'initializer_pair') {
      const designators = item.childrenForFieldName('designator');
      const d0 = designators[0]!;
      if (d0.type === 'field_designator') next = ordered.findIndex((x) => x.name === d0.namedChildren[0]!.text) + 1;
      const at = designated(m, f, addr, t, designators);
      initElement(m, f, at.addr, at.t, at.bit, item.childForFieldName('value')!);
      continue;
    }
    const fi = ordered[next++];
    if (!fi) throw new Unsupported(`too many initializers for struct ${id}`);
    const bit = fi.bitSize !== undefined ? { offset: fi.bitOffset!, size: fi.bitSize } : undefined;
    initElement(m, f, bit ? addr : addr + BigInt(fi.offset), fi.type, bit, item);
  }
}

function initArray(m: Machine, f: Frame, addr: bigint, of: CType, list: SyntaxNode): void {
  const size = BigInt(m.env.sizeOf(of));
  const arrayType: CType = { kind: 'array', of, length: null };
  let idx = 0n;
  for (const item of list.namedChildren) {
    if (item.type === 'comment') continue;
    if (item.type === 'initializer_pair') {
      const designators = item.childrenForFieldName('designator');
      const d0 = designators[0]!;
      if (d0.type !== 'subscript_designator') throw new Unsupported(`array designator ${d0.text}`);
      idx = asScalar(evalExpr(m, f, d0.namedChildren[0]!), 'array designator').v;
      const at = designated(m, f, addr, arrayType, designators);
      initElement(m, f, at.addr, at.t, at.bit, item.childForFieldName('value')!);
      idx++;
      continue;
    }
    initElement(m, f, addr + idx * size, of, undefined, item);
    idx++;
  }
}

// ---------------------------------------------------------------- calls (filled by calls.ts)

export const Calls: { call: (m: Machine, f: Frame, n: SyntaxNode) => Value } = {
  call: () => VOID_VALUE,
};


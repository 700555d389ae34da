/**
 * Evaluates integer constant expressions given as tree-sitter-c nodes: array
 * sizes (`[2 * FOO]`, `[sizeof(struct x)]`), bit widths, enumerator values,
 * aligned(N) arguments and macro expansions. Types, enumerators and sizes come
 * from the caller (the TypeModel being built and the layout engine).
 */
import type { CType } from '../type-model.ts';
import type { AbiIntegers } from './abi-integers.ts';
import {
  INT,
  NotConstant,
  binary,
  make,
  parseCharLiteral,
  parseIntegerLiteral,
  unary,
  type IntType,
  type IntValue,
} from './c-integer.ts';
import { stripTypedefs } from './c-types.ts';
import { foldBuiltin, isConstBuiltin } from './const-builtins.ts';
import { designatorSteps, type DesignatorStep } from './member-designators.ts';
import { parseC, type SyntaxNode } from './tree-sitter-c.ts';

export interface EvalContext {
  abi: AbiIntegers;
  /** Told which of `abi`'s facts a value depended on (for sharing a walk across ABIs, see walk-reads.ts). */
  uses?(fact: keyof AbiIntegers): void;
  /** Value of an enumerator in scope. */
  enumerator(name: string): IntValue | undefined;
  /** The type a typedef name stands for, or undefined when `name` is not a typedef. */
  typedefNamed(name: string): CType | undefined;
  /** The type a `type_descriptor` node names. */
  typeOf(descriptor: SyntaxNode): CType;
  /** Integer type of a CType (through typedefs, enums, pointers), null if not an integer. */
  intTypeOf(type: CType): IntType | null;
  sizeAlignOf(type: CType): { size: number; align: number };
  offsetOf(record: CType, member: string): number;
  /** Type of a member of a record type (searching anonymous members), or undefined. */
  memberType(record: CType, member: string): CType | undefined;
}

export function sizeType(abi: AbiIntegers): IntType {
  return { bits: abi.longBits, unsigned: true };
}

export function evaluate(node: SyntaxNode, ctx: EvalContext): IntValue {
  switch (node.type) {
    case 'number_literal': {
      // tree-sitter-c folds a leading sign into the literal (`-1L`)
      const text = node.text.replace(/\s+/g, '');
      const sign = text[0] === '-' || text[0] === '+' ? text[0] : null;
      const v = parseIntegerLiteral(sign ? text.slice(1) : text, ctx.abi);
      // only a literal with one `l` can take long's width: without it a value too big for int is 64-bit on every ABI
      if (ctx.uses && /^[^lL]*[lL][^lL]*$/.test(text)) ctx.uses('longBits');
      if (!v) throw new NotConstant(`'${node.text}' is not an integer constant`);
      return sign ? unary(sign, v) : v;
    }
    case 'char_literal': {
      const v = parseCharLiteral(node.text, ctx.abi);
      ctx.uses?.('charUnsigned');
      if (!v) throw new NotConstant(`cannot read character constant ${node.text}`);
      return v;
    }
    case 'true':
      return { value: 1n, type: INT };
    case 'false':
      return { value: 0n, type: INT };
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((c) => c.type !== 'comment');
      if (inner.length !== 1) throw new NotConstant('statement expression');
      return evaluate(inner[0]!, ctx);
    }
    case 'identifier': {
      const v = ctx.enumerator(node.text);
      if (!v) throw new NotConstant(`'${node.text}' is not a known constant`);
      return v;
    }
    case 'unary_expression':
      return unary(field(node, 'operator').type, evaluate(field(node, 'argument'), ctx));
    case 'binary_expression': {
      const op = field(node, 'operator').type;
      // `(name_t)-1` parses as a subtraction when tree-sitter cannot know name_t is a typedef
      const castTo = parenthesizedTypedef(field(node, 'left'), ctx);
      if (castTo && (op === '-' || op === '+')) {
        const t = ctx.intTypeOf(castTo);
        if (!t) throw new NotConstant(`cast to a non-integer type`);
        return make(unary(op, evaluate(field(node, 'right'), ctx)).value, t);
      }
      const left = evaluate(field(node, 'left'), ctx);
      // && and || short-circuit: the other side need not be constant-evaluable (GCC folds it too).
      if (op === '&&' && left.value === 0n) return { value: 0n, type: INT };
      if (op === '||' && left.value !== 0n) return { value: 1n, type: INT };
      return binary(op, left, evaluate(field(node, 'right'), ctx));
    }
    case 'conditional_expression': {
      const condition = field(node, 'condition');
      const cond = evaluate(condition, ctx);
      // GNU `c ?: b` is `c ? c : b`, c evaluated once (the kernel's `__aligned((x + 0) ?: SMP_CACHE_BYTES)`)
      const consequence = node.childForFieldName('consequence') ?? condition;
      const [chosen, other] = cond.value !== 0n ? [consequence, field(node, 'alternative')] : [field(node, 'alternative'), consequence];
      const v = chosen === condition ? cond : evaluate(chosen, ctx);
      // GCC folds `c ? a : b` with c constant whatever the other arm is (ilog2's
      // `__builtin_constant_p(n) ? … : __ilog2_u64(n)`); its type still joins the result's
      const o = other === condition ? cond : tryEvaluate(other, ctx);
      const t = 'error' in o ? v.type : binary('+', { value: 0n, type: v.type }, { value: 0n, type: o.type }).type;
      return make(v.value, t);
    }
    case 'comma_expression':
      return evaluate(field(node, 'right'), ctx);
    case 'cast_expression': {
      const target = castType(field(node, 'type'), ctx);
      const t = ctx.intTypeOf(target);
      if (!t) throw new NotConstant(`cast to a non-integer type`);
      // an address constant made an integer: `(long)&((struct s *)0)->m`, offsetof as older headers spell it
      const operand = unparenthesized(field(node, 'value'));
      if (operand.type === 'pointer_expression' && field(operand, 'operator').type === '&') return make(addressOf(field(operand, 'argument'), ctx).address, t);
      return make(evaluate(field(node, 'value'), ctx).value, t);
    }
    case 'call_expression': {
      const fn = field(node, 'function');
      const args = field(node, 'arguments').namedChildren.filter((c) => c.type !== 'comment');
      if (fn.type === 'identifier' && isConstBuiltin(fn.text)) return foldBuiltin(fn.text, args, (n) => evaluate(n, ctx), ctx.abi, ctx.uses);
      // `(type_name)(x)` and `(t1)(t2)(x)` parse as calls when tree-sitter cannot know the names are typedefs
      const casts = castChain(fn, ctx);
      if (!casts || args.length !== 1) throw new NotConstant(`function call '${clip(node.text)}' is not an integer constant`);
      let value = evaluate(args[0]!, ctx);
      for (let i = casts.length - 1; i >= 0; i--) {
        const t = ctx.intTypeOf(casts[i]!);
        if (!t) throw new NotConstant(`cast to a non-integer type`);
        value = make(value.value, t);
      }
      return value;
    }
    case 'sizeof_expression': {
      const typeNode = node.childForFieldName('type');
      const type = typeNode ? ctx.typeOf(typeNode) : typeOfOperand(field(node, 'value'), ctx);
      // GCC: sizeof(void) is 1 (__is_constexpr() measures `*(void *)…`)
      return { value: isVoid(type) ? 1n : BigInt(ctx.sizeAlignOf(type).size), type: sizeType(ctx.abi) };
    }
    case 'alignof_expression': {
      const typeNode = node.childForFieldName('type');
      const type = typeNode ? ctx.typeOf(typeNode) : typeOfOperand(lastNamed(node), ctx);
      return { value: isVoid(type) ? 1n : BigInt(ctx.sizeAlignOf(type).align), type: sizeType(ctx.abi) };
    }
    case 'offsetof_expression': {
      const type = ctx.typeOf(field(node, 'type'));
      return { value: designatorOffset(type, designatorSteps(field(node, 'member').text), ctx), type: sizeType(ctx.abi) };
    }
    default:
      throw new NotConstant(`${node.type.replace(/_/g, ' ')} '${clip(node.text)}' is not an integer constant`);
  }
}

/** Evaluate, returning the reason instead of throwing when the expression is not constant. */
export function tryEvaluate(node: SyntaxNode, ctx: EvalContext): IntValue | { error: string } {
  try {
    return evaluate(node, ctx);
  } catch (e) {
    if (e instanceof NotConstant) return { error: e.message };
    throw e;
  }
}

/**
 * The type sizeof or _Alignof measures in an operand tree-sitter read as an
 * expression: `name_t[16]` (the `__u8[16]` of `_IOW('f', 20, __u8[16])`)
 * is an array type when `name_t` is a typedef name, tree-sitter not knowing
 * typedef names; anything else is an expression's type.
 */
function typeOfOperand(node: SyntaxNode, ctx: EvalContext): CType {
  const dims: SyntaxNode[] = [];
  let n = unparenthesized(node);
  while (n.type === 'subscript_expression') {
    dims.unshift(field(n, 'index'));
    n = field(n, 'argument');
  }
  const base = dims.length > 0 && n.type === 'identifier' ? ctx.typedefNamed(n.text) : undefined;
  if (!base) return typeOfExpression(node, ctx);
  let t = base;
  for (let i = dims.length - 1; i >= 0; i--) t = { kind: 'array', of: t, length: Number(evaluate(dims[i]!, ctx).value) };
  return t;
}

/** The offset of the member `steps` designates in `type` (offsetof's second operand). */
function designatorOffset(type: CType, steps: DesignatorStep[], ctx: EvalContext): bigint {
  let t = type;
  let offset = 0n;
  for (const step of steps) {
    if ('member' in step) {
      offset += BigInt(ctx.offsetOf(t, step.member));
      const m = ctx.memberType(t, step.member);
      if (!m) throw new NotConstant(`no member '${step.member}'`);
      t = m;
    } else {
      t = pointee(t, 'array');
      offset += indexValue(step.index, ctx) * BigInt(ctx.sizeAlignOf(t).size);
    }
  }
  return offset;
}

function indexValue(index: string, ctx: EvalContext): bigint {
  const v = /^\d/.test(index) ? parseIntegerLiteral(index, ctx.abi) : ctx.enumerator(index);
  if (!v) throw new NotConstant(`array index '${index}' is not a constant`);
  return v.value;
}

/** The address and type of an lvalue based on a constant pointer (`((struct s *)0)->a.b[2]`). */
function addressOf(node: SyntaxNode, ctx: EvalContext): { address: bigint; type: CType } {
  const n = unparenthesized(node);
  switch (n.type) {
    case 'field_expression': {
      const base = field(n, 'operator').type === '->' ? pointerValue(field(n, 'argument'), ctx) : addressOf(field(n, 'argument'), ctx);
      const name = field(n, 'field').text;
      const type = ctx.memberType(base.type, name);
      if (!type) throw new NotConstant(`no member '${name}'`);
      return { address: base.address + BigInt(ctx.offsetOf(base.type, name)), type };
    }
    case 'subscript_expression': {
      const arg = field(n, 'argument');
      const base = stripTypedefs(typeOfExpression(arg, ctx)).kind === 'array' ? addressOf(arg, ctx) : pointerValue(arg, ctx);
      const type = stripTypedefs(base.type).kind === 'array' ? pointee(base.type) : base.type;
      return { address: base.address + evaluate(field(n, 'index'), ctx).value * BigInt(ctx.sizeAlignOf(type).size), type };
    }
    case 'pointer_expression':
      if (field(n, 'operator').type === '*') return pointerValue(field(n, 'argument'), ctx);
      break;
  }
  throw new NotConstant(`'${clip(n.text)}' is not an address constant`);
}

/** A constant pointer's value and the type it points to: `(struct s *)0`, or `&lvalue`. */
function pointerValue(node: SyntaxNode, ctx: EvalContext): { address: bigint; type: CType } {
  const n = unparenthesized(node);
  if (n.type === 'cast_expression') {
    const t = stripTypedefs(castType(field(n, 'type'), ctx));
    if (t.kind !== 'pointer') throw new NotConstant('cast to a non-pointer type');
    return { address: evaluate(field(n, 'value'), ctx).value, type: t.to };
  }
  if (n.type === 'pointer_expression' && field(n, 'operator').type === '&') return addressOf(field(n, 'argument'), ctx);
  throw new NotConstant(`'${clip(n.text)}' is not a constant pointer`);
}

function unparenthesized(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0]!;
  return n;
}

/** The type of an expression as far as `sizeof expr` needs it (`((struct s *)0)->m`, `x[0]`, casts, literals). */
export function typeOfExpression(node: SyntaxNode, ctx: EvalContext): CType {
  switch (node.type) {
    case 'parenthesized_expression':
      return typeOfExpression(lastNamed(node), ctx);
    case 'identifier': {
      // `sizeof (name_t)`: tree-sitter reads a typedef name in parentheses as an expression
      const t = ctx.typedefNamed(node.text);
      if (t) return t;
      return typeOfExpression2(node, ctx);
    }
    case 'call_expression': {
      const target = parenthesizedTypedef(field(node, 'function'), ctx);
      if (target) return target;
      return typeOfExpression2(node, ctx);
    }
    case 'cast_expression':
      return castType(field(node, 'type'), ctx);
    case 'compound_literal_expression':
      return ctx.typeOf(field(node, 'type'));
    case 'field_expression': {
      let base = typeOfExpression(field(node, 'argument'), ctx);
      if (field(node, 'operator').type === '->') base = pointee(base);
      const name = field(node, 'field').text;
      const t = ctx.memberType(base, name);
      if (!t) throw new NotConstant(`no member '${name}'`);
      return t;
    }
    case 'subscript_expression':
      return pointee(typeOfExpression(field(node, 'argument'), ctx));
    case 'pointer_expression': {
      const arg = typeOfExpression(field(node, 'argument'), ctx);
      return field(node, 'operator').type === '*' ? pointee(arg) : { kind: 'pointer', to: arg };
    }
    case 'conditional_expression':
      return conditionalType(node, ctx);
    case 'string_literal':
    case 'concatenated_string': {
      const parts = node.type === 'string_literal' ? [node] : node.namedChildren.filter((c) => c.type === 'string_literal');
      if (parts.length === 0 || parts.some((p) => /^[LuU]/.test(p.text))) throw new NotConstant(`wide string '${clip(node.text)}'`);
      return {
        kind: 'array',
        of: { kind: 'builtin', name: 'char' },
        length: parts.reduce((n, p) => n + stringLength(p.text), 0) + 1,
      };
    }
    default:
      return typeOfExpression2(node, ctx);
  }
}

/**
 * `c ? a : b` where an arm is a pointer: a null pointer constant arm takes
 * the other's type, else a `void *` arm makes it `void *` (C11 6.5.15): what
 * the kernel's __is_constexpr(x) turns on, `sizeof(*(8 ? (void *)((long)(x) *
 * 0l) : (int *)8))`. Arithmetic arms have the type of the folded value.
 */
function conditionalType(node: SyntaxNode, ctx: EvalContext): CType {
  // GNU `c ?: b`: c is the first arm
  const a = node.childForFieldName('consequence') ?? field(node, 'condition');
  const b = field(node, 'alternative');
  const ta = typeOfExpression(a, ctx);
  const tb = typeOfExpression(b, ctx);
  const pa = stripTypedefs(ta);
  const pb = stripTypedefs(tb);
  if (pa.kind !== 'pointer' && pb.kind !== 'pointer') return typeOfExpression2(node, ctx);
  if (pb.kind === 'pointer' && isNullPointerConstant(a, ctx)) return tb;
  if (pa.kind === 'pointer' && isNullPointerConstant(b, ctx)) return ta;
  if ((pa.kind === 'pointer' && isVoid(pa.to)) || (pb.kind === 'pointer' && isVoid(pb.to))) return { kind: 'pointer', to: { kind: 'void' } };
  return pa.kind === 'pointer' ? ta : tb;
}

/** An integer constant 0, or one cast to `void *`. */
function isNullPointerConstant(node: SyntaxNode, ctx: EvalContext): boolean {
  let n = unparenthesized(node);
  if (n.type === 'cast_expression') {
    const t = stripTypedefs(ctx.typeOf(field(n, 'type')));
    if (t.kind !== 'pointer' || !isVoid(t.to)) return false;
    n = field(n, 'value');
  }
  const v = tryEvaluate(n, ctx);
  return !('error' in v) && v.value === 0n;
}

function isVoid(t: CType): boolean {
  return stripTypedefs(t).kind === 'void';
}

function typeOfExpression2(node: SyntaxNode, ctx: EvalContext): CType {
  const v = evaluate(node, ctx);
  return { kind: 'builtin', name: intTypeName(v.type) };
}

/**
 * The type a cast names. `(typeof((x)))` with an expression tree-sitter
 * cannot read as a type comes as the type name `typeof` and an abstract
 * declarator holding the expression: the kernel's ALIGN(x, a), which is
 * `((x) + ((typeof(x))(a) - 1)) & ~…`, on `sizeof(…)`. The expression is
 * read again as one, and its type taken.
 */
function castType(descriptor: SyntaxNode, ctx: EvalContext): CType {
  const type = descriptor.childForFieldName('type');
  const declarator = descriptor.childForFieldName('declarator');
  if (type?.type === 'type_identifier' && type.text === 'typeof' && declarator?.type === 'abstract_parenthesized_declarator'
    && !ctx.typedefNamed('typeof')) {
    const init = parseC(`int __abi_check_typeof = ${declarator.text};`).rootNode.namedChildren[0]?.childForFieldName('declarator');
    const value = init?.type === 'init_declarator' ? init.childForFieldName('value') : null;
    if (value && !init!.hasError) return typeOfExpression(value, ctx);
  }
  return ctx.typeOf(descriptor);
}

/** The types of `(t1)(t2)…` when each is a parenthesized typedef name (outermost first), else undefined. */
function castChain(node: SyntaxNode, ctx: EvalContext): CType[] | undefined {
  const single = parenthesizedTypedef(node, ctx);
  if (single) return [single];
  if (node.type !== 'call_expression') return undefined;
  const inner = node.childForFieldName('function');
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  if (!inner || args.length !== 1 || args[0]!.type !== 'identifier') return undefined;
  const last = ctx.typedefNamed(args[0]!.text);
  const outer = castChain(inner, ctx);
  return last && outer ? [...outer, last] : undefined;
}

/**
 * `(name_t)` where name_t is a typedef, or `(typeof(expr))` (a cast
 * tree-sitter reads as a call: the kernel's `(typeof(x))-1`, VSYSCALL_PAGE):
 * the type, else undefined.
 */
function parenthesizedTypedef(node: SyntaxNode, ctx: EvalContext): CType | undefined {
  if (node.type !== 'parenthesized_expression') return undefined;
  const inner = node.namedChildren;
  if (inner.length !== 1) return undefined;
  const only = inner[0]!;
  if (only.type === 'identifier') return ctx.typedefNamed(only.text);
  if (only.type === 'call_expression' && only.childForFieldName('function')?.text === 'typeof') {
    const args = only.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.length === 1) return typeOfExpression(args[0]!, ctx);
  }
  return undefined;
}

function pointee(t: CType, only?: 'array'): CType {
  let x = t;
  while (x.kind === 'typedef') x = x.to;
  if (x.kind === 'pointer' && only === undefined) return x.to;
  if (x.kind === 'array') return x.of;
  throw new NotConstant(only ? 'subscript of a non-array member' : 'dereference of a non-pointer');
}

function intTypeName(t: IntType): string {
  const base = t.bits === 8 ? 'char' : t.bits === 16 ? 'short' : t.bits === 32 ? 'int' : t.bits === 64 ? 'long long' : '__int128';
  if (t.bits === 8) return t.unsigned ? 'unsigned char' : 'signed char';
  return t.unsigned ? `unsigned ${base}` : base;
}

function stringLength(literal: string): number {
  const body = literal.replace(/^[LuU8]*"/, '').replace(/"$/, '');
  return body.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, 'x').length;
}

function field(node: SyntaxNode, name: string): SyntaxNode {
  const f = node.childForFieldName(name);
  if (!f) throw new NotConstant(`incomplete ${node.type.replace(/_/g, ' ')}`);
  return f;
}

function lastNamed(node: SyntaxNode): SyntaxNode {
  const c = node.lastNamedChild;
  if (!c) throw new NotConstant(`empty ${node.type}`);
  return c;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? one.slice(0, 57) + '...' : one;
}

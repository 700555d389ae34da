/**
 * Calls: by name (interpreted function from the images → kernel model →
 * function-like macro), through function pointers (ops tables), and the
 * frame set-up of an interpreted function (parameters, return conversion,
 * stack release). Installs itself into Machine and expressions.
 */
import type { CType } from '../../c/type-model.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import { applyDeclarator, typeFromSpecifier } from './declarators.ts';
import { Calls, evalExpr, evalMacroBody, initialize, zero } from './expressions.ts';
import { Frame, Machine } from './machine.ts';
import type { FunctionSource, GlobalSource } from './machine.ts';
import { NoModel, Unsupported } from './run-errors.ts';
import { declareLocal, exec } from './statements.ts';
import type { Value } from './values.ts';
import { asScalar, convert, VOID_VALUE } from './values.ts';

function site(f: Frame, n: SyntaxNode): string {
  return `${f.fn}:${n.startRow + 1}`;
}

function callExpression(m: Machine, f: Frame, n: SyntaxNode): Value {
  const callee = n.childForFieldName('function')!;
  const argNodes = n.childForFieldName('arguments')!.namedChildren.filter((c) => c.type !== 'comment');
  const where = site(f, n);
  // `(u64)(x)`: tree-sitter reads a cast of a parenthesised operand as a call of a parenthesised type name.
  if (callee.type === 'parenthesized_expression' && callee.namedChildren[0]?.type === 'identifier' && argNodes.length === 1) {
    const name = callee.namedChildren[0].text;
    const td = !f.lookup(name) && !m.globals.has(name) ? m.env.typedef(name) : undefined;
    if (td) return convert(m.env, evalExpr(m, f, argNodes[0]!), { kind: 'typedef', name, to: td });
  }
  if (callee.type === 'identifier') {
    const name = callee.text;
    const variable = f.lookup(name) ?? (m.globals.has(name) ? m.global(name) : undefined);
    if (!variable) {
      if (m.functions.has(name)) return m.call(name, argNodes.map((a) => evalExpr(m, f, a)), where);
      const model = m.models.get(name);
      if (model?.callSyntax) {
        m.step();
        return model.callSyntax(m, f, argNodes, where);
      }
      if (model?.call || m.unrunnable.has(name)) return m.call(name, argNodes.map((a) => evalExpr(m, f, a)), where);
      const macro = m.macros.get(name);
      if (macro && macro.params) return expandMacro(m, f, name, macro.params, macro.body, argNodes);
      throw new NoModel(name, where);
    }
  }
  const target = asScalar(evalExpr(m, f, callee), callee.text);
  const args = argNodes.map((a) => evalExpr(m, f, a));
  return m.callAddress(target.v, args, `${where} (${callee.text})`);
}

function expandMacro(m: Machine, f: Frame, name: string, params: string[], body: string, args: SyntaxNode[]): Value {
  let text = body;
  params.forEach((p, i) => {
    const arg = args[i]?.text ?? '';
    text = p === '...' ? text.replace(/__VA_ARGS__/g, args.slice(i).map((a) => a.text).join(', ')) : text.replace(new RegExp(`(?<![\\w#])${p}(?!\\w)`, 'g'), `(${arg})`);
  });
  return evalMacroBody(m, f, text, name);
}

export function functionSignature(m: Machine, fn: FunctionSource): { returns: CType; params: { name: string | null; t: CType }[] } {
  const node = fn.node;
  const spec = node.childForFieldName('type')!;
  const base = typeFromSpecifier(m.env, spec);
  const declarator = node.childForFieldName('declarator')!;
  const { type } = applyDeclarator(m.env, base, declarator, () => {
    throw new Unsupported('array size in a function signature');
  });
  if (type.kind !== 'function') throw new Unsupported(`${fn.name} is not a function definition`);
  let fd: SyntaxNode | null = declarator;
  while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
  const params = (fd?.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((p) => p.type === 'parameter_declaration')
    .map((p) => {
      const { name, type: t } = applyDeclarator(m.env, typeFromSpecifier(m.env, p.childForFieldName('type')!), p.childForFieldName('declarator'), () => 0n);
      return { name, t: t.kind === 'array' ? ({ kind: 'pointer', to: t.of } as CType) : t };
    })
    .filter((p) => p.t.kind !== 'void');
  return { returns: type.returns, params };
}

function interpret(m: Machine, fn: FunctionSource, args: Value[]): Value {
  const sig = functionSignature(m, fn);
  if (args.length !== sig.params.length) {
    throw new Unsupported(`${fn.name}() called with ${args.length} arguments, it takes ${sig.params.length}`);
  }
  const f = new Frame(fn.name, sig.returns);
  const caller = { fn: m.at.fn, line: m.at.line };
  let faulted = true;
  try {
    sig.params.forEach((p, i) => {
      if (!p.name) return;
      const addr = declareLocal(m, f, p.name, p.t);
      const v = convert(m.env, args[i]!, p.t);
      if (v.k === 'agg') m.mem.write(addr, v.bytes);
      else if (v.k === 'scalar') m.mem.writeUInt(addr, m.env.sizeOf(p.t), v.v);
    });
    const c = exec(m, f, fn.node.childForFieldName('body')!);
    if (c.type === 'goto') throw new Unsupported(`goto ${c.label} without a matching label in ${fn.name}`);
    if (c.type === 'break' || c.type === 'continue') throw new Unsupported(`${c.type} outside a loop in ${fn.name}`);
    const rt = m.env.strip(sig.returns);
    if (rt.kind === 'void' || c.type !== 'return' || !c.value) {
      if (rt.kind !== 'void') m.event('missing-return', `${fn.name}() reached its end without returning a value`);
      faulted = false;
      return VOID_VALUE;
    }
    const result = convert(m.env, c.value, sig.returns);
    faulted = false;
    return result;
  } finally {
    for (const b of f.blocks) m.mem.free(b, `return from ${fn.name}()`);
    // Back in the caller's statement (unless unwinding a fault, whose site stays recorded).
    if (!faulted || m.at.fn === '') Object.assign(m.at, caller);
  }
}

function globalType(m: Machine, g: GlobalSource): CType {
  const spec = g.node.childForFieldName('type')!;
  const base = typeFromSpecifier(m.env, spec);
  const frame = new Frame(`<initializer of ${g.name}>`, { kind: 'void' });
  const { type } = applyDeclarator(m.env, base, g.declarator, (e) => asScalar(evalExpr(m, frame, e), 'array size').v);
  const value = g.declarator.type === 'init_declarator' ? g.declarator.childForFieldName('value') : null;
  const s = m.env.strip(type);
  if (s.kind === 'array' && s.length === null && value?.type === 'initializer_list') return { ...s, length: value.namedChildren.length };
  return type;
}

function initGlobal(m: Machine, g: GlobalSource, addr: bigint, t: CType): void {
  const frame = new Frame(`<initializer of ${g.name}>`, { kind: 'void' });
  const value = g.declarator.type === 'init_declarator' ? g.declarator.childForFieldName('value') : null;
  if (value) initialize(m, frame, addr, t, value);
  else zero(m, addr, t);
}

Machine.interpret = interpret;
Machine.initGlobal = initGlobal;
Machine.globalType = globalType;
Calls.call = callExpression;


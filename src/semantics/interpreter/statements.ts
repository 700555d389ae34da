/**
 * C statements: blocks with scopes, declarations, if/for/while/do/switch,
 * break/continue/return, goto and labels (the kernel's error-unwind idiom).
 */
import type { CType } from '../../c/type-model.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import { applyDeclarator, typeFromSpecifier } from './declarators.ts';
import { evalExpr, initialize } from './expressions.ts';
import type { Frame, Machine } from './machine.ts';
import { Unsupported } from './run-errors.ts';
import type { Value } from './values.ts';
import { asScalar, truthy, VOID_VALUE } from './values.ts';
import { CASE_RANGE } from '../kernel-source.ts';

export type Completion =
  | { type: 'normal' }
  | { type: 'break' }
  | { type: 'continue' }
  | { type: 'return'; value: Value | null }
  | { type: 'goto'; label: string };

const NORMAL: Completion = { type: 'normal' };
const BREAK: Completion = { type: 'break' };
const CONTINUE: Completion = { type: 'continue' };

/** Does the subtree contain `label:`? */
function containsLabel(n: SyntaxNode, label: string): boolean {
  if (n.type === 'labeled_statement' && n.childForFieldName('label')?.text === label) return true;
  for (const c of n.namedChildren) {
    if (c.type === 'function_definition') continue;
    if (containsLabel(c, label)) return true;
  }
  return false;
}

export function declareLocal(m: Machine, f: Frame, name: string, t: CType): bigint {
  const size = m.env.sizeOf(t);
  const block = m.mem.allocate(size, 'kernel', 'stack', `local ${name} of ${f.fn}()`, true);
  f.blocks.push(block);
  f.scopes[f.scopes.length - 1]!.set(name, { addr: block.base, t });
  return block.base;
}

function declaration(m: Machine, f: Frame, n: SyntaxNode): void {
  const spec = n.childForFieldName('type');
  if (!spec) throw new Unsupported(`declaration ${n.text.slice(0, 60)}`);
  if (n.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static')) {
    throw new Unsupported(`static local variable in ${f.fn}: ${n.text.slice(0, 60)}`);
  }
  const base = typeFromSpecifier(m.env, spec);
  for (const d of n.childrenForFieldName('declarator')) {
    const { name, type } = applyDeclarator(m.env, base, d, (e) => asScalar(evalExpr(m, f, e), 'array size').v);
    if (!name) continue;
    if (type.kind === 'function') continue; // a local prototype
    let t = type;
    const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
    const st = m.env.strip(t);
    if (st.kind === 'array' && st.length === null && value?.type === 'initializer_list') {
      t = { ...st, length: value.namedChildren.length };
    }
    const addr = declareLocal(m, f, name, t);
    if (value) initialize(m, f, addr, t, value);
  }
}

export function exec(m: Machine, f: Frame, n: SyntaxNode, seek: string | null = null): Completion {
  m.step();
  m.at.fn = f.fn;
  m.at.line = n.startRow + 1;
  switch (n.type) {
    case 'compound_statement':
      return block(m, f, n.namedChildren, seek);
    case 'declaration':
      declaration(m, f, n);
      return NORMAL;
    case 'expression_statement': {
      const e = n.namedChildren[0];
      if (e) evalExpr(m, f, e);
      return NORMAL;
    }
    case 'labeled_statement': {
      const inner = n.namedChildren.filter((c) => c.type !== 'statement_identifier');
      const stmt = inner[inner.length - 1];
      return stmt ? exec(m, f, stmt, seek && containsLabel(stmt, seek) ? seek : null) : NORMAL;
    }
    case 'if_statement': {
      const cons = n.childForFieldName('consequence')!;
      const alt = n.childForFieldName('alternative');
      const altStmt = alt ? (alt.type === 'else_clause' ? alt.namedChildren[0]! : alt) : null;
      if (seek) {
        if (containsLabel(cons, seek)) return exec(m, f, cons, seek);
        if (altStmt && containsLabel(altStmt, seek)) return exec(m, f, altStmt, seek);
      }
      const cond = n.childForFieldName('condition')!;
      if (truthy(evalExpr(m, f, cond))) return exec(m, f, cons);
      return altStmt ? exec(m, f, altStmt) : NORMAL;
    }
    case 'while_statement': {
      if (seek) throw new Unsupported(`goto into a loop in ${f.fn}`);
      const cond = n.childForFieldName('condition')!;
      const body = n.childForFieldName('body')!;
      while (truthy(evalExpr(m, f, cond))) {
        const c = exec(m, f, body);
        if (c.type === 'break') break;
        if (c.type === 'return' || c.type === 'goto') return c;
      }
      return NORMAL;
    }
    case 'do_statement': {
      if (seek) throw new Unsupported(`goto into a loop in ${f.fn}`);
      const cond = n.childForFieldName('condition')!;
      const body = n.childForFieldName('body')!;
      do {
        const c = exec(m, f, body);
        if (c.type === 'break') break;
        if (c.type === 'return' || c.type === 'goto') return c;
      } while (truthy(evalExpr(m, f, cond)));
      return NORMAL;
    }
    case 'for_statement':
      return forLoop(m, f, n, seek);
    case 'switch_statement':
      return switchStmt(m, f, n);
    case 'break_statement':
      return BREAK;
    case 'continue_statement':
      return CONTINUE;
    case 'return_statement': {
      const e = n.namedChildren[0];
      return { type: 'return', value: e ? evalExpr(m, f, e) : null };
    }
    case 'goto_statement':
      return { type: 'goto', label: n.childForFieldName('label')!.text };
    case 'comment':
    case ';':
      return NORMAL;
    default:
      throw new Unsupported(`statement syntax ${n.type} in ${f.fn}:${n.startPosition.row + 1}: ${n.text.slice(0, 60)}`);
  }
}

function block(m: Machine, f: Frame, children: readonly SyntaxNode[], seek: string | null): Completion {
  f.scopes.push(new Map());
  try {
    let i = 0;
    let target = seek;
    if (target) {
      i = children.findIndex((c) => containsLabel(c, target!));
      if (i < 0) return { type: 'goto', label: target };
    }
    while (i < children.length) {
      const c = exec(m, f, children[i]!, target);
      target = null;
      if (c.type === 'goto') {
        const j = children.findIndex((ch) => containsLabel(ch, c.label));
        if (j < 0) return c;
        i = j;
        target = c.label;
        continue;
      }
      if (c.type !== 'normal') return c;
      i++;
    }
    return NORMAL;
  } finally {
    f.scopes.pop();
  }
}

function forLoop(m: Machine, f: Frame, n: SyntaxNode, seek: string | null): Completion {
  if (seek) throw new Unsupported(`goto into a loop in ${f.fn}`);
  f.scopes.push(new Map());
  try {
    const init = n.childForFieldName('initializer');
    if (init) {
      if (init.type === 'declaration') declaration(m, f, init);
      else evalExpr(m, f, init);
    }
    const cond = n.childForFieldName('condition');
    const upd = n.childForFieldName('update');
    const body = n.childForFieldName('body')!;
    for (;;) {
      m.step();
      if (cond && !truthy(evalExpr(m, f, cond))) break;
      const c = exec(m, f, body);
      if (c.type === 'break') break;
      if (c.type === 'return' || c.type === 'goto') return c;
      if (upd) evalExpr(m, f, upd);
    }
    return NORMAL;
  } finally {
    f.scopes.pop();
  }
}

/** Whether the case label `val` takes the switch value `v`: equal to it, or a GNU case range (`__case_range(lo, hi)`: kernel-source.ts) holding it. */
function caseTakes(m: Machine, f: Frame, val: SyntaxNode, v: bigint): boolean {
  if (val.type === 'call_expression' && val.childForFieldName('function')?.text === CASE_RANGE) {
    const [lo, hi] = val.childForFieldName('arguments')!.namedChildren;
    if (!lo || !hi) throw new Unsupported(`case range ${val.text.slice(0, 60)} in ${f.fn}`);
    return asScalar(evalExpr(m, f, lo), 'case range').v <= v && v <= asScalar(evalExpr(m, f, hi), 'case range').v;
  }
  return asScalar(evalExpr(m, f, val), 'case label').v === v;
}

/** A GNU statement expression `({ …; value; })`: its statements run in a scope of their own; its value is its last expression statement's (void otherwise). */
export function statementExpression(m: Machine, f: Frame, block: SyntaxNode): Value {
  const statements = block.namedChildren.filter((c) => c.type !== 'comment');
  f.scopes.push(new Map());
  try {
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i]!;
      if (i === statements.length - 1 && s.type === 'expression_statement' && s.namedChildren[0]) {
        m.step();
        m.at.line = s.startRow + 1;
        return evalExpr(m, f, s.namedChildren[0]);
      }
      const r = exec(m, f, s);
      if (r.type !== 'normal') throw new Unsupported(`${r.type} out of a statement expression in ${f.fn}:${s.startRow + 1}`);
    }
    return VOID_VALUE;
  } finally {
    f.scopes.pop();
  }
}

function switchStmt(m: Machine, f: Frame, n: SyntaxNode): Completion {
  const v = asScalar(evalExpr(m, f, n.childForFieldName('condition')!), 'switch value');
  const body = n.childForFieldName('body')!;
  const cases = body.namedChildren.filter((c) => c.type === 'case_statement');
  let start = -1;
  for (let i = 0; i < cases.length; i++) {
    const val = cases[i]!.childForFieldName('value');
    if (!val) continue;
    if (caseTakes(m, f, val, v.v)) {
      start = i;
      break;
    }
  }
  if (start < 0) start = cases.findIndex((c) => !c.childForFieldName('value'));
  if (start < 0) return NORMAL;
  f.scopes.push(new Map());
  try {
    for (let i = start; i < cases.length; i++) {
      const c = cases[i]!;
      const val = c.childForFieldName('value');
      for (const s of c.namedChildren) {
        if (val && s.startIndex === val.startIndex && s.endIndex === val.endIndex) continue;
        const r = exec(m, f, s);
        if (r.type === 'break') return NORMAL;
        if (r.type !== 'normal') return r;
      }
    }
    return NORMAL;
  } finally {
    f.scopes.pop();
  }
}

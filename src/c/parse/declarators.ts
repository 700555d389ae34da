/**
 * C declarators applied to a base type (`*x[3]`, `(*f)(int)`, `a[N * 2]`),
 * with array sizes evaluated as constants and parameter lists read.
 */
import type { CType } from '../type-model.ts';
import { unknownType } from './c-types.ts';
import { tryEvaluate, type EvalContext } from './const-eval.ts';
import type { SyntaxNode } from './tree-sitter-c.ts';

/** What declarators need from the walk: type specifiers, the evaluator, diagnostics. */
export interface DeclaratorContext {
  typeFrom(node: SyntaxNode): CType;
  evalCtx: EvalContext;
  diag(node: SyntaxNode, message: string): void;
}

/** Apply a (possibly abstract) declarator to a base type: `*x[3]` → array of 3 pointers. */
export function applyDeclarator(cx: DeclaratorContext, start: SyntaxNode | null, base: CType): { name: string | null; type: CType } {
  let node = start;
  let type = base;
  while (node) {
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'primitive_type':
        return { name: node.isMissing ? null : node.text, type };
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        type = { kind: 'pointer', to: type };
        node = node.childForFieldName('declarator');
        break;
      case 'array_declarator':
      case 'abstract_array_declarator': {
        type = arrayOf(cx, type, node.childForFieldName('size'), node);
        node = node.childForFieldName('declarator');
        break;
      }
      case 'function_declarator':
      case 'abstract_function_declarator': {
        const { params, variadic } = declaratorParameters(cx, node.childForFieldName('parameters'));
        type = { kind: 'function', returns: type, params: params.map((p) => p.type), variadic };
        node = node.childForFieldName('declarator');
        break;
      }
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator':
      case 'attributed_declarator':
      case 'init_declarator':
        node = node.childForFieldName('declarator') ?? node.namedChildren[0] ?? null;
        break;
      default:
        return { name: null, type };
    }
  }
  return { name: null, type };
}

function arrayOf(cx: DeclaratorContext, of: CType, size: SyntaxNode | null, node: SyntaxNode): CType {
  if (!size) return { kind: 'array', of, length: null };
  if (size.type === '*') return { kind: 'array', of, length: null };
  const v = tryEvaluate(size, cx.evalCtx);
  if ('error' in v) {
    cx.diag(node, `array size '${size.text.replace(/\s+/g, ' ')}' is not a constant: ${v.error}`);
    return unknownType(`<array of unknown length: ${size.text.replace(/\s+/g, ' ')}>`);
  }
  if (v.value < 0n) {
    cx.diag(node, `array size ${v.value} is negative`);
    return unknownType(`<array of negative length ${v.value}>`);
  }
  return { kind: 'array', of, length: Number(v.value) };
}

/** The parameters of a function declarator's list; `(void)` is none. */
export function declaratorParameters(cx: DeclaratorContext, list: SyntaxNode | null): { params: { name: string | null; type: CType }[]; variadic: boolean } {
  const params: { name: string | null; type: CType }[] = [];
  let variadic = false;
  if (!list) return { params, variadic };
  for (const p of list.namedChildren) {
    if (p.type === 'variadic_parameter') {
      variadic = true;
      continue;
    }
    if (p.type !== 'parameter_declaration') continue;
    const typeNode = p.childForFieldName('type');
    if (!typeNode) continue;
    const base = cx.typeFrom(typeNode);
    const r = applyDeclarator(cx, p.childForFieldName('declarator'), base);
    params.push({ name: r.name, type: r.type });
  }
  if (params.length === 1 && params[0]!.name === null && params[0]!.type.kind === 'void') params.length = 0;
  return { params, variadic };
}

/** The function declarator nearest the name in `(*f(int))(void)` and the like. */
export function innermostFunctionDeclarator(node: SyntaxNode): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  let n: SyntaxNode | null = node;
  while (n) {
    if (n.type === 'function_declarator') found = n;
    n = n.childForFieldName('declarator') ?? (n.type === 'parenthesized_declarator' ? n.namedChildren[0] ?? null : null);
  }
  return found;
}

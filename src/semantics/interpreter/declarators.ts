/**
 * C type names and declarators (tree-sitter nodes) → CType, resolved in the
 * run's TypeEnv: typedef names, struct/union/enum tags, pointers, arrays
 * (sizes evaluated as constant expressions) and function declarators.
 */
import type { CType } from '../../c/type-model.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import type { TypeEnv } from './types.ts';
import { Unsupported } from './run-errors.ts';
import { canonicalBuiltin } from '../../c/parse/c-types.ts';

export type ConstEval = (node: SyntaxNode) => bigint;

const PRIMITIVE: Record<string, string> = {
  bool: '_Bool', _Bool: '_Bool', char: 'char', short: 'short', int: 'int', long: 'long',
  float: 'float', double: 'double',
};

const STD_TYPEDEFS: Record<string, string> = {
  size_t: 'unsigned long', ssize_t: 'long', ptrdiff_t: 'long', intptr_t: 'long', uintptr_t: 'unsigned long',
  int8_t: 'signed char', uint8_t: 'unsigned char', int16_t: 'short', uint16_t: 'unsigned short',
  int32_t: 'int', uint32_t: 'unsigned int', int64_t: 'long long', uint64_t: 'unsigned long long',
};

export function typeFromSpecifier(env: TypeEnv, node: SyntaxNode): CType {
  switch (node.type) {
    case 'primitive_type': {
      const name = node.text;
      if (name === 'void') return { kind: 'void' };
      if (PRIMITIVE[name]) return { kind: 'builtin', name: PRIMITIVE[name]! };
      const td = env.typedef(name);
      if (td) return { kind: 'typedef', name, to: td };
      if (STD_TYPEDEFS[name]) {
        const base = STD_TYPEDEFS[name]!;
        const fixed = env.abi.longBytes === 4 && (name === 'size_t' || name === 'uintptr_t') ? 'unsigned int'
          : env.abi.longBytes === 4 && ['ssize_t', 'ptrdiff_t', 'intptr_t'].includes(name) ? 'int' : base;
        return { kind: 'typedef', name, to: { kind: 'builtin', name: fixed } };
      }
      throw new Unsupported(`unknown primitive type ${name}`);
    }
    case 'sized_type_specifier': {
      const name = canonicalBuiltin(node.text.split(/\s+/));
      if (name === null) throw new Unsupported(`type ${node.text}`);
      return { kind: 'builtin', name };
    }
    case 'type_identifier': {
      if (node.text === '_Bool') return { kind: 'builtin', name: '_Bool' };
      const td = env.typedef(node.text);
      if (!td) {
        const std = STD_TYPEDEFS[node.text];
        if (std) return { kind: 'builtin', name: std };
        throw new Unsupported(`unknown type ${node.text}`);
      }
      return { kind: 'typedef', name: node.text, to: td };
    }
    case 'struct_specifier':
    case 'union_specifier': {
      const name = node.childForFieldName('name');
      if (!name) throw new Unsupported('an anonymous struct/union defined inside a function');
      return env.recordByTag(name.text);
    }
    case 'enum_specifier': {
      const name = node.childForFieldName('name');
      return { kind: 'enum', id: name ? name.text : 'anon' };
    }
    case 'macro_type_specifier':
      throw new Unsupported(`type macro ${node.text}`);
    default:
      throw new Unsupported(`type syntax ${node.type}: ${node.text}`);
  }
}

/** Apply a (possibly abstract) declarator to a base type; returns the declared name too. */
export function applyDeclarator(
  env: TypeEnv,
  base: CType,
  decl: SyntaxNode | null,
  constEval: ConstEval,
): { name: string | null; type: CType } {
  let t = base;
  let d = decl;
  // Declarators nest outside-in; type constructors apply inside-out. Collect then apply in reverse.
  const ops: SyntaxNode[] = [];
  let name: string | null = null;
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') {
      name = d.text;
      break;
    }
    if (d.type === 'parenthesized_declarator' || d.type === 'abstract_parenthesized_declarator') {
      d = d.namedChildren.find((c) => c.type !== 'attribute_specifier' && c.type !== 'ms_call_modifier') ?? null;
      continue;
    }
    if (d.type === 'attributed_declarator') {
      d = d.namedChildren[0] ?? null;
      continue;
    }
    if (d.type === 'init_declarator') {
      d = d.childForFieldName('declarator');
      continue;
    }
    ops.push(d);
    d = d.childForFieldName('declarator');
  }
  // The outermost declarator node is the innermost type constructor: `*a[3]` is an array of pointers.
  for (const op of ops) {
    if (op.type === 'pointer_declarator' || op.type === 'abstract_pointer_declarator') t = { kind: 'pointer', to: t };
    else if (op.type === 'array_declarator' || op.type === 'abstract_array_declarator') {
      const size = op.childForFieldName('size');
      t = { kind: 'array', of: t, length: size ? Number(constEval(size)) : null };
    } else if (op.type === 'function_declarator' || op.type === 'abstract_function_declarator') {
      const params = op.childForFieldName('parameters');
      const list = params ? params.namedChildren.filter((p) => p.type === 'parameter_declaration') : [];
      const ptypes = list
        .map((p) => declarationType(env, p, constEval).type)
        .filter((pt) => pt.kind !== 'void');
      t = { kind: 'function', returns: t, params: ptypes, variadic: !!params?.namedChildren.some((p) => p.type === 'variadic_parameter') };
    } else throw new Unsupported(`declarator syntax ${op.type}`);
  }
  return { name, type: t };
}

/** The type of a parameter_declaration / field_declaration / type_descriptor / declaration's first declarator. */
export function declarationType(env: TypeEnv, node: SyntaxNode, constEval: ConstEval): { name: string | null; type: CType } {
  const spec = node.childForFieldName('type');
  if (!spec) throw new Unsupported(`declaration without a type: ${node.text}`);
  const base = typeFromSpecifier(env, spec);
  return applyDeclarator(env, base, node.childForFieldName('declarator'), constEval);
}

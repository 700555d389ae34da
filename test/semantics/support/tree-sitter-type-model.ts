/**
 * Test support only: a small TypeModel reader for the self-contained C the
 * semantics tests and the kernel-tree fixture use (typedefs, structs/unions
 * with bitfields and anonymous members, enums, #define constants). The real
 * front end is src/c; tests switch to it when it can be loaded.
 */
import type { CType, Member, RecordDecl, TypeModel } from '../../../src/c/type-model.ts';
import { parseC, type SyntaxNode } from '../../../src/semantics/c-syntax.ts';
import { canonicalBuiltin } from '../../../src/semantics/interpreter/declarators.ts';

export function treeSitterTypeModel(file: { path: string; text: string }, abi: string): TypeModel {
  const model: TypeModel = { abi, records: [], enums: [], typedefs: [], macros: [], functions: [], diagnostics: [] };
  const typedefs = new Map<string, CType>();
  const enumValues = new Map<string, bigint>();
  let anon = 0;
  const longBits = ['i386', 'x32', 'arm', 'ppc32', 'mips', 'm68k'].includes(abi) ? 32 : 64;
  const loc = (n: SyntaxNode) => ({ file: file.path, line: n.startPosition.row + 1 });

  const evalConst = (n: SyntaxNode): bigint => {
    switch (n.type) {
      case 'number_literal': return BigInt(n.text.replace(/[uUlL]+$/, ''));
      case 'identifier': {
        const v = enumValues.get(n.text);
        if (v === undefined) throw new Error(`not constant: ${n.text}`);
        return v;
      }
      case 'parenthesized_expression': return evalConst(n.namedChildren[0]!);
      case 'unary_expression': {
        const v = evalConst(n.namedChildren[0]!);
        const op = n.child(0)!.text;
        return op === '-' ? -v : op === '~' ? ~v : op === '!' ? (v ? 0n : 1n) : v;
      }
      case 'binary_expression': {
        const a = evalConst(n.childForFieldName('left')!);
        const b = evalConst(n.childForFieldName('right')!);
        switch (n.childForFieldName('operator')!.text) {
          case '+': return a + b; case '-': return a - b; case '*': return a * b; case '/': return a / b;
          case '<<': return a << b; case '>>': return a >> b; case '|': return a | b; case '&': return a & b;
        }
      }
    }
    throw new Error(`not constant: ${n.text}`);
  };

  const specType = (n: SyntaxNode): CType => {
    switch (n.type) {
      case 'primitive_type':
        if (n.text === 'void') return { kind: 'void' };
        if (n.text === 'bool' || n.text === '_Bool') return { kind: 'builtin', name: '_Bool' };
        if (typedefs.has(n.text)) return { kind: 'typedef', name: n.text, to: typedefs.get(n.text)! };
        if (n.text === 'size_t') return { kind: 'builtin', name: longBits === 64 ? 'unsigned long' : 'unsigned int' };
        return { kind: 'builtin', name: canonicalBuiltin([n.text]) };
      case 'sized_type_specifier': return { kind: 'builtin', name: canonicalBuiltin(n.text.split(/\s+/)) };
      case 'type_identifier': {
        const t = typedefs.get(n.text) ?? kernelScalar(n.text, longBits);
        if (!t) throw new Error(`unknown type ${n.text} in ${file.path}:${n.startPosition.row + 1}`);
        return { kind: 'typedef', name: n.text, to: t };
      }
      case 'struct_specifier':
      case 'union_specifier': return recordType(n);
      case 'enum_specifier': return enumType(n);
    }
    throw new Error(`type ${n.type}`);
  };

  const declType = (base: CType, d: SyntaxNode | null): { name: string | null; type: CType } => {
    let t = base;
    while (d) {
      if (d.type === 'identifier' || d.type === 'field_identifier' || d.type === 'type_identifier') return { name: d.text, type: t };
      if (d.type === 'pointer_declarator' || d.type === 'abstract_pointer_declarator') t = { kind: 'pointer', to: t };
      else if (d.type === 'array_declarator' || d.type === 'abstract_array_declarator') {
        const size = d.childForFieldName('size');
        t = { kind: 'array', of: t, length: size ? Number(evalConst(size)) : null };
      } else if (d.type === 'function_declarator' || d.type === 'abstract_function_declarator') {
        t = { kind: 'function', returns: t, params: [], variadic: false };
      } else if (d.type === 'parenthesized_declarator' || d.type === 'abstract_parenthesized_declarator' || d.type === 'init_declarator') {
        d = d.childForFieldName('declarator') ?? d.namedChildren[0] ?? null;
        continue;
      }
      d = d.childForFieldName('declarator');
    }
    return { name: null, type: t };
  };

  const recordType = (n: SyntaxNode): CType => {
    const name = n.childForFieldName('name')?.text ?? null;
    const body = n.childForFieldName('body');
    const kind = n.type === 'struct_specifier' ? 'struct' : 'union';
    const id = name ?? `anon#${++anon}@${file.path}:${n.startPosition.row + 1}`;
    if (!body) {
      if (name && !model.records.some((r) => r.id === id)) {
        model.records.push({ id, kind, tag: name, complete: false, members: [], attrs: {}, loc: loc(n) });
      }
      return { kind: 'record', id };
    }
    const members: Member[] = [];
    const decl: RecordDecl = { id, kind, tag: name, complete: true, members, attrs: {}, loc: loc(n), endLine: n.endPosition.row + 1 };
    for (const f of body.namedChildren) {
      if (f.type !== 'field_declaration') continue;
      const base = specType(f.childForFieldName('type')!);
      const decls = f.childrenForFieldName('declarator');
      const bits = f.namedChildren.find((c) => c.type === 'bitfield_clause');
      const bitWidth = bits ? Number(evalConst(bits.namedChildren[0]!)) : undefined;
      if (decls.length === 0) {
        members.push({ name: null, type: base, bitWidth, attrs: {}, loc: loc(f), text: f.text });
        continue;
      }
      for (const d of decls) {
        const { name: mname, type } = declType(base, d);
        members.push({ name: mname, type, bitWidth, attrs: {}, loc: loc(f), text: f.text });
      }
    }
    const prev = model.records.findIndex((r) => r.id === id);
    if (prev >= 0) model.records.splice(prev, 1);
    model.records.push(decl);
    return { kind: 'record', id };
  };

  const enumType = (n: SyntaxNode): CType => {
    const name = n.childForFieldName('name')?.text ?? null;
    const id = name ?? `anon-enum#${++anon}@${file.path}:${n.startPosition.row + 1}`;
    const body = n.childForFieldName('body');
    if (body) {
      let next = 0n;
      const enumerators = [];
      for (const e of body.namedChildren.filter((c) => c.type === 'enumerator')) {
        const v = e.childForFieldName('value');
        const value = v ? evalConst(v) : next;
        next = value + 1n;
        enumValues.set(e.childForFieldName('name')!.text, value);
        enumerators.push({ name: e.childForFieldName('name')!.text, value, loc: loc(e) });
      }
      model.enums.push({ id, tag: name, enumerators, attrs: {}, loc: loc(n) });
    }
    return { kind: 'enum', id };
  };

  const visit = (n: SyntaxNode): void => {
    for (const c of n.namedChildren) {
      if (c.type === 'type_definition') {
        const base = specType(c.childForFieldName('type')!);
        for (const d of c.childrenForFieldName('declarator')) {
          const { name, type } = declType(base, d);
          if (name) {
            typedefs.set(name, type);
            model.typedefs.push({ name, type, attrs: {}, loc: loc(c) });
            const s = type.kind === 'record' ? model.records.find((r) => r.id === type.id) : undefined;
            if (s && !s.tag) s.typedefName = name;
          }
        }
      } else if (c.type === 'struct_specifier' || c.type === 'union_specifier' || c.type === 'enum_specifier') {
        specType(c);
      } else if (c.type === 'declaration') {
        const t = c.childForFieldName('type');
        if (t && ['struct_specifier', 'union_specifier', 'enum_specifier'].includes(t.type)) specType(t);
      } else if (c.type === 'preproc_def') {
        const name = c.childForFieldName('name')!.text;
        const body = c.childForFieldName('value')?.text.trim() ?? '';
        let value: bigint | undefined;
        try {
          value = evalConst(parseC(`int x = ${body};`).descendantsOfType('init_declarator')[0]!.childForFieldName('value')!);
          enumValues.set(name, value);
        } catch { /* not an integer constant */ }
        model.macros.push({ name, params: null, body, value, loc: loc(c) });
      } else if (c.type === 'preproc_function_def') {
        const params = c.childForFieldName('parameters')!.namedChildren.map((p) => p.text);
        model.macros.push({ name: c.childForFieldName('name')!.text, params, body: c.childForFieldName('value')?.text.trim() ?? '', loc: loc(c) });
      } else if (c.type.startsWith('preproc_')) visit(c);
    }
  };
  visit(parseC(file.text));
  return model;
}

/** The kernel's fixed-width typedefs, for units that use them without including linux/types.h. */
function kernelScalar(name: string, longBits: number): CType | undefined {
  const m = /^(__)?([us])(8|16|32|64)$/.exec(name);
  if (m) {
    const bits = Number(m[3]);
    const base = bits === 8 ? 'char' : bits === 16 ? 'short' : bits === 32 ? 'int' : 'long long';
    const builtin = m[2] === 'u' ? `unsigned ${base}` : base === 'char' ? 'signed char' : base;
    return { kind: 'typedef', name, to: { kind: 'builtin', name: builtin } };
  }
  const other: Record<string, string> = {
    phys_addr_t: 'unsigned long long', dma_addr_t: 'unsigned long long', gfp_t: 'unsigned int',
    size_t: longBits === 64 ? 'unsigned long' : 'unsigned int', ssize_t: longBits === 64 ? 'long' : 'int',
    loff_t: 'long long',
  };
  return other[name] ? { kind: 'typedef', name, to: { kind: 'builtin', name: other[name]! } } : undefined;
}

/**
 * The function definitions and file-scope variables of one translation unit
 * (an image), found with tree-sitter, with their line extents.
 */
import type { SyntaxNode } from '../c-syntax.ts';
import { declaratorName, parseC } from '../c-syntax.ts';
import { normalizeKernelSource } from '../kernel-source.ts';
import type { FunctionSource, GlobalSource } from './machine.ts';

export interface DefinedFunction extends FunctionSource {
  startLine: number;
  endLine: number;
}

export interface UnitDefinitions {
  functions: Map<string, DefinedFunction>;
  globals: Map<string, GlobalSource>;
}

function functionName(def: SyntaxNode): string | null {
  let d: SyntaxNode | null = def.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ? declaratorName(d.childForFieldName('declarator')) : null;
}

const cache = new Map<string, UnitDefinitions>();

/** Definitions of a unit (memoised by path and text: every scenario run asks again). */
export function unitDefinitions(path: string, text: string): UnitDefinitions {
  const key = `${path}\0${text}`;
  let defs = cache.get(key);
  if (!defs) {
    defs = readDefinitions(path, text);
    if (cache.size > 64) cache.clear();
    cache.set(key, defs);
  }
  return defs;
}

function readDefinitions(path: string, text: string): UnitDefinitions {
  const root = parseC(normalizeKernelSource(text));
  const functions = new Map<string, DefinedFunction>();
  const globals = new Map<string, GlobalSource>();
  const visit = (parent: SyntaxNode): void => {
    for (const n of parent.namedChildren) {
      if (n.type === 'function_definition') {
        const name = functionName(n);
        if (!name) continue;
        functions.set(name, {
          name,
          node: n,
          file: path,
          isStatic: n.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static'),
          startLine: n.startPosition.row + 1,
          endLine: n.endPosition.row + 1,
        });
      } else if (n.type === 'declaration') {
        if (n.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'extern')) continue;
        for (const d of n.childrenForFieldName('declarator')) {
          let inner: SyntaxNode | null = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
          while (inner && (inner.type === 'pointer_declarator' || inner.type === 'parenthesized_declarator' || inner.type === 'array_declarator')) {
            inner = inner.childForFieldName('declarator') ?? inner.namedChildren[0] ?? null;
          }
          if (!inner || inner.type === 'function_declarator') continue;
          const name = declaratorName(d);
          if (name) globals.set(name, { name, node: n, declarator: d, file: path });
        }
      } else if (n.type === 'preproc_ifdef' || n.type === 'preproc_if' || n.type === 'preproc_else' || n.type === 'preproc_elif') {
        visit(n);
      }
    }
  };
  visit(root);
  return { functions, globals };
}

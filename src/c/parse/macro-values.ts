/**
 * Integer values of object-like macros (MacroDef.value): each macro's
 * expansion is evaluated as a C constant expression with the TypeModel's
 * types, so `sizeof(struct x)`, casts, enumerators and `_IOW(…)` (which
 * asm/ioctl.h expanded for this ABI) get the value GCC gives them. All
 * candidates are parsed in one tree-sitter pass, one declaration per line.
 */
import type { MacroDef } from '../type-model.ts';
import { tryEvaluate, type EvalContext } from './const-eval.ts';
import { normalizeGnuC } from './gnu-normalize.ts';
import { parseC } from './tree-sitter-c.ts';

/** Full expansion of a macro body (null when it cannot be expanded). */
export type ExpandMacroText = (text: string) => string | null;

const NOT_AN_EXPRESSION = /["{};#]|^\s*$/;
const CHAR_LITERAL = /'(?:[^'\\\n]|\\.)*'/g;

/** Strings, braces, statements and directives cannot be integer constant expressions (char constants can). */
function notAnExpression(text: string): boolean {
  return NOT_AN_EXPRESSION.test(text.replace(CHAR_LITERAL, '0'));
}

export function evaluateMacroValues(macros: MacroDef[], expand: ExpandMacroText, ctx: EvalContext): void {
  const candidates: { macro: MacroDef; text: string }[] = [];
  for (const macro of macros) {
    if (macro.params !== null || notAnExpression(macro.body)) continue;
    let text: string | null;
    try {
      // expand the name, not the body: a body naming its own macro (`#define X (X - 1)`, X also an
      // enumerator) must not be expanded again, exactly as in GCC
      text = expand(macro.name);
    } catch {
      text = null;
    }
    if (text === null || notAnExpression(text) || text.includes('\n')) continue;
    candidates.push({ macro, text });
  }
  if (candidates.length === 0) return;
  const source = candidates.map((c, i) => `int __abi_check_m${i} = (${c.text});`).join('\n');
  const tree = parseC(normalizeGnuC(source).text);
  for (const decl of tree.rootNode.children) {
    if (decl.type !== 'declaration' || decl.hasError) continue;
    const row = decl.startPosition.row;
    if (decl.endPosition.row !== row) continue;
    const init = decl.childForFieldName('declarator');
    const value = init?.type === 'init_declarator' ? init.childForFieldName('value') : null;
    const candidate = candidates[row];
    if (!value || !candidate) continue;
    const v = tryEvaluate(value, ctx);
    if (!('error' in v)) candidate.macro.value = v.value;
  }
}

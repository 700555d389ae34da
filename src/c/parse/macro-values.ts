/**
 * Integer values of object-like macros (MacroDef.value): each macro's
 * expansion is evaluated as a C constant expression with the TypeModel's
 * types, so `sizeof(struct x)`, casts, enumerators and `_IOW(…)` (which
 * asm/ioctl.h expanded for this ABI) get the value GCC gives them. All
 * candidates are parsed in one tree-sitter pass, one declaration per line.
 */
import type { MacroDef } from '../type-model.ts';
import { parseIntegerLiteral, unary } from './c-integer.ts';
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

/** `42`, `(0x10UL)`, `(-1)`: an integer literal in parentheses, perhaps signed (most macros). */
const PLAIN_LITERAL = /^\s*((?:\(\s*)*)([-+]?)\s*((?:0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)[uUlL]*)((?:\s*\))*)\s*$/;

/**
 * The value of a plain literal, computed as the evaluator would from its
 * parse, without a parse; null for anything else (parsed with the rest).
 */
function literalValue(text: string, ctx: EvalContext): bigint | null {
  const m = PLAIN_LITERAL.exec(text);
  if (!m || m[1]!.replace(/\s/g, '').length !== m[4]!.replace(/\s/g, '').length) return null;
  const v = parseIntegerLiteral(m[3]!, ctx.abi);
  if (!v) return null;
  return (m[2] ? unary(m[2], v) : v).value;
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
    const literal = literalValue(text, ctx);
    if (literal !== null) macro.value = literal;
    else candidates.push({ macro, text });
  }
  // a line tree-sitter could not parse on its own row may have been swallowed by its neighbour's
  // error recovery: those are parsed again one by one, so no value depends on the other macros
  for (const i of evaluateLines(candidates, ctx)) evaluateLines([candidates[i]!], ctx);
}

/** Evaluate candidates parsed together, one declaration per line; the indices of lines that did not parse cleanly. */
function evaluateLines(candidates: { macro: MacroDef; text: string }[], ctx: EvalContext): number[] {
  if (candidates.length === 0) return [];
  const source = candidates.map((c, i) => `int __abi_check_m${i} = (${c.text});`).join('\n');
  const tree = parseC(normalizeGnuC(source).text);
  const clean = new Set<number>();
  for (const decl of tree.rootNode.children) {
    if (decl.type !== 'declaration' || decl.hasError) continue;
    const row = decl.startPosition.row;
    if (decl.endPosition.row !== row) continue;
    const init = decl.childForFieldName('declarator');
    const value = init?.type === 'init_declarator' ? init.childForFieldName('value') : null;
    const candidate = candidates[row];
    if (!value || !candidate) continue;
    clean.add(row);
    const v = tryEvaluate(value, ctx);
    if (!('error' in v)) candidate.macro.value = v.value;
  }
  return candidates.length === 1 ? [] : candidates.map((_, i) => i).filter((i) => !clean.has(i));
}

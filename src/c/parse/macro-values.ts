/**
 * Integer values of object-like macros (MacroDef.value): each macro's
 * expansion is evaluated as a C constant expression with the TypeModel's
 * types, so `sizeof(struct x)`, casts, enumerators and `_IOW(…)` (which
 * asm/ioctl.h expanded for this ABI) get the value GCC gives them. Each
 * distinct expansion is parsed once (kept, within a budget); those not seen
 * yet are parsed in one tree-sitter pass, one declaration per line.
 */
import type { MacroDef } from '../type-model.ts';
import { parseIntegerLiteral, unary } from './c-integer.ts';
import { tryEvaluate, type EvalContext } from './const-eval.ts';
import { normalizeGnuC } from './gnu-normalize.ts';
import { parseUncachedC, type SyntaxNode } from './tree-sitter-c.ts';
import { registerCache } from '../memory-pressure.ts';

/** Full expansion of a macro body (null when it cannot be expanded). */
export type ExpandMacroText = (text: string) => string | null;

const NOT_AN_EXPRESSION = /[{};#]|^\s*$/;
const CHAR_LITERAL = /'(?:[^'\\\n]|\\.)*'/g;

/**
 * Braces, statements and directives cannot be integer constant expressions;
 * nor can strings, but as sizeof's operand (`sizeof(XATTR_OS2_PREFIX) - 1`);
 * char constants can.
 */
function notAnExpression(text: string): boolean {
  const t = text.replace(CHAR_LITERAL, '0');
  return NOT_AN_EXPRESSION.test(t) || (t.includes('"') && !t.includes('sizeof'));
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
  const parsed = parsedExpressions(candidates.map((c) => c.text));
  for (const c of candidates) {
    const value = parsed.get(c.text);
    if (!value) continue;
    const v = tryEvaluate(value, ctx);
    if (!('error' in v)) c.macro.value = v.value;
  }
}

/**
 * Parsed expansions by text: the expression node, or null where the text is
 * not one expression on its own. The same expansions recur in every unit
 * that includes a header and on every ABI (a real uAPI diff evaluates 174k
 * expansions, 7.5k distinct), while whole units' lists rarely do: a parse
 * kept per expansion costs a quarter of the memory one per unit did.
 */
const expressions = new Map<string, SyntaxNode | null>();
/**
 * Nodes of the expressions kept: about 50 MB (a copied node with its child
 * list and text costs ~250 bytes, and a kept expression also keeps the few
 * declaration nodes around it in its batch's tree).
 */
const EXPRESSION_NODE_BUDGET = 200_000;
let expressionNodes = 0;
const nodeCounts = new Map<string, number>();
registerCache(() => {
  expressions.clear();
  nodeCounts.clear();
  expressionNodes = 0;
});

/** The parses of `texts` (each distinct text parsed once, all new ones in one tree-sitter pass). */
function parsedExpressions(texts: readonly string[]): Map<string, SyntaxNode | null> {
  const out = new Map<string, SyntaxNode | null>();
  const fresh: string[] = [];
  for (const t of texts) {
    if (out.has(t)) continue;
    const hit = expressions.get(t);
    if (hit !== undefined) out.set(t, hit);
    else {
      out.set(t, null);
      fresh.push(t);
    }
  }
  if (fresh.length === 0) return out;
  // a line tree-sitter could not parse on its own row may have been swallowed by its neighbour's
  // error recovery: those are parsed again one by one, so no value depends on the other macros
  const unclean = parseLines(fresh, out);
  if (fresh.length > 1) for (const i of unclean) parseLines([fresh[i]!], out);
  for (const t of fresh) keep(t, out.get(t)!);
  return out;
}

/** Parse `texts` as one declaration per line into `out`; the indices of lines that did not parse cleanly. */
function parseLines(texts: readonly string[], out: Map<string, SyntaxNode | null>): number[] {
  const source = texts.map((t, i) => `int __abi_check_m${i} = (${t});`).join('\n');
  const root = parseUncachedC(normalizeGnuC(source).text).rootNode;
  const clean = new Set<number>();
  for (const decl of root.children) {
    if (decl.type !== 'declaration' || decl.hasError) continue;
    const row = decl.startPosition.row;
    if (decl.endPosition.row !== row || row >= texts.length) continue;
    const init = decl.childForFieldName('declarator');
    const value = init?.type === 'init_declarator' ? init.childForFieldName('value') : null;
    if (!value) continue;
    clean.add(row);
    out.set(texts[row]!, value);
  }
  return texts.map((_, i) => i).filter((i) => !clean.has(i));
}

function countNodes(n: SyntaxNode): number {
  let k = 1;
  for (const c of n.children) k += countNodes(c);
  return k;
}

/** Keep a parse, the oldest dropped beyond the budget. */
function keep(text: string, node: SyntaxNode | null): void {
  const nodes = node ? countNodes(node) : 1;
  expressions.set(text, node);
  nodeCounts.set(text, nodes);
  expressionNodes += nodes;
  for (const old of expressions.keys()) {
    if (expressionNodes <= EXPRESSION_NODE_BUDGET) break;
    expressions.delete(old);
    expressionNodes -= nodeCounts.get(old)!;
    nodeCounts.delete(old);
  }
}

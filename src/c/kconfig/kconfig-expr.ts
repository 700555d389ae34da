/**
 * Kconfig expressions (Documentation/kbuild/kconfig-language.rst, "Menu
 * dependencies"): symbols and constants, `=`, `!=`, `<`, `<=`, `>`, `>=`
 * between two of them, `!`, `&&`, `||` and parentheses, read from the
 * tokens of one line.
 */

export type KconfigExpr =
  | { k: 'sym'; name: string }
  /** A quoted string, or a word that is no symbol's name (`y`, `n`, `m` and numbers are constants too). */
  | { k: 'const'; text: string }
  | { k: 'not'; e: KconfigExpr }
  | { k: 'and' | 'or'; a: KconfigExpr; b: KconfigExpr }
  | { k: 'cmp'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; a: KconfigExpr; b: KconfigExpr };

export const YES: KconfigExpr = { k: 'const', text: 'y' };

export function and(a: KconfigExpr, b: KconfigExpr): KconfigExpr {
  if (a === YES) return b;
  if (b === YES) return a;
  return { k: 'and', a, b };
}

export function or(a: KconfigExpr, b: KconfigExpr): KconfigExpr {
  return { k: 'or', a, b };
}

/** A token of a Kconfig line: a word, a quoted string (its text unquoted), or an operator. */
export interface KconfigToken {
  kind: 'word' | 'string' | 'op';
  text: string;
}

const OPS = ['&&', '||', '!=', '<=', '>=', '=', '<', '>', '!', '(', ')'];
const OP_START = '&|!=<>()';
const WORD_END = ' \t\r"\'#&|!=<>()';

/** The tokens of a line (a `#` outside quotes starts a comment). */
export function tokenizeLine(line: string): KconfigToken[] {
  const out: KconfigToken[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== c) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        text += line[j];
        j++;
      }
      out.push({ kind: 'string', text });
      i = j + 1;
      continue;
    }
    const op = OP_START.includes(c) ? OPS.find((o) => line.startsWith(o, i)) : undefined;
    if (op) {
      out.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    let j = i + 1;
    while (j < line.length && !WORD_END.includes(line[j]!)) j++;
    out.push({ kind: 'word', text: line.slice(i, j) });
    i = j;
  }
  return out;
}

/** Thrown for an expression that does not parse; the parser turns it into a diagnostic. */
export class KconfigSyntaxError extends Error {}

/** Parses `tokens[from…]` as one expression; returns it and where it ended. */
export function parseExpr(tokens: readonly KconfigToken[], from = 0): { expr: KconfigExpr; end: number } {
  let pos = from;
  const peek = () => tokens[pos];
  const isOp = (t: string) => peek()?.kind === 'op' && peek()!.text === t;
  const primary = (): KconfigExpr => {
    const t = peek();
    if (!t) throw new KconfigSyntaxError('expression expected');
    if (t.kind === 'op' && t.text === '!') {
      pos++;
      return { k: 'not', e: primary() };
    }
    if (t.kind === 'op' && t.text === '(') {
      pos++;
      const e = orExpr();
      if (!isOp(')')) throw new KconfigSyntaxError("')' expected");
      pos++;
      return e;
    }
    if (t.kind === 'op') throw new KconfigSyntaxError(`unexpected '${t.text}'`);
    pos++;
    const left: KconfigExpr = t.kind === 'string' ? { k: 'const', text: t.text } : atom(t.text);
    const o = peek();
    if (o?.kind === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(o.text)) {
      pos++;
      const r = peek();
      if (!r || r.kind === 'op') throw new KconfigSyntaxError(`operand expected after '${o.text}'`);
      pos++;
      return { k: 'cmp', op: o.text as '=', a: left, b: r.kind === 'string' ? { k: 'const', text: r.text } : atom(r.text) };
    }
    return left;
  };
  const andExpr = (): KconfigExpr => {
    let e = primary();
    while (isOp('&&')) {
      pos++;
      e = { k: 'and', a: e, b: primary() };
    }
    return e;
  };
  const orExpr = (): KconfigExpr => {
    let e = andExpr();
    while (isOp('||')) {
      pos++;
      e = { k: 'or', a: e, b: andExpr() };
    }
    return e;
  };
  // nothing at all: a toolchain probe (`$(success,…)`) that expanded to nothing, which reads as failed
  if (from >= tokens.length) return { expr: { k: 'const', text: 'n' }, end: from };
  const expr = orExpr();
  return { expr, end: pos };
}

/** A bare word: `y`/`m`/`n` and numbers are constants, anything else names a symbol. */
function atom(word: string): KconfigExpr {
  if (word === 'y' || word === 'm' || word === 'n' || /^-?(?:0x[0-9a-fA-F]+|\d+)$/.test(word)) return { k: 'const', text: word };
  return { k: 'sym', name: word };
}

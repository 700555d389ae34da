/**
 * A small evaluator for the integer constant expressions uAPI macros are made
 * of (`VFIO_BASE + 3`, `(1U << 4)`, `'k'`), used when the C front end left a
 * macro's value unevaluated. Returns undefined for anything it does not know.
 */
type Tok = { t: 'num'; v: bigint } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|'(\\?.)'|([A-Za-z_]\w*)|(<<|>>|&&|\|\||[-+*/%()~!&|^]))/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return undefined;
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'num', v: BigInt(m[1]) });
    else if (m[2] !== undefined) {
      const c = m[2];
      const esc: Record<string, number> = { '\\n': 10, '\\t': 9, '\\0': 0, "\\'": 39, '\\\\': 92 };
      out.push({ t: 'num', v: BigInt(c.length === 2 ? esc[c] ?? c.charCodeAt(1) : c.charCodeAt(0)) });
    } else if (m[3] !== undefined) out.push({ t: 'id', v: m[3] });
    else out.push({ t: 'op', v: m[4] });
  }
  return out;
}

const BINARY: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '<<': 7, '>>': 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9 };

export function evalConstExpr(text: string, resolve: (name: string) => bigint | undefined, depth = 0): bigint | undefined {
  if (depth > 16) return undefined;
  const toks: Tok[] = tokenize(text) ?? [];
  if (toks.length === 0) return undefined;
  let pos = 0;
  const peek = () => toks[pos];
  function primary(): bigint | undefined {
    const t = toks[pos++];
    if (!t) return undefined;
    if (t.t === 'num') return t.v;
    if (t.t === 'id') return resolve(t.v);
    if (t.v === '(') {
      // A cast like `(__u32)` or `(unsigned int)`: skip it.
      let j = pos;
      while (toks[j] && toks[j].t === 'id') j++;
      const after = toks[j + 1];
      const castable = after !== undefined && (after.t !== 'op' || ['(', '-', '+', '~', '!'].includes(after.v));
      if (j > pos && toks[j]?.t === 'op' && toks[j].v === ')' && castable) {
        const names = toks.slice(pos, j).map((x) => String(x.v));
        if (names.every((n) => /^(unsigned|signed|int|long|short|char|__[us](8|16|32|64)|u(8|16|32|64))$/.test(n))) {
          pos = j + 1;
          return unary();
        }
      }
      const v = binary(0);
      const close = toks[pos++];
      if (!close || close.t !== 'op' || close.v !== ')') return undefined;
      return v;
    }
    return undefined;
  }
  function unary(): bigint | undefined {
    const t = peek();
    if (t && t.t === 'op' && ['-', '+', '~', '!'].includes(t.v)) {
      pos++;
      const v = unary();
      if (v === undefined) return undefined;
      return t.v === '-' ? -v : t.v === '+' ? v : t.v === '~' ? ~v : v === 0n ? 1n : 0n;
    }
    return primary();
  }
  function binary(minPrec: number): bigint | undefined {
    let left = unary();
    if (left === undefined) return undefined;
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op' || !(t.v in BINARY) || BINARY[t.v] < minPrec) return left;
      pos++;
      const right = binary(BINARY[t.v] + 1);
      if (right === undefined || left === undefined) return undefined;
      switch (t.v) {
        case '||': left = left !== 0n || right !== 0n ? 1n : 0n; break;
        case '&&': left = left !== 0n && right !== 0n ? 1n : 0n; break;
        case '|': left = left | right; break;
        case '^': left = left ^ right; break;
        case '&': left = left & right; break;
        case '<<': left = left << right; break;
        case '>>': left = left >> right; break;
        case '+': left = left + right; break;
        case '-': left = left - right; break;
        case '*': left = left * right; break;
        case '/': if (right === 0n) return undefined; left = left / right; break;
        case '%': if (right === 0n) return undefined; left = left % right; break;
      }
    }
  }
  const v = binary(0);
  return pos === toks.length ? v : undefined;
}

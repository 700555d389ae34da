/**
 * Macro expansion (C11 6.10.3) with Prosser's hide-set algorithm: each token
 * carries the set of macros whose expansion produced it, and a macro never
 * expands a token that has its name in that set, which is exactly the "painted
 * blue" rule and guarantees termination. Function-like invocations may span
 * lines; their arguments are fully expanded in isolation before substitution,
 * except next to `#` and `##`.
 *
 * The expander pulls raw tokens from a TokenSource (the preprocessor's current
 * file, which runs directives as it meets them, or a fixed list) and hands out
 * fully expanded tokens one at a time.
 *
 * `__counted_by(x)`, `__counted_by_le(x)` and `__counted_by_be(x)` are
 * rewritten at every use to `__attribute__((__counted_by__(x)))` whatever
 * their definition: uAPI headers define them empty (and GCC 12 has no such
 * attribute), but the front end must still see the annotation.
 */
import { diag, type PpDiagnostic } from './diagnostic.ts';
import { lexText } from './lexer.ts';
import type { Macro } from './macro.ts';
import { HideSet, unionHide, type Token } from './token.ts';

export interface TokenSource {
  /** The next raw token, or null at the end of the input (end of file). */
  next(): Token | null;
  peek(): Token | null;
}

export const EMPTY_SOURCE: TokenSource = { next: () => null, peek: () => null };

/** What the expander needs from its surroundings. */
/** Read access to a macro table. */
export interface MacroLookup {
  get(name: string): Macro | undefined;
  has(name: string): boolean;
}

export interface ExpansionHost {
  macros: MacroLookup;
  diagnostics: PpDiagnostic[];
  /** Upper bound on tokens produced by expansion per preprocess run. */
  budget: { used: number; max: number; exhausted: boolean };
  counter: { value: number };
  /** Presumed (after #line) file and line for __FILE__/__LINE__. */
  presumed(tok: Token): { file: string; line: number };
  includeLevel(): number;
  /** Current and maximum nesting of macro-argument pre-expansion (bounds recursion). */
  depth: number;
  maxDepth: number;
  /** Receives the text of each `_Pragma("…")` operator met in the output. */
  pragma?(text: string, at: Token): void;
  /** Answers for `#if` operators; undefined outside #if. */
  ifOperators?: IfOperators;
}

export interface IfOperators {
  hasInclude(name: string, angled: boolean, next: boolean, at: Token): boolean;
  hasAttribute(name: string): number;
  hasCAttribute(name: string): number;
  hasBuiltin(name: string): number;
}

/** Macros the preprocessor computes at each use; `defined` is true for them. */
export const DYNAMIC_MACROS = new Set(['__LINE__', '__FILE__', '__COUNTER__', '__INCLUDE_LEVEL__', '__BASE_FILE__', '__DATE__', '__TIME__', '__TIMESTAMP__', '__FILE_NAME__']);
/** Function-like operators GCC 12 predefines (so `#ifdef __has_include` holds). */
export const IF_OPERATORS = new Set(['__has_include', '__has_include_next', '__has_attribute', '__has_cpp_attribute', '__has_c_attribute', '__has_builtin']);
const COUNTED_BY = new Set(['__counted_by', '__counted_by_le', '__counted_by_be']);

interface Substitution {
  m: Macro;
  args: Token[][];
  /** Fully expanded arguments, computed on first use. */
  expanded: (Token[] | undefined)[];
  out: Token[];
  /** The last output item is a placemarker (an empty argument next to ##). */
  placemarker: boolean;
  vaIndex: number;
}

function paramIndex(params: string[] | null, t: Token | undefined): number {
  return t && params && t.kind === 'ident' && params.length > 0 ? params.indexOf(t.text) : -1;
}

/** Append `toks`, giving the first the spacing of the parameter it replaces. */
function emitTokens(out: Token[], toks: readonly Token[], space: boolean): void {
  for (let k = 0; k < toks.length; k++) out.push(k === 0 && toks[k]!.space !== space ? { ...toks[k]!, space } : toks[k]!);
}

function makeToken(kind: Token['kind'], text: string, at: Token): Token {
  return { kind, text, file: at.file, line: at.line, space: at.space, bol: false, hide: at.hide };
}

function cStringLiteral(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => '\\' + c) + '"';
}

/** `#arg`: the argument's spelling with single spaces, `"` and `\` escaped inside literals. */
export function stringize(arg: readonly Token[], at: Token): Token {
  let s = '';
  for (let i = 0; i < arg.length; i++) {
    const t = arg[i]!;
    if (i > 0 && t.space) s += ' ';
    s += t.kind === 'string' || t.kind === 'char' ? t.text.replace(/[\\"]/g, (c) => '\\' + c) : t.text;
  }
  return makeToken('string', `"${s}"`, at);
}

export class MacroExpander {
  private readonly pending: Token[] = [];
  /** True while next() reads a token that starts a new expansion (not a lookahead, not a macro's arguments). */
  readingFresh = false;
  private readonly host: ExpansionHost;
  private readonly source: TokenSource;

  constructor(host: ExpansionHost, source: TokenSource, initial?: readonly Token[]) {
    this.host = host;
    this.source = source;
    if (initial) for (let i = initial.length - 1; i >= 0; i--) this.pending.push(initial[i]!);
  }

  /** Expand a whole token list in isolation (macro arguments, #if lines, free text). */
  static expandAll(host: ExpansionHost, tokens: readonly Token[]): Token[] {
    if (tokens.length === 0) return [];
    if (host.depth >= host.maxDepth) {
      const t = tokens[0]!;
      if (!host.budget.exhausted) {
        host.budget.exhausted = true;
        host.diagnostics.push(diag(t.file, t.line, `macro arguments nested more than ${host.maxDepth} deep; further macros are left unexpanded`));
      }
      return tokens.slice();
    }
    host.depth++;
    try {
      const ex = new MacroExpander(host, EMPTY_SOURCE, tokens);
      const out: Token[] = [];
      for (let t = ex.next(); t; t = ex.next()) out.push(t);
      return out;
    } finally {
      host.depth--;
    }
  }

  private take(): Token | null {
    return this.pending.length > 0 ? this.pending.pop()! : this.source.next();
  }

  private peek(): Token | null {
    return this.pending.length > 0 ? this.pending[this.pending.length - 1]! : this.source.peek();
  }

  private pushBack(tokens: readonly Token[]): void {
    for (let i = tokens.length - 1; i >= 0; i--) this.pending.push(tokens[i]!);
  }

  private charge(n: number, at: Token): boolean {
    const b = this.host.budget;
    b.used += n;
    if (b.used <= b.max) return true;
    if (!b.exhausted) {
      b.exhausted = true;
      this.host.diagnostics.push(diag(at.file, at.line, `macro expansion exceeds ${b.max} tokens; further macros are left unexpanded`));
    }
    return false;
  }

  /** The next fully macro-expanded token, or null at the end of the input. */
  next(): Token | null {
    for (;;) {
      this.readingFresh = true;
      const tok = this.take();
      this.readingFresh = false;
      if (!tok) return null;
      if (tok.kind !== 'ident') return tok;
      const name = tok.text;
      const ops = this.host.ifOperators;
      if (ops) {
        if (name === 'defined') return this.readDefined(tok);
        if (IF_OPERATORS.has(name)) return this.readIfOperator(tok, ops);
      } else if (COUNTED_BY.has(name) && this.peek()?.text === '(') {
        return this.rewriteCountedBy(tok) ?? tok;
      }
      if (tok.hide?.has(name)) return tok;
      if (DYNAMIC_MACROS.has(name) && !this.host.macros.has(name)) return this.dynamicMacro(tok);
      if (name === '_Pragma' && this.peek()?.text === '(') {
        this.skipPragmaOperator(tok);
        continue;
      }
      const m = this.host.macros.get(name);
      if (!m || this.host.budget.exhausted) return tok;
      if (m.params === null) {
        const out = this.substitute(m, [], tok, tok.hide ? tok.hide.with(name) : HideSet.of(name));
        if (!this.charge(out.length, tok)) return tok;
        this.pushBack(out);
        continue;
      }
      if (this.peek()?.text !== '(') return tok;
      const call = this.collectArgs(m, tok);
      // GCC keeps the name and drops the malformed argument list.
      if (!call) return tok;
      const hs = unionHide(HideSet.intersect(tok.hide, call.rparen.hide), HideSet.of(name))!;
      const out = this.substitute(m, call.args, tok, hs);
      if (!this.charge(out.length, tok)) return tok;
      this.pushBack(out);
    }
  }

  /** Read `( args )` after a function-like macro name; null (with a diagnostic) when malformed. */
  private collectArgs(m: Macro, nameTok: Token): { args: Token[][]; rparen: Token } | null {
    this.take(); // '('
    const params = m.params!;
    const args: Token[][] = [];
    let cur: Token[] = [];
    let depth = 0;
    let count = 0;
    for (;;) {
      const t = this.take();
      if (!t) {
        this.host.diagnostics.push(diag(nameTok.file, nameTok.line, `unterminated argument list invoking macro "${m.name}"`));
        return null;
      }
      // An argument list longer than the whole expansion budget (a runaway invocation) stops here.
      if (++count > this.host.budget.max) {
        this.charge(count, nameTok);
        return null;
      }
      if (t.text === '(' && t.kind === 'punct') depth++;
      else if (t.text === ')' && t.kind === 'punct') {
        if (depth === 0) {
          args.push(cur);
          return this.checkArgCount(m, nameTok, args, params) ? { args, rparen: t } : null;
        }
        depth--;
      } else if (t.text === ',' && t.kind === 'punct' && depth === 0 && !(m.variadic && args.length === params.length - 1)) {
        args.push(cur);
        cur = [];
        continue;
      }
      cur.push(t);
    }
  }

  private checkArgCount(m: Macro, at: Token, args: Token[][], params: string[]): boolean {
    if (params.length === 0 && args.length === 1 && args[0]!.length === 0) {
      args.length = 0;
      return true;
    }
    if (m.variadic && args.length === params.length - 1) args.push([]);
    if (args.length === params.length) return true;
    const given = args.length;
    this.host.diagnostics.push(diag(at.file, at.line, given < params.length
      ? `macro "${m.name}" requires ${params.length} arguments, but only ${given} given`
      : `macro "${m.name}" passed ${given} arguments, but takes just ${params.length}`));
    return false;
  }

  /** The replacement list of `m` with arguments substituted, `#` and `##` applied, hide set `hs` added. */
  private substitute(m: Macro, args: Token[][], at: Token, hs: HideSet): Token[] {
    const s: Substitution = { m, args, expanded: [], out: [], placemarker: false, vaIndex: m.variadic ? m.params!.length - 1 : -1 };
    this.substituteRange(s, 0, m.body.length);
    const out = s.out;
    const result: Token[] = new Array(out.length);
    for (let k = 0; k < out.length; k++) {
      const t = out[k]!;
      result[k] = t.unterminated
        ? { kind: t.kind, text: t.text, file: at.file, line: at.line, space: k === 0 ? at.space : t.space, bol: false, hide: unionHide(t.hide, hs), unterminated: t.unterminated }
        : { kind: t.kind, text: t.text, file: at.file, line: at.line, space: k === 0 ? at.space : t.space, bol: false, hide: unionHide(t.hide, hs) };
    }
    return result;
  }

  private substituteRange(s: Substitution, from: number, to: number): void {
    const { m, args, out } = s;
    const body = m.body;
    const params = m.params;
    for (let i = from; i < to; i++) {
      const t = body[i]!;
      if (params && t.text === '#' && t.kind === 'punct') {
        const p = paramIndex(params, body[i + 1]);
        if (p >= 0) {
          out.push({ ...stringize(args[p]!, t), space: t.space });
          s.placemarker = false;
          i++;
          continue;
        }
      }
      if (t.text === '##' && t.kind === 'punct' && i + 1 < to) {
        const rhsTok = body[i + 1]!;
        const p = paramIndex(params, rhsTok);
        const rhs = p >= 0 ? args[p]! : [rhsTok];
        if (p >= 0 && p === s.vaIndex && body[i - 1]?.text === ',' && !s.placemarker && out.length > 0 && out[out.length - 1]!.text === ',') {
          // GNU `, ## __VA_ARGS__`: drop the comma when there are no variable arguments.
          if (rhs.length === 0) out.pop();
          else emitTokens(out, rhs, rhs[0]!.space);
          s.placemarker = false;
          i++;
          continue;
        }
        if (rhs.length === 0) {
          i++;
          continue;
        }
        if (s.placemarker || out.length === 0) emitTokens(out, rhs, rhsTok.space);
        else {
          const lhs = out.pop()!;
          out.push(...this.paste(lhs, rhs[0]!));
          for (let k = 1; k < rhs.length; k++) out.push(rhs[k]!);
        }
        s.placemarker = false;
        i++;
        continue;
      }
      if (t.text === '__VA_OPT__' && m.variadic && body[i + 1]?.text === '(') {
        let depth = 0;
        let j = i + 1;
        for (; j < to; j++) {
          if (body[j]!.text === '(') depth++;
          else if (body[j]!.text === ')' && --depth === 0) break;
        }
        // As GCC 12: __VA_OPT__ is kept when the variable arguments expand to some tokens.
        if (this.expandedArg(s, s.vaIndex).length > 0) this.substituteRange(s, i + 2, j);
        else s.placemarker = body[j + 1]?.text === '##';
        i = j;
        continue;
      }
      const p = paramIndex(params, t);
      if (p >= 0) {
        if (body[i + 1]?.text === '##') {
          const raw = args[p]!;
          if (raw.length === 0) s.placemarker = true;
          else {
            emitTokens(out, raw, t.space);
            s.placemarker = false;
          }
          continue;
        }
        emitTokens(out, this.expandedArg(s, p), t.space);
        s.placemarker = false;
        continue;
      }
      out.push(t);
      s.placemarker = false;
    }
  }

  private expandedArg(s: Substitution, p: number): Token[] {
    let e = s.expanded[p];
    if (!e) {
      e = MacroExpander.expandAll(this.host, s.args[p]!);
      s.expanded[p] = e;
    }
    return e;
  }

  /** `a ## b`: one token when the spellings form one, else both with a diagnostic. */
  private paste(lhs: Token, rhs: Token): Token[] {
    const text = lhs.text + rhs.text;
    if (lhs.kind === 'ident' && (rhs.kind === 'ident' || rhs.kind === 'number') && /^[\w$]+$/.test(rhs.text)) {
      return [{ ...lhs, text, hide: null }];
    }
    const { tokens } = lexText(lhs.file, text, lhs.line);
    if (tokens.length === 1 && tokens[0]!.kind !== 'other') return [{ ...lhs, kind: tokens[0]!.kind, text, hide: null }];
    this.host.diagnostics.push(diag(lhs.file, lhs.line, `pasting "${lhs.text}" and "${rhs.text}" does not give a valid preprocessing token`));
    return [lhs, rhs];
  }

  private dynamicMacro(tok: Token): Token {
    const where = this.host.presumed(tok);
    switch (tok.text) {
      case '__LINE__': return makeToken('number', String(where.line), tok);
      case '__FILE__':
      case '__BASE_FILE__': return makeToken('string', cStringLiteral(where.file), tok);
      case '__FILE_NAME__': return makeToken('string', cStringLiteral(where.file.replace(/^.*\//, '')), tok);
      case '__COUNTER__': return makeToken('number', String(this.host.counter.value++), tok);
      case '__INCLUDE_LEVEL__': return makeToken('number', String(this.host.includeLevel()), tok);
      // Fixed values keep the output reproducible.
      case '__DATE__': return makeToken('string', '"Jan  1 1970"', tok);
      case '__TIME__': return makeToken('string', '"00:00:00"', tok);
      default: return makeToken('string', '"Thu Jan  1 00:00:00 1970"', tok);
    }
  }

  private rewriteCountedBy(tok: Token): Token | null {
    const fake: Macro = { name: tok.text, params: ['x'], variadic: false, namedVariadic: false, body: [], loc: tok };
    const call = this.collectArgs(fake, tok);
    if (!call) return null;
    const at = { ...tok, hide: tok.hide ? tok.hide.with(tok.text) : HideSet.of(tok.text) };
    const mk = (kind: Token['kind'], text: string, space = false): Token => ({ ...makeToken(kind, text, at), space });
    const out: Token[] = [
      mk('ident', '__attribute__', tok.space), mk('punct', '('), mk('punct', '('), mk('ident', '__counted_by__'), mk('punct', '('),
      ...call.args[0]!.map((t, k) => ({ ...t, file: tok.file, line: tok.line, bol: false, space: k > 0 && t.space })),
      mk('punct', ')'), mk('punct', ')'), mk('punct', ')'),
    ];
    this.pushBack(out.slice(1));
    return out[0]!;
  }

  /** `_Pragma("…")`: consumed; the destringized pragma goes to the host. */
  private skipPragmaOperator(tok: Token): void {
    this.take(); // (
    let depth = 1;
    const inner: Token[] = [];
    for (let t = this.take(); t; t = this.take()) {
      if (t.text === '(') depth++;
      else if (t.text === ')' && --depth === 0) {
        const str = inner.length === 1 && inner[0]!.kind === 'string' ? inner[0]!.text : null;
        if (str === null) this.host.diagnostics.push(diag(tok.file, tok.line, '_Pragma takes a parenthesized string literal'));
        else this.host.pragma?.(str.replace(/^L?"|"$/g, '').replace(/\\(["\\])/g, '$1'), tok);
        return;
      }
      inner.push(t);
    }
    this.host.diagnostics.push(diag(tok.file, tok.line, '_Pragma takes a parenthesized string literal'));
  }

  /** `defined X` / `defined ( X )` → 1 or 0 (the operand is not expanded). */
  private readDefined(tok: Token): Token {
    let t = this.take();
    const paren = t?.text === '(';
    if (paren) t = this.take();
    if (!t || t.kind !== 'ident') {
      this.host.diagnostics.push(diag(tok.file, tok.line, 'operator "defined" requires an identifier'));
      if (t) this.pending.push(t);
      return makeToken('number', '0', tok);
    }
    if (paren) {
      const close = this.take();
      if (close?.text !== ')') {
        this.host.diagnostics.push(diag(tok.file, tok.line, 'missing \')\' after "defined"'));
        if (close) this.pending.push(close);
      }
    }
    const name = t.text;
    const isDefined = this.host.macros.has(name) || DYNAMIC_MACROS.has(name) || IF_OPERATORS.has(name);
    return makeToken('number', isDefined ? '1' : '0', tok);
  }

  /** `__has_include(…)`, `__has_attribute(x)`, `__has_builtin(x)` … → a number token. */
  private readIfOperator(tok: Token, ops: IfOperators): Token {
    const open = this.take();
    if (open?.text !== '(') {
      this.host.diagnostics.push(diag(tok.file, tok.line, `missing '(' after "${tok.text}"`));
      if (open) this.pending.push(open);
      return makeToken('number', '0', tok);
    }
    const inner: Token[] = [];
    let depth = 0;
    for (;;) {
      const t = this.take();
      if (!t) {
        this.host.diagnostics.push(diag(tok.file, tok.line, `missing ')' after "${tok.text}" operand`));
        break;
      }
      if (t.text === '(') depth++;
      else if (t.text === ')' && depth-- === 0) break;
      inner.push(t);
    }
    let value = 0;
    if (tok.text === '__has_include' || tok.text === '__has_include_next') {
      let operand = inner;
      if (!(operand[0]?.kind === 'string' || operand[0]?.text === '<')) {
        const saved = this.host.ifOperators;
        this.host.ifOperators = undefined;
        operand = MacroExpander.expandAll(this.host, inner);
        this.host.ifOperators = saved;
      }
      const header = headerName(operand);
      if (!header) this.host.diagnostics.push(diag(tok.file, tok.line, `operator "${tok.text}" requires a header-name`));
      else value = ops.hasInclude(header.name, header.angled, tok.text === '__has_include_next', tok) ? 1 : 0;
    } else {
      const name = inner.map((t) => t.text).join('');
      if (tok.text === '__has_builtin') value = ops.hasBuiltin(name);
      else if (tok.text === '__has_c_attribute') value = ops.hasCAttribute(name);
      else if (tok.text === '__has_cpp_attribute') value = 0;
      else value = ops.hasAttribute(name);
    }
    return makeToken('number', String(value), tok);
  }
}

/** `"name"` or `< name >` as written in #include / __has_include. */
export function headerName(tokens: readonly Token[]): { name: string; angled: boolean } | null {
  const first = tokens[0];
  if (!first) return null;
  if (first.kind === 'string' && first.text.startsWith('"')) return { name: first.text.slice(1, -1), angled: false };
  if (first.text !== '<') return null;
  let name = '';
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '>') return name ? { name, angled: true } : null;
    if (i > 1 && t.space) name += ' ';
    name += t.text;
  }
  return null;
}

/**
 * Translation phases 1–3 (C11 5.1.1.2): line splicing, comments, and the
 * decomposition into preprocessing tokens. One pass over the text, linear in
 * its length; every token keeps the physical line it starts on.
 */
import { diag, type PpDiagnostic } from './diagnostic.ts';
import type { Token, TokenKind } from './token.ts';
import type { CompactTokens } from './compact-tokens.ts';

/** A file as the preprocessor's cache holds it (file-cache.ts). */
export interface LexedFile {
  path: string;
  /** The tokens without their file, shared with other paths of the same text (compact-tokens.ts); null when `streamText` is set. */
  compact: CompactTokens | null;
  /** Problems found while lexing (unterminated comments). */
  diagnostics: PpDiagnostic[];
  /** The include-guard macro when the whole file is `#ifndef X … #endif`. */
  guard: string | null;
  /** Set instead of `compact` for a huge file, which is tokenised on demand. */
  streamText?: string;
}

const SINGLE_PUNCTUATORS = '[](){}.&*+-~!/%<>^|?:;=,#';

/** Digraphs (C11 6.4.6p3) behave as, and are spelled here as, the punctuator they stand for. */
const DIGRAPHS: Record<string, string> = { '<:': '[', ':>': ']', '<%': '{', '%>': '}', '%:': '#', '%:%:': '##' };

/** Length of the punctuator at `i` (longest match, C11 6.4.6), 0 when there is none. */
function punctuatorLength(s: string, i: number): number {
  const c = s[i]!;
  if (!SINGLE_PUNCTUATORS.includes(c)) return 0;
  const d = s[i + 1];
  if (d === undefined) return 1;
  switch (c) {
    case '.': return d === '.' && s[i + 2] === '.' ? 3 : 1;
    case '<':
      if (d === ':' || d === '%') return 2; // digraphs <: <%
      if (d === c) return s[i + 2] === '=' ? 3 : 2;
      return d === '=' ? 2 : 1;
    case '>':
      if (d === c) return s[i + 2] === '=' ? 3 : 2;
      return d === '=' ? 2 : 1;
    case ':': return d === '>' ? 2 : 1; // digraph :>
    case '%':
      if (d === ':') return s[i + 2] === '%' && s[i + 3] === ':' ? 4 : 2; // digraphs %: %:%:
      return d === '=' || d === '>' ? 2 : 1; // %= and digraph %>
    case '-': return d === '>' || d === '-' || d === '=' ? 2 : 1;
    case '+':
    case '&':
    case '|': return d === c || d === '=' ? 2 : 1;
    case '=':
    case '!':
    case '*':
    case '/':
    case '^': return d === '=' ? 2 : 1;
    case '#': return d === '#' ? 2 : 1;
    default: return 1;
  }
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 0x80;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Remove backslash-newlines; `splices` are the offsets (in the result) where a newline was removed. */
function spliceLines(text: string): { text: string; splices: number[] } {
  if (!/\\[ \t]*\r?\n/.test(text)) return { text, splices: [] };
  const re = /\\[ \t]*\r?\n/g;
  const splices: number[] = [];
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += text.slice(last, m.index);
    splices.push(out.length);
    last = m.index + m[0].length;
  }
  out += text.slice(last);
  return { text: out, splices };
}

/**
 * A resumable tokeniser over one file's text: `fill` appends tokens to an
 * array up to a limit, so a huge file can be consumed in chunks.
 * Unterminated literals become `other` tokens flagged `unterminated` (the
 * preprocessor reports them only when they are not in a skipped group, as GCC
 * does); an unterminated comment is reported in `diagnostics`.
 */
export class Lexer {
  readonly diagnostics: PpDiagnostic[] = [];
  private readonly path: string;
  private readonly s: string;
  private readonly splices: number[];
  private readonly interned = new Map<string, string>();
  private i = 0;
  private line: number;
  private spliceIdx = 0;
  private bol = true;
  private space = false;

  constructor(path: string, raw: string, firstLine = 1) {
    const spliced = spliceLines(raw);
    this.path = path;
    this.s = spliced.text;
    this.splices = spliced.splices;
    this.line = firstLine;
  }

  get done(): boolean {
    return this.i >= this.s.length;
  }

  /** Append tokens to `tokens` until it holds `limit` tokens or the text ends. */
  fill(tokens: Token[], limit = Infinity): void {
    const { s, splices, path, diagnostics } = this;
    const n = s.length;
    let { i, line, spliceIdx, bol, space } = this;

    // Identifiers, numbers and punctuators repeat: share one string per spelling.
    const push = (kind: TokenKind, start: number, end: number, tokLine: number, unterminated?: "'" | '"') => {
      let text = s.slice(start, end);
      if (kind === 'punct' && end - start >= 2) text = DIGRAPHS[text] ?? text;
      if (kind === 'ident' || kind === 'punct' || kind === 'number') {
        const hit = this.interned.get(text);
        if (hit !== undefined) text = hit;
        else this.interned.set(text, text);
      }
      const tok: Token = unterminated
        ? { kind, text, file: path, line: tokLine, space, bol, hide: null, unterminated }
        : { kind, text, file: path, line: tokLine, space, bol, hide: null };
      tokens.push(tok);
      bol = false;
      space = false;
    };

    /** Scan a quoted literal starting at the quote `q`; returns its end or -1 when unterminated on this line. */
    const scanQuoted = (from: number, q: number): number => {
      let j = from + 1;
      while (j < n) {
        const c = s.charCodeAt(j);
        if (c === q) return j + 1;
        if (c === 10) return -1;
        if (c === 92 /* \ */) j += 2;
        else j++;
      }
      return -1;
    };

    while (i < n && tokens.length < limit) {
      const c = s.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
        bol = true;
        space = false;
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
        space = true;
        i++;
        continue;
      }
      while (spliceIdx < splices.length && splices[spliceIdx]! <= i) {
        line++;
        spliceIdx++;
      }
      const start = i;
      const tokLine = line;
      if (c === 47 /* / */) {
        const d = s.charCodeAt(i + 1);
        if (d === 42 /* * */) {
          const end = s.indexOf('*/', i + 2);
          const stop = end < 0 ? n : end + 2;
          for (let j = s.indexOf('\n', i); j >= 0 && j < stop; j = s.indexOf('\n', j + 1)) line++;
          if (end < 0) diagnostics.push(diag(path, tokLine, 'unterminated comment'));
          i = stop;
          space = true;
          continue;
        }
        if (d === 47) {
          const end = s.indexOf('\n', i);
          i = end < 0 ? n : end;
          space = true;
          continue;
        }
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < n && isIdentChar(s.charCodeAt(j))) j++;
        const q = s.charCodeAt(j);
        if ((q === 34 || q === 39) && /^(L|u|U|u8)$/.test(s.slice(i, j)) && !(q === 39 && j - i === 2)) {
          const end = scanQuoted(j, q);
          if (end < 0) {
            const eol = s.indexOf('\n', j);
            i = eol < 0 ? n : eol;
            push('other', start, i, tokLine, q === 34 ? '"' : "'");
          } else {
            i = end;
            push(q === 34 ? 'string' : 'char', start, i, tokLine);
          }
          continue;
        }
        i = j;
        push('ident', start, i, tokLine);
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if ((d === 43 || d === 45) && /[eEpP]/.test(s[j - 1]!)) j++;
          else if (isIdentChar(d) || d === 46) j++;
          else break;
        }
        i = j;
        push('number', start, i, tokLine);
        continue;
      }
      if (c === 34 || c === 39) {
        const end = scanQuoted(i, c);
        if (end < 0) {
          const eol = s.indexOf('\n', i);
          i = eol < 0 ? n : eol;
          push('other', start, i, tokLine, c === 34 ? '"' : "'");
        } else {
          i = end;
          push(c === 34 ? 'string' : 'char', start, i, tokLine);
        }
        continue;
      }
      const len = punctuatorLength(s, i);
      if (len > 0) {
        i += len;
        push('punct', start, i, tokLine);
        continue;
      }
      i++;
      push('other', start, i, tokLine);
    }
    this.i = i;
    this.line = line;
    this.spliceIdx = spliceIdx;
    this.bol = bol;
    this.space = space;
  }
}

/** Tokenise `text` as if it were the file `path` starting at `firstLine`. */
export function lexText(path: string, raw: string, firstLine = 1): { tokens: Token[]; diagnostics: PpDiagnostic[] } {
  const lexer = new Lexer(path, raw, firstLine);
  const tokens: Token[] = [];
  lexer.fill(tokens);
  return { tokens, diagnostics: lexer.diagnostics };
}

/** Tokenise a whole file and detect its include guard. */
export function lexFile(path: string, text: string): { tokens: Token[]; diagnostics: PpDiagnostic[]; guard: string | null } {
  const { tokens, diagnostics } = lexText(path, text);
  return { tokens, diagnostics, guard: findIncludeGuard(tokens) };
}

/**
 * `X` when the file is exactly `#ifndef X` (or `#if !defined X`) … `#endif`
 * with nothing outside that group, else null. Such a file need not be read
 * again once X is defined.
 */
export function findIncludeGuard(tokens: readonly Token[]): string | null {
  if (tokens.length < 4 || tokens[0]!.text !== '#' || !tokens[0]!.bol) return null;
  let guard: string | null = null;
  const t1 = tokens[1]!;
  if (t1.text === 'ifndef' && tokens[2]!.kind === 'ident' && (tokens.length === 3 || tokens[3]!.bol)) {
    guard = tokens[2]!.text;
  } else if (t1.text === 'if' && tokens[2]!.text === '!' && tokens[3]!.text === 'defined') {
    const rest: string[] = [];
    for (let k = 4; k < tokens.length && !tokens[k]!.bol; k++) rest.push(tokens[k]!.text);
    const m = /^\(?([A-Za-z_]\w*)\)?$/.exec(rest.join(''));
    if (m) guard = m[1]!;
  }
  if (!guard) return null;
  let depth = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!t.bol) continue;
    if (depth === 0 && k > 0) return null; // something after the closing #endif
    if (t.text !== '#') continue;
    const d = tokens[k + 1];
    if (!d || d.bol) continue;
    if (d.text === 'if' || d.text === 'ifdef' || d.text === 'ifndef') depth++;
    else if (d.text === 'endif') depth--;
    else if (depth === 1 && (d.text === 'else' || d.text === 'elif' || d.text === 'elifdef' || d.text === 'elifndef')) return null;
  }
  return depth === 0 ? guard : null;
}

/**
 * A file's tokens without the file: a few flat arrays per text, shared by
 * every path that has that text.
 *
 * Each cross compiler's sysroot has its own copy of the uAPI headers
 * (/usr/aarch64-linux-gnu/include/linux/…, /usr/s390x-linux-gnu/include/…),
 * byte-identical across most targets. Tokens name their file, so one token
 * object per token per path was kept for the whole process: ten copies of
 * the same tokens, each promoted through the young generation by the GC.
 * Here a text is lexed once; a file frame (file-tokens.ts) makes its Token
 * objects, with its own path, as it reads them.
 */
import type { Token, TokenKind } from './token.ts';

const KINDS: readonly TokenKind[] = ['ident', 'number', 'char', 'string', 'punct', 'other'];
const KIND_CODE = new Map(KINDS.map((k, i) => [k, i]));

const SPACE = 1;
const BOL = 2;
const UNTERMINATED_SINGLE = 4;
const UNTERMINATED_DOUBLE = 8;

export interface CompactTokens {
  readonly length: number;
  readonly kinds: Uint8Array;
  readonly flags: Uint8Array;
  readonly lines: Int32Array;
  /** Spellings (the lexer shares one string per spelling). */
  readonly texts: readonly string[];
}

export function compactTokens(tokens: readonly Token[]): CompactTokens {
  const n = tokens.length;
  const kinds = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const lines = new Int32Array(n);
  const texts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    kinds[i] = KIND_CODE.get(t.kind)!;
    flags[i] =
      (t.space ? SPACE : 0) |
      (t.bol ? BOL : 0) |
      (t.unterminated === "'" ? UNTERMINATED_SINGLE : 0) |
      (t.unterminated === '"' ? UNTERMINATED_DOUBLE : 0);
    lines[i] = t.line;
    texts[i] = t.text;
  }
  return { length: n, kinds, flags, lines, texts };
}

/** Token `i` as read from the file `file` (a new object on each call). */
export function tokenAt(c: CompactTokens, i: number, file: string): Token {
  const f = c.flags[i]!;
  const base = { kind: KINDS[c.kinds[i]!]!, text: c.texts[i]!, file, line: c.lines[i]!, space: (f & SPACE) !== 0, bol: (f & BOL) !== 0, hide: null };
  if (f & UNTERMINATED_SINGLE) return { ...base, unterminated: "'" };
  if (f & UNTERMINATED_DOUBLE) return { ...base, unterminated: '"' };
  return base;
}

/**
 * Preprocessing tokens (C11 6.4 "preprocessing-token") and the hide sets that
 * stop a macro from expanding inside its own expansion (Prosser's algorithm,
 * the "blue paint" rule of C11 6.10.3.4p2).
 */

export type TokenKind =
  | 'ident'
  | 'number'
  | 'char'
  | 'string'
  | 'punct'
  /** A stray character, or an unterminated string/char literal (see `unterminated`). */
  | 'other';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Original file and 1-based line: for expansion results, the macro invocation's. */
  readonly file: string;
  readonly line: number;
  /** Preceded by whitespace (or a comment) on its line. */
  readonly space: boolean;
  /** First token of a source line (only tokens read from a file carry it). */
  readonly bol: boolean;
  /** Macros that must not expand this token (null: none). */
  readonly hide: HideSet | null;
  /** Set on an `other` token holding an unterminated '…' or "…" literal. */
  readonly unterminated?: "'" | '"';
}

/**
 * An immutable set of macro names. Sets are built by adding one name at a time
 * or by union/intersection; results are memoised on the receiver so that the
 * many tokens of one expansion share a single object.
 */
export class HideSet {
  private readonly names: ReadonlySet<string>;
  private readonly withCache = new Map<string, HideSet>();
  private readonly unionCache = new Map<HideSet, HideSet>();

  private constructor(names: ReadonlySet<string>) {
    this.names = names;
  }

  static of(name: string): HideSet {
    return new HideSet(new Set([name]));
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  with(name: string): HideSet {
    if (this.names.has(name)) return this;
    let hs = this.withCache.get(name);
    if (!hs) {
      const names = new Set(this.names);
      names.add(name);
      hs = new HideSet(names);
      this.withCache.set(name, hs);
    }
    return hs;
  }

  union(other: HideSet | null): HideSet {
    if (!other || other === this) return this;
    let hs = this.unionCache.get(other);
    if (!hs) {
      hs = this;
      for (const n of other.names) hs = hs.with(n);
      this.unionCache.set(other, hs);
    }
    return hs;
  }

  /** Names in both sets, or null when none. */
  static intersect(a: HideSet | null, b: HideSet | null): HideSet | null {
    if (!a || !b) return null;
    if (a === b) return a;
    let hs: HideSet | null = null;
    for (const n of a.names) if (b.names.has(n)) hs = hs ? hs.with(n) : HideSet.of(n);
    return hs;
  }
}

/** Union that accepts nulls on both sides. */
export function unionHide(a: HideSet | null, b: HideSet | null): HideSet | null {
  if (!a) return b;
  return a.union(b);
}

/** Render tokens as source text: one space wherever the source had whitespace. */
export function spellTokens(tokens: readonly Token[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i > 0 && t.space) out += ' ';
    out += t.text;
  }
  return out;
}

function word(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
}

/** Would printing `a` then `b` without a space lex differently? */
export function needsSpace(a: Token, b: Token): boolean {
  const ac = a.text.charCodeAt(a.text.length - 1);
  const bc = b.text.charCodeAt(0);
  if (word(ac) && (word(bc) || b.kind === 'string' || b.kind === 'char')) return true;
  if (a.kind === 'number' && (bc === 46 || bc === 43 || bc === 45)) return true;
  if (a.kind === 'punct' || a.kind === 'other') {
    if (b.kind === 'number' && a.text === '.') return true;
    const pair = a.text + b.text[0];
    return /^(\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[*/%+\-&^|]=|->|##|\/\*|\/\/|\.\.|<<=|>>=|%:|<:|:>|<%|%>)$/.test(pair)
      || /^(<<|>>)=$/.test(a.text + b.text.slice(0, 1)) || (a.text === '.' && b.text.startsWith('.'));
  }
  return false;
}

/** Render expanded tokens as text: single spaces where the source had space or where needed to keep tokens apart. */
export function joinTokens(tokens: readonly Token[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i > 0 && (t.space || needsSpace(tokens[i - 1]!, t))) out += ' ';
    out += t.text;
  }
  return out;
}

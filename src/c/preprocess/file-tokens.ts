/**
 * Random access to one file's tokens by index, for the preprocessor's file
 * frames. Small files come tokenised from the cache, as compact tokens shared
 * by every path with the same text (compact-tokens.ts): the frame makes each
 * Token once, with its own path, when it is first read. A huge file is
 * tokenised on demand in chunks, and tokens before the lowest index still
 * needed are dropped, so memory stays bounded whatever the file's size.
 */
import { tokenAt, type CompactTokens } from './compact-tokens.ts';
import type { Lexer } from './lexer.ts';
import type { Token } from './token.ts';

const CHUNK = 16_384;

export class FileTokens {
  private buf: Token[];
  /** Index of buf[0]. */
  private base = 0;
  /** Tokens below this index will not be asked for again. */
  private keepFrom = 0;
  private readonly lexer: Lexer | null;
  private readonly compact: { tokens: CompactTokens; file: string } | null;

  constructor(tokens: Token[] | null, lexer: Lexer | null, compact: { tokens: CompactTokens; file: string } | null = null) {
    // compact: this frame's own tokens (the file's token array is shared by every frame of the path)
    this.buf = compact ? [] : (tokens ?? []);
    this.lexer = lexer;
    this.compact = compact;
  }

  at(i: number): Token | undefined {
    const c = this.compact;
    if (c) {
      if (i < 0 || i >= c.tokens.length) return undefined;
      return (this.buf[i] ??= tokenAt(c.tokens, i, c.file));
    }
    const k = i - this.base;
    if (k < this.buf.length) return this.buf[k];
    return this.lexer ? this.pull(i) : undefined;
  }

  /** The caller needs no token before `i` any more. */
  release(i: number): void {
    if (i > this.keepFrom) this.keepFrom = i;
  }

  private pull(i: number): Token | undefined {
    const lexer = this.lexer!;
    while (i - this.base >= this.buf.length && !lexer.done) {
      const drop = this.keepFrom - this.base;
      if (drop >= CHUNK) {
        this.buf = this.buf.slice(drop);
        this.base += drop;
      }
      lexer.fill(this.buf, this.buf.length + CHUNK);
    }
    return this.buf[i - this.base];
  }
}

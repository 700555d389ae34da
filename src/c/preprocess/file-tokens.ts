/**
 * Random access to one file's tokens by index, for the preprocessor's file
 * frames. Small files come fully tokenised from the cache; a huge file is
 * tokenised on demand in chunks, and tokens before the lowest index still
 * needed are dropped, so memory stays bounded whatever the file's size.
 */
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

  constructor(tokens: Token[] | null, lexer: Lexer | null) {
    this.buf = tokens ?? [];
    this.lexer = lexer;
  }

  at(i: number): Token | undefined {
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

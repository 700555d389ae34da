/**
 * Random access to one file's tokens by index, for the preprocessor's file
 * frames. Small files come tokenised from the cache, as compact tokens shared
 * by every path with the same text (compact-tokens.ts): the frame makes each
 * Token once, with its own path, when it is first read, and keeps it only as
 * long as it lives. A huge file is tokenised on demand in chunks, and tokens
 * before the lowest index still needed are dropped, so memory stays bounded
 * whatever the file's size.
 */
import { tokenAt, type CompactTokens } from './compact-tokens.ts';
import type { Lexer } from './lexer.ts';
import type { Token } from './token.ts';

const CHUNK = 16_384;

export class FileTokens {
  /** The tokens made so far: by index (compact), or from index `base` on (streamed). */
  private buf: Token[] = [];
  /** Index of buf[0]. */
  private base = 0;
  /** Tokens below this index will not be asked for again. */
  private keepFrom = 0;

  private constructor(
    private readonly compact: { tokens: CompactTokens; file: string } | null,
    private readonly lexer: Lexer | null,
  ) {}

  /** The tokens of a cached file, as read from the file `file`. */
  static of(tokens: CompactTokens, file: string): FileTokens {
    return new FileTokens({ tokens, file }, null);
  }

  /** The tokens of a huge file, tokenised on demand. */
  static streamed(lexer: Lexer): FileTokens {
    return new FileTokens(null, lexer);
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

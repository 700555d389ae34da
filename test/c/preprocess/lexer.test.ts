import { describe, expect, it } from 'vitest';
import { findIncludeGuard, lexFile, lexText } from '../../../src/c/preprocess/lexer.ts';

const brief = (text: string) => lexText('/v/l.c', text).tokens.map((t) => `${t.line}${t.bol ? '^' : ''}${t.space ? '_' : ''}${t.kind[0]}:${t.text}`);

describe('lexer', () => {
  it('splits preprocessing tokens with longest-match punctuators and pp-numbers', () => {
    expect(lexText('f', 'a->b<<=c...d##e 0x1fULL 1e+5 .5 1.2.3 x+++y').tokens.map((t) => t.text)).toEqual([
      'a', '->', 'b', '<<=', 'c', '...', 'd', '##', 'e', '0x1fULL', '1e+5', '.5', '1.2.3', 'x', '++', '+', 'y',
    ]);
  });

  it('reads digraphs as the punctuators they stand for', () => {
    expect(lexText('f', '%:define A <: :> <% %> %:%: a%=b').tokens.map((t) => t.text)).toEqual([
      '#', 'define', 'A', '[', ']', '{', '}', '##', 'a', '%=', 'b',
    ]);
  });

  it('keeps physical line numbers across comments and backslash-newlines, and marks line starts and spacing', () => {
    expect(brief('#define X \\\n  1 /* c\n c */ y\n// z\n  w')).toEqual([
      '1^p:#', '1i:define', '1_i:X', '2_n:1', '3_i:y', '5^_i:w',
    ]);
  });

  it('lexes string and character literals with prefixes and escapes', () => {
    expect(lexText('f', `"a\\"b" L"w" u8"x" 'c' '\\'' U'z' u'y'`).tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'string:"a\\"b"', 'string:L"w"', 'string:u8"x"', "char:'c'", "char:'\\''", "char:U'z'", "char:u'y'",
    ]);
  });

  it('flags unterminated literals (reported only if used) and reports an unterminated comment', () => {
    const r = lexText('/v/u.c', 'a "open\nb \'x\nc /* open\nd\n');
    expect(r.tokens.map((t) => [t.text, t.unterminated ?? null])).toEqual([['a', null], ['"open', '"'], ['b', null], ["'x", "'"], ['c', null]]);
    expect(r.diagnostics).toEqual([{ loc: { file: '/v/u.c', line: 3 }, message: 'unterminated comment', severity: 'error' }]);
  });

  it('detects include guards only when the whole file is guarded', () => {
    const guard = (text: string) => findIncludeGuard(lexText('f', text).tokens);
    expect(guard('/* c */\n#ifndef _LINUX_X_H\n#define _LINUX_X_H\nint x;\n#if A\n#endif\n#endif /* _LINUX_X_H */\n')).toBe('_LINUX_X_H');
    expect(guard('#if !defined(G)\n#define G\n#endif\n')).toBe('G');
    expect(guard('#ifndef G\n#define G\n#endif\nint after;\n')).toBeNull();
    expect(guard('int before;\n#ifndef G\n#endif\n')).toBeNull();
    expect(guard('#ifndef G\n#else\n#endif\n')).toBeNull();
    expect(lexFile('/v/g.h', '#ifndef G\n#endif\n').guard).toBe('G');
  });

  it('is linear: 5 MB of tokens lex quickly', () => {
    const text = 'struct s { __u32 a; char b[16]; } /* x */;\n'.repeat(120_000);
    const t0 = performance.now();
    const r = lexText('f', text);
    expect(r.tokens.length).toBe(14 * 120_000);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

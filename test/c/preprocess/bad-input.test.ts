/** Bad input: clear diagnostics with file:line, no crash, no hang (work is bounded). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { preprocess } from '../../../src/c/preprocess/index.ts';
import { bothPreprocess } from './gcc-oracle.ts';

const opts = { abi: 'x86_64' as const, kernel: false, includeDirs: [] as string[], readFile: () => null };
const run = (text: string, extra: object = {}) => preprocess({ path: '/bad/x.h', text }, { ...opts, ...extra });

describe('bad input', () => {
  it('unterminated comment: diagnostic at the line where it starts', () => {
    const r = run('int a;\nint b; /* never\nclosed\n');
    expect(r.diagnostics).toEqual([{ loc: { file: '/bad/x.h', line: 2 }, message: 'unterminated comment', severity: 'error' }]);
    expect(r.text).toBe('int a;\nint b;\n');
  });

  it('unterminated string and character literals: diagnostics, the rest of the file is kept', () => {
    const r = run('char *s = "abc;\nint c = \'x;\nint ok;\n');
    expect(r.diagnostics).toEqual([
      { loc: { file: '/bad/x.h', line: 1 }, message: 'missing terminating " character', severity: 'error' },
      { loc: { file: '/bad/x.h', line: 2 }, message: "missing terminating ' character", severity: 'warning' },
    ]);
    expect(r.text.split('\n')[2]).toBe('int ok;');
  });

  it('self-referential and mutually recursive macros terminate', () => {
    const text = '#define a a b\n#define b a\n#define f(x) f(x) g(x)\n#define g(x) f(x)\na b f(1)\n';
    const { gcc, ours, result } = bothPreprocess(text);
    expect(result.diagnostics).toEqual([]);
    expect(ours).toEqual(gcc);
  });

  it('exponential expansion stops at maxTokens with a diagnostic', () => {
    const defs = Array.from({ length: 40 }, (_, i) => `#define m${i} m${i + 1} m${i + 1}`).join('\n');
    const t0 = performance.now();
    const r = run(`${defs}\nm0\nafter\n`, { maxTokens: 100_000 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['macro expansion exceeds 100000 tokens; further macros are left unexpanded']);
    expect(r.text.endsWith('after\n')).toBe(true);
  });

  it('deep nesting: 10,000 nested #if, parentheses, macro calls and braces', () => {
    const n = 10_000;
    const ifs = '#if 1\n'.repeat(n) + 'deep\n' + '#endif\n'.repeat(n);
    expect(run(ifs).text).toBe('deep\n');
    const parens = run(`#if ${'('.repeat(n)}1${')'.repeat(n)}\nyes\n#endif\n`);
    expect(parens.text).toBe('');
    expect(parens.diagnostics[0]!.message).toMatch(/nested too deeply/);
    const calls = run(`#define f(x) x\n${'f('.repeat(n)}1${')'.repeat(n)}\nend\n`);
    expect(calls.text.endsWith('end\n')).toBe(true);
    expect(calls.diagnostics.map((d) => d.message)).toEqual(['macro arguments nested more than 200 deep; further macros are left unexpanded']);
    const braces = run(`struct s ${'{'.repeat(n)}${'}'.repeat(n)};\n`);
    expect(braces.diagnostics).toEqual([]);
    expect(braces.origins).toHaveLength(1);
  });

  it('a 10 MB header preprocesses in linear time', () => {
    const unit = '/* a struct */\nstruct s_N {\n\t__u32 a; /* comment */\n\t__u64 b __attribute__((aligned(8)));\n\tchar name[SIZE];\n};\n#define X_N (1 << 3)\n#if defined(X_N) && X_N > 4\nint x_N = X_N;\n#endif\nint y_N = F(x_N,\n\t1);\n';
    const reps = Math.ceil(10_000_000 / unit.length);
    const text = '#define SIZE 16\n#define F(a, b) ((a) + (b))\n' + Array.from({ length: reps }, (_, i) => unit.replaceAll('_N', `_${i}`)).join('') + 'int tail; /* unterminated';
    expect(text.length).toBeGreaterThan(10_000_000);
    const t0 = performance.now();
    const r = run(text);
    const ms = performance.now() - t0;
    expect(r.diagnostics).toEqual([{ loc: { file: '/bad/x.h', line: 2 + reps * 12 + 1 }, message: 'unterminated comment', severity: 'error' }]);
    expect(r.origins.length).toBe(reps * 8 + 1);
    expect(r.text.endsWith(`int x_${reps - 1} = (1 << 3);\nint y_${reps - 1} = ((x_${reps - 1}) + (1))\n;\nint tail;\n`)).toBe(true);
    expect(r.origins.slice(-3)).toEqual([2 + reps * 12 - 1, 2 + reps * 12, 2 + reps * 12 + 1].map((line) => ({ file: '/bad/x.h', line })));
    expect(ms).toBeLessThan(20_000);
  });

  it('stray characters and odd directives do not crash', () => {
    const r = run('@ ` \\ \u00e9t\u00e9\n#\n# 12 "renamed.c"\n#line x\n#undef\n#ifdef\n#endif\n#define\n#define f(\n#define g(a,\n#define h(a b)\n#define i(...x)\nok\n');
    expect(r.text).toContain('ok');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '"x" after #line is not a positive integer',
      'no macro name given in #undef directive',
      'no macro name given in #ifdef directive',
      'no macro name given in #define directive',
      'missing \')\' in macro parameter list of "f"',
      'missing \')\' in macro parameter list of "g"',
      'expected parameter name, found "b" in macro "h"',
      'missing \')\' after "..." in macro "i"',
    ]);
  });

  it('never throws on arbitrary C-like text (fast-check)', () => {
    const piece = fc.constantFrom('#', 'define', 'if', 'elif', 'endif', 'include', ' ', '\n', '\\\n', '(', ')', ',', '##', '...', '"', "'",
      '/*', '*/', '//', 'A', 'B', 'f', 'defined', '__VA_ARGS__', '__VA_OPT__', '1', '0x', '<', '>', '+', '-', '?', ':', '__has_include', '_Pragma');
    fc.assert(fc.property(fc.array(piece, { maxLength: 80 }), (parts) => {
      const r = run(parts.join(''), { maxTokens: 50_000 });
      expect(typeof r.text).toBe('string');
      expect(r.origins.length).toBe(r.text.split('\n').length - 1);
    }), { numRuns: 2000 });
  });

  it('rejects an unknown ABI or a malformed predefined macro as an InputError', () => {
    expect(() => run('', { abi: 'vax' })).toThrow(InputError);
    expect(() => run('', { predefined: { '1X': '' } })).toThrow(InputError);
  });
});

import { describe, expect, it } from 'vitest';
import { preprocess } from '../../../src/c/preprocess/index.ts';
import { bothPreprocess } from './gcc-oracle.ts';

const CASES: Record<string, string> = {
  'if / elif / else chains and nesting': `
#define A 2
#if A == 1
one
#elif A == 2
two
# if 0
never
# elif 1
nested
# endif
#elif 1
notreached
#else
notreached
#endif
#if 0
#if garbage ( (
#else
#endif
'unterminated in a skipped group
#elif 0
#else
else
#endif
`,
  'ifdef, ifndef, elifdef, elifndef and the forms of defined': `
#define D
#ifdef D
d
#endif
#ifndef D
nd
#elifdef D
elifdef
#endif
#ifdef U
#elifndef U
elifndef
#endif
#if defined D && defined(D) && !defined U && !defined ( U )
forms
#endif
#define DEF defined(D)
#if DEF
from-macro
#endif
#if defined __LINE__ && defined(__has_include) && defined __has_attribute && defined __COUNTER__
builtins
#endif
`,
  'integer constant expressions': `
#if UNKNOWN == 0 && -1 < 0 && -1 > 0u && (0 ? 1/0 : 1) && !(1 || 1/0) == 0
a
#endif
#if 0x7fffffffffffffff + 0 > 0 && 18446744073709551615u == -1 && (1 << 63) < 0 && (1u << 63) > 0
b
#endif
#if 'k' == 107 && '\\377' < 0 && '\\n' == 10 && L'x' == 120 && 'ab' == 24930
c
#endif
#if (2 + 3) * 4 % 7 == 6 && 7 / -2 == -3 && -7 % 2 == -1 && ~0 == -1 && (1, 2) == 2
d
#endif
#if __SIZEOF_LONG__ == 8 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __GNUC__ >= 12 && __STDC_VERSION__ >= 201112L
e
#endif
#if 10 >> 1 == 5 && -16 >> 2 == -4 && 1 << 0 == 1 && 0xffUL == 255 && 010 == 8 && 0b101 == 5
f
#endif
`,
  '__has_include, __has_attribute, __has_builtin, __has_c_attribute': `
#if __has_include(<stddef.h>) && !__has_include("no/such/file.h") && __has_include(<linux/types.h>)
inc
#endif
#if __has_attribute(packed) && __has_attribute(__aligned__) && !__has_attribute(__counted_by__) && !__has_attribute(nonsense_attr)
attr
#endif
#if __has_builtin(__builtin_expect) && __has_builtin(__builtin_offsetof) && !__has_builtin(__builtin_nonsense)
builtin
#endif
#if __has_c_attribute(fallthrough) && !__has_c_attribute(nonsense)
cattr
#endif
`,
};

describe('conditional inclusion matches GCC', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(name, () => {
      const { gcc, ours, result } = bothPreprocess(text, 'x86_64', { includeDirs: ['/usr/lib/gcc/x86_64-linux-gnu/12/include', '/usr/include/x86_64-linux-gnu', '/usr/include'] });
      expect(result.diagnostics).toEqual([]);
      expect(ours).toEqual(gcc);
    });
  }

  it('answers per ABI: char signedness in character constants and long size', () => {
    const text = "#if '\\377' < 0\nsigned_char\n#endif\n#if __SIZEOF_LONG__ == 4\nilp32\n#endif\n#ifdef __CHAR_UNSIGNED__\nuchar\n#endif\n";
    for (const abi of ['x86_64', 'i386', 'aarch64', 'arm'] as const) {
      const { gcc, ours } = bothPreprocess(text, abi);
      expect(ours, abi).toEqual(gcc);
    }
  });
});

describe('conditional errors are diagnostics, not crashes', () => {
  const run = (text: string) => preprocess({ path: '/v/c.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });

  it('reports malformed expressions at their line and takes the group as false', () => {
    const r = run('#if 1 +\nA\n#endif\n#if (1\nB\n#endif\n#if 1 / 0\nC\n#endif\n#if\nD\n#endif\n#if 1.5\nE\n#endif\n#if f(1)\nF\n#endif\nend\n');
    expect(r.text).toBe('end\n');
    expect(r.diagnostics.map((d) => [d.loc.line, d.severity])).toEqual([[1, 'error'], [4, 'error'], [7, 'error'], [10, 'error'], [13, 'error'], [16, 'error']]);
    expect(r.diagnostics[2]!.message).toContain('division by zero');
    expect(r.diagnostics[5]!.message).toContain('missing binary operator before token "("');
  });

  it('reports unbalanced conditionals', () => {
    const r = run('#endif\n#else\n#if 1\n#else\n#else\n#endif\n#ifdef X\n');
    expect(r.diagnostics.map((d) => `${d.loc.line}: ${d.message}`)).toEqual([
      '1: #endif without #if', '2: #else without #if', '5: #else after #else', '7: unterminated conditional directive',
    ]);
  });

  it('#error and #warning are diagnostics and preprocessing goes on', () => {
    const r = run('#error stop "here"\n#warning careful\nafter\n');
    expect(r.diagnostics).toEqual([
      { loc: { file: '/v/c.h', line: 1 }, message: '#error stop "here"', severity: 'error' },
      { loc: { file: '/v/c.h', line: 2 }, message: '#warning careful', severity: 'warning' },
    ]);
    expect(r.text).toBe('after\n');
  });

  it('reports an unknown directive', () => {
    const r = run('#frobnicate x\nok\n');
    expect(r.diagnostics[0]).toMatchObject({ loc: { line: 1 }, message: 'invalid preprocessing directive #frobnicate' });
    expect(r.text).toBe('ok\n');
  });

  it('does not complain about apostrophes in skipped groups', () => {
    const r = run("#if 0\ndon't\n#endif\n");
    expect(r.diagnostics).toEqual([]);
  });
});

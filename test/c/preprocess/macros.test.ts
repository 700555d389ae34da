import { describe, expect, it } from 'vitest';
import { expandMacroText, preprocess } from '../../../src/c/preprocess/index.ts';
import { bothPreprocess } from './gcc-oracle.ts';

/** Each case is preprocessed by GCC and by us; the token streams must be identical. */
const CASES: Record<string, string> = {
  'object-like and function-like': `
#define N 4
#define SQ(x) ((x) * (x))
int a[N]; int b = SQ(N + 1); int c = SQ (2);
#define NOTFN (x) x
NOTFN(1)
`,
  'stringize with escapes and spacing': `
#define S(x) #x
#define XS(x) S(x)
S( a   +  b ) S("q\\n" 'c') S() XS(__LINE__) S( a
  b )
`,
  'token pasting, empty operands and placemarkers': `
#define CAT(a, b) a ## b
#define CAT3(a, b, c) a ## b ## c
CAT(x, 1) CAT(, y) CAT(z, ) CAT(,) CAT3(a, , c) CAT3(, , c) CAT(1, 2e) CAT(+, =) CAT(<<, =)
#define U(x) x ## U
U(10)
`,
  'variadic macros, named variadics, GNU comma and __VA_OPT__': `
#define F(fmt, ...) f(fmt, ## __VA_ARGS__)
#define G(fmt, args...) g(fmt, ## args)
#define H(...) h(__VA_ARGS__)
#define O(a, ...) o(a __VA_OPT__(,) __VA_ARGS__)
F("x") F("x", 1) F("x", 1, 2) G("y") G("y", 3, (4, 5)) H() H(1, 2) O(1) O(1, 2, 3)
`,
  'rescanning and blue paint (C11 6.10.3.4 and 6.10.3.5 examples)': `
#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`,
  'mutual and self reference terminate': `
#define foo foo bar
#define A B
#define B A
#define C(x) C(x) D
#define D C(1)
foo A B C(2) D
`,
  'function-like macro name from an expansion takes arguments from the text': `
#define f(x) [x]
#define g f
#define ID(x) x
g(1) ID(f)(2) ID(g)(3)
`,
  'invocation spanning lines and nested parentheses': `
#define F(a, b) {a | b}
F((1, 2),
  3) F(
  (x)
  ,
  (y)
)
`,
  '__COUNTER__ and __LINE__': `
#define L __LINE__
__COUNTER__ __COUNTER__ L
__LINE__
#define CTR(x) x __COUNTER__
CTR(__COUNTER__)
`,
  'the kernel ioctl macros': `
#define _IOC_NRBITS 8
#define _IOC_TYPEBITS 8
#define _IOC_SIZEBITS 14
#define _IOC_NRSHIFT 0
#define _IOC_TYPESHIFT (_IOC_NRSHIFT+_IOC_NRBITS)
#define _IOC_SIZESHIFT (_IOC_TYPESHIFT+_IOC_TYPEBITS)
#define _IOC_DIRSHIFT (_IOC_SIZESHIFT+_IOC_SIZEBITS)
#define _IOC_WRITE 1U
#define _IOC(dir,type,nr,size) (((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) | ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))
#define _IOC_TYPECHECK(t) (sizeof(t))
#define _IOW(type,nr,size) _IOC(_IOC_WRITE,(type),(nr),(_IOC_TYPECHECK(size)))
#define VFIO_X _IOW('k', 1, struct vfio_x)
unsigned int x = VFIO_X;
`,
  'struct_group and flex array helpers as in uapi/linux/stddef.h': `
#define __struct_group(TAG, NAME, ATTRS, MEMBERS...) \\
	union { \\
		struct { MEMBERS } ATTRS; \\
		struct TAG { MEMBERS } ATTRS NAME; \\
	} ATTRS
#define __DECLARE_FLEX_ARRAY(TYPE, NAME)	\\
	struct { \\
		struct { } __empty_ ## NAME; \\
		TYPE NAME[]; \\
	}
struct s { __struct_group(g, grp, __attribute__((packed)), int a; int b;); __DECLARE_FLEX_ARRAY(char, data); };
`,
  'CRLF line endings and continuations': '#define A(x) \\\r\n  x + 1\r\n#if A(1) == 2\r\nok A(2)\r\n#endif\r\n',
  'directives inside macro arguments': `
#define F(x) <x>
F(1
#define Y 2
Y)
`,
};

describe('macro expansion matches GCC', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(name, () => {
      const { gcc, ours, result } = bothPreprocess(text);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(ours).toEqual(gcc);
    });
  }
});

describe('macro expansion details', () => {
  it('keeps each output line on the line of the source it came from', () => {
    const text = '#define F(a, b) a b\nint x;\nF(1,\n  2) int y;\n\nint z;\n';
    const r = preprocess({ path: '/virtual/m.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(r.text.split('\n').slice(0, -1)).toEqual(['int x;', '1 2', 'int y;', 'int z;']);
    expect(r.origins).toEqual([
      { file: '/virtual/m.h', line: 2 }, { file: '/virtual/m.h', line: 3 },
      { file: '/virtual/m.h', line: 4 }, { file: '/virtual/m.h', line: 6 },
    ]);
  });

  it('reports wrong argument counts and unterminated invocations with file:line, and continues', () => {
    const text = '#define F(a, b) a b\nF(1)\nF(1, 2, 3)\nok\nF(1,\n';
    const r = preprocess({ path: '/virtual/bad.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    const msgs = r.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}: ${d.message}`);
    expect(msgs).toEqual([
      '/virtual/bad.h:2: macro "F" requires 2 arguments, but only 1 given',
      '/virtual/bad.h:3: macro "F" passed 3 arguments, but takes just 2',
      '/virtual/bad.h:5: unterminated argument list invoking macro "F"',
    ]);
    expect(r.text).toContain('ok');
  });

  it('reports invalid pastes and bad #define lines', () => {
    const text = '#define P(a, b) a ## b\nP(+, -)\n#define 3x\n#define Q(a) #b\n#define R(a, a) a\n';
    const r = preprocess({ path: '/virtual/p.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(r.diagnostics.map((d) => [d.loc.line, d.message])).toEqual([
      [2, 'pasting "+" and "-" does not give a valid preprocessing token'],
      [3, 'macro names must be identifiers'],
      [4, "'#' is not followed by a macro parameter"],
      [5, 'duplicate macro parameter "a"'],
    ]);
    expect(r.text.trim()).toBe('+ -');
  });

  it('warns when a macro is redefined differently, not when identically', () => {
    const text = '#define A 1\n#define A 1\n#define A  1\n#define A 2\n';
    const r = preprocess({ path: '/v/r.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(r.diagnostics).toEqual([{ loc: { file: '/v/r.h', line: 4 }, message: '"A" redefined (previous definition at /v/r.h:3)', severity: 'warning' }]);
  });

  it('returns the final macro table as MacroDefs', () => {
    const text = '#define A 1\n#define F(x, ...) (x + __VA_ARGS__)\n#define G(a, rest...) rest\n#define GONE\n#undef GONE\n';
    const r = preprocess({ path: '/v/t.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(r.macros.get('A')).toEqual({ name: 'A', params: null, body: '1', loc: { file: '/v/t.h', line: 1 } });
    expect(r.macros.get('F')).toEqual({ name: 'F', params: ['x', '...'], body: '(x + __VA_ARGS__)', loc: { file: '/v/t.h', line: 2 } });
    expect(r.macros.get('G')?.params).toEqual(['a', 'rest...']);
    expect(r.macros.has('GONE')).toBe(false);
    expect(r.macros.get('__x86_64__')?.loc.file).toBe('<built-in>');
  });

  it('expandMacroText expands with a result or with a MacroDef table', () => {
    const text = '#define _IOC(d, t, n, s) (((d) << 30) | ((t) << 8) | (n) | ((s) << 16))\n#define _IOW(t, n, T) _IOC(1U, (t), (n), sizeof(T))\n#define F(...) f(0, ## __VA_ARGS__)\n';
    const r = preprocess({ path: '/v/e.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    const expected = "(((1U) << 30) | ((('k')) << 8) | ((1)) | ((sizeof(struct x)) << 16))";
    expect(expandMacroText(r, "_IOW('k', 1, struct x)")).toBe(expected);
    expect(expandMacroText(r.macros, "_IOW('k', 1, struct x)")).toBe(expected);
    expect(expandMacroText(r, 'F() F(1)')).toBe('f(0) f(0,1)');
  });

  it('keeps #pragma pack and _Pragma("pack(…)"), which change layout, and drops other pragmas', () => {
    const text = '_Pragma("GCC diagnostic push") int a;\n#pragma pack(push, 2)\nstruct s { char c; int i; };\n#pragma pack(pop)\n#pragma GCC system_header\n#define PACKED(x) _Pragma("pack(1)") x _Pragma("pack()")\nPACKED(struct t { char c; int i; };)\n';
    const r = preprocess({ path: '/v/pk.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(r.text).toBe('int a;\n#pragma pack(push, 2)\nstruct s { char c; int i; };\n#pragma pack(pop)\n#pragma pack(1)\nstruct t { char c; int i; };\n#pragma pack()\n');
    expect(r.origins.map((o) => o.line)).toEqual([1, 2, 3, 4, 7, 7, 7]);
  });

  it('honours #pragma push_macro / pop_macro', () => {
    const { gcc, ours } = bothPreprocess('#define X 1\n#pragma push_macro("X")\n#undef X\n#define X 2\nX\n#pragma pop_macro("X")\nX\n');
    expect(ours).toEqual(gcc);
  });

  it('honours #line for __LINE__, __FILE__ and origins', () => {
    const text = 'a __LINE__\n#line 100 "renamed.h"\nb __LINE__ __FILE__\nc __LINE__\n';
    const r = preprocess({ path: '/v/l.h', text }, { abi: 'x86_64', kernel: false, includeDirs: [] });
    expect(r.text).toBe('a 1\nb 100 "renamed.h"\nc 101\n');
    expect(r.origins).toEqual([{ file: '/v/l.h', line: 1 }, { file: 'renamed.h', line: 100 }, { file: 'renamed.h', line: 101 }]);
  });
});

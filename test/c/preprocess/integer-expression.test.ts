import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evalIntegerExpression, gccCommandFor, preprocess } from '../../../src/c/preprocess/index.ts';
import { expressionTargetOf } from '../../../src/c/preprocess/abi-targets.ts';
import { evaluateTokens, type IntValue } from '../../../src/c/preprocess/integer-expression.ts';
import { lexText } from '../../../src/c/preprocess/lexer.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { gccPreprocessFile, haveCompiler, scratchFile, tokenTexts } from './gcc-oracle.ts';

const empty = new Map();
const ioctlHeader = preprocess({
  path: '/v/ioctl.h',
  text: [
    '#define _IOC_NRSHIFT 0', '#define _IOC_TYPESHIFT 8', '#define _IOC_SIZESHIFT 16', '#define _IOC_DIRSHIFT 30',
    '#define _IOC_WRITE 1U', '#define _IOC_READ 2U',
    '#define _IOC(dir,type,nr,size) (((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) | ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))',
    '#define _IOW(type,nr,size) _IOC(_IOC_WRITE,(type),(nr),(sizeof(size)))',
    '#define _IOWR(type,nr,size) _IOC(_IOC_READ|_IOC_WRITE,(type),(nr),(sizeof(size)))',
    '#define FEATURE_X 1', '',
  ].join('\n'),
}, { abi: 'x86_64', kernel: false, includeDirs: [] });

describe('evalIntegerExpression', () => {
  const sizes: Record<string, number> = { 'struct a': 16, 'struct b': 12 };
  const hooks = { sizeof: (t: string) => sizes[t] };

  it('evaluates ioctl numbers through the macro table with a sizeof hook (ABI-FACTS.md table)', () => {
    expect(evalIntegerExpression("_IOW('k', 1, struct a)", ioctlHeader, hooks)).toBe(0x40106b01n);
    expect(evalIntegerExpression("_IOWR('k', 2, struct b)", ioctlHeader, hooks)).toBe(0xc00c6b02n);
    expect(evalIntegerExpression("_IOW('k', 1, struct unknown)", ioctlHeader, hooks)).toBeUndefined();
  });

  it('uses C types: int, unsigned, long per ABI, casts, suffixes', () => {
    expect(evalIntegerExpression('1 << 31', empty)).toBe(-2147483648n);
    expect(evalIntegerExpression('1U << 31', empty)).toBe(2147483648n);
    expect(evalIntegerExpression('~0U', empty)).toBe(4294967295n);
    expect(evalIntegerExpression('~0UL', empty)).toBe(18446744073709551615n);
    expect(evalIntegerExpression('~0UL', empty, { abi: 'i386' })).toBe(4294967295n);
    expect(evalIntegerExpression('~0ULL', empty, { abi: 'i386' })).toBe(18446744073709551615n);
    expect(evalIntegerExpression('(__u32)-1', empty)).toBe(4294967295n);
    expect(evalIntegerExpression('(unsigned char)300', empty)).toBe(44n);
    expect(evalIntegerExpression('(signed char)0xff', empty)).toBe(-1n);
    expect(evalIntegerExpression('(char)0xff', empty, { abi: 'aarch64' })).toBe(255n);
    expect(evalIntegerExpression('(char)0xff', empty, { abi: 'x86_64' })).toBe(-1n);
    expect(evalIntegerExpression('-1 < 0U', empty)).toBe(0n);
    expect(evalIntegerExpression('-1L < 0U', empty)).toBe(1n);
    expect(evalIntegerExpression('-1L < 0U', empty, { abi: 'i386' })).toBe(0n);
    expect(evalIntegerExpression('sizeof(long) + sizeof(void *) + sizeof(int)', empty, { abi: 'i386' })).toBe(12n);
    expect(evalIntegerExpression("'\\xff'", empty, { abi: 'arm' })).toBe(255n);
    expect(evalIntegerExpression('0x7fffffff + 1', empty)).toBe(-2147483648n);
    expect(evalIntegerExpression('2147483648', empty)).toBe(2147483648n);
  });

  it('understands defined, ?:, identifiers through a hook, and says undefined otherwise', () => {
    expect(evalIntegerExpression('defined(FEATURE_X) ? 10 : 20', ioctlHeader)).toBe(10n);
    expect(evalIntegerExpression('defined NOPE', ioctlHeader)).toBe(0n);
    expect(evalIntegerExpression('ENUM_A + 1', empty, { identifier: (n) => (n === 'ENUM_A' ? 41n : undefined) })).toBe(42n);
    expect(evalIntegerExpression('ENUM_B + 1', empty)).toBeUndefined();
    expect(evalIntegerExpression('ENUM_B + 1', empty, { mode: 'if' })).toBe(1n);
    expect(evalIntegerExpression('1 / 0', empty)).toBeUndefined();
    expect(evalIntegerExpression('0 && 1 / 0', empty)).toBe(0n);
    expect(evalIntegerExpression('"str"', empty)).toBeUndefined();
    expect(evalIntegerExpression('(1', empty)).toBeUndefined();
    expect(evalIntegerExpression('1.5', empty)).toBeUndefined();
    expect(evalIntegerExpression('(struct x *)0', empty)).toBeUndefined();
  });
});

// ---- property tests against GCC ----

interface Expr {
  text: string;
}

const literal = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map(String),
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => '0x' + v.toString(16)),
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << 31n) - 1n }), fc.constantFrom('', 'u', 'U', 'l', 'L', 'ul', 'UL', 'll', 'LL', 'ull', 'ULL', 'lu'))
    .map(([v, s]) => `${v}${s}`),
  fc.constantFrom("'k'", "'\\377'", "'\\n'", "'\\x7f'", "'0'", "'\\0'", "L'x'", "L'\\xff'", "'ab'", "U'z'"),
);

const expression: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'e' },
    literal.map((text) => ({ text })),
    fc.tuple(fc.constantFrom('-', '~', '!', '+'), tie('e')).map(([op, a]) => ({ text: `${op}(${a.text})` })),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '<', '>', '<=', '>=', '==', '!=', '&', '^', '|', '&&', '||'), tie('e'))
      .map(([a, op, b]) => ({ text: `(${a.text}) ${op} (${b.text})` })),
    fc.tuple(tie('e'), fc.constantFrom('<<', '>>'), fc.integer({ min: 0, max: 63 }))
      .map(([a, op, n]) => ({ text: `(${a.text}) ${op} ${n}` })),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => ({ text: `(${c.text}) ? (${a.text}) : (${b.text})` })),
  ),
})).e;

function ours(text: string, mode: 'if' | 'c', abi: AbiName): IntValue | undefined {
  try {
    return evaluateTokens(lexText('<p>', text).tokens, { mode, ...expressionTargetOf(abi) });
  } catch {
    return undefined;
  }
}

/** A literal with exactly the value and signedness of `v` in #if arithmetic. */
function ifLiteral(v: IntValue): string {
  if (v.type.unsigned) return `${v.value}u`;
  return v.value < 0n ? `(-${-v.value - 1n} - 1)` : `${v.value}`;
}

function cTypeName(v: IntValue): string {
  const base = v.type.rank === 1 ? 'int' : v.type.rank === 2 ? 'long' : 'long long';
  return v.type.unsigned ? `unsigned ${base}` : base;
}

const TEST_ABIS: AbiName[] = ['x86_64', 'i386', 'aarch64', 'arm'];

describe('integer expressions agree with GCC (fast-check)', () => {
  it('#if arithmetic: value and signedness of random expressions', () => {
    for (const abi of TEST_ABIS.filter(haveCompiler)) {
      fc.assert(fc.property(fc.array(expression, { minLength: 40, maxLength: 40 }), (exprs) => {
        const lines: string[] = [];
        const expected: string[] = [];
        exprs.forEach((e, i) => {
          const v = ours(e.text, 'if', abi);
          if (!v) return; // division by zero: GCC rejects it too
          lines.push(`#if ((${e.text}) == ${ifLiteral(v)}) && ((((${e.text}) * 0 - 1) < 0) == ${v.type.unsigned ? 0 : 1})`, `ok_${i}`, '#else', `bad_${i}`, '#endif');
          expected.push(`ok_${i}`);
        });
        const out = tokenTexts(gccPreprocessFile(abi, scratchFile(lines.join('\n') + '\n')));
        expect(out).toEqual(expected);
      }), { numRuns: 8 });
    }
  });

  it('C constant expressions: value and type of random expressions', () => {
    for (const abi of TEST_ABIS.filter(haveCompiler)) {
      const { cc, args } = gccCommandFor(abi);
      fc.assert(fc.property(fc.array(expression, { minLength: 40, maxLength: 40 }), (exprs) => {
        const lines: string[] = [];
        exprs.forEach((e, i) => {
          const v = ours(e.text, 'c', abi);
          if (!v) return;
          const lit = v.type.unsigned ? `${v.value}ULL` : v.value < 0n ? `(-${-v.value - 1n}LL - 1)` : `${v.value}LL`;
          lines.push(`_Static_assert((${e.text}) == (${cTypeName(v)})${lit}, "value ${i}");`);
          lines.push(`_Static_assert(__builtin_types_compatible_p(__typeof__(${e.text}), ${cTypeName(v)}), "type ${i}");`);
        });
        const file = scratchFile(lines.join('\n') + '\n');
        const r = spawnSync(cc, [...args, '-fsyntax-only', '-w', file], { encoding: 'utf8' });
        const failures = r.stderr.split('\n').filter((l) => /error/.test(l));
        expect(failures).toEqual([]);
      }), { numRuns: 6 });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import type { TypeModel } from '../../../src/c/type-model.ts';

function build(text: string, abi: AbiName = 'x86_64'): TypeModel {
  return buildTypeModel({ path: '/tmp/macros.h', text }, { abi, kernel: false, includeDirs: [] });
}

function values(model: TypeModel): Record<string, bigint | undefined> {
  return Object.fromEntries(model.macros.map((m) => [m.name, m.value]));
}

describe('macro values', () => {
  it('a macro that does not parse leaves the values of the others intact', () => {
    // `(1 +` alone once made tree-sitter swallow the next macro's line too
    for (const bad of ['(1 +', '((int)', '(2 *) 3']) {
      const v = values(build(`#define BAD ${bad}\n#define GOOD (2 * 3)\n#define ALSO (GOOD + 1)\n`));
      expect(v).toEqual({ BAD: undefined, GOOD: 6n, ALSO: 7n });
    }
  });

  it('plain literals (read without a parse) get the values and types C gives them', () => {
    const text = [
      '#define A 42',
      '#define B (0x10UL)',
      '#define C (-1)',
      '#define D ((-0x80000000))',
      '#define E -2147483648',
      '#define F 0b101',
      '#define G (C * 2)',
      '#define H (-0xffffffffffffffffULL)',
      '#define I 08',
      '',
    ].join('\n');
    for (const abi of ['x86_64', 'i386'] as const) {
      // -0x80000000 is unsigned int negated; -2147483648 is long (x86_64) / long long (i386) negated
      expect(values(build(text, abi))).toEqual({ A: 42n, B: 16n, C: -1n, D: 2147483648n, E: -2147483648n, F: 5n, G: -2n, H: 1n, I: undefined });
    }
  });

  it('a literal whose type depends on the ABI keeps that type in later arithmetic', () => {
    // 0xffffffff is unsigned int on both; 4294967295 (decimal) is long on x86_64, long long on i386;
    // 1L << 40 needs a 64-bit long
    const text = '#define W (4294967295 + 1)\n#define L (1L << 40)\n#define U (0xffffffff + 1)\n';
    expect(values(build(text, 'x86_64'))).toEqual({ W: 4294967296n, L: 1099511627776n, U: 0n });
    expect(values(build(text, 'i386'))).toMatchObject({ W: 4294967296n, U: 0n });
  });

  it('an expansion parsed once gives each unit and ABI its own value, and a bad one stays bad in any company', () => {
    const twice = '#define TWICE (sizeof(struct s) * 2)\n';
    expect(values(build(`struct s { long a; };\n${twice}`, 'x86_64')).TWICE).toBe(16n);
    expect(values(build(`struct s { long a; };\n${twice}`, 'i386')).TWICE).toBe(8n);
    expect(values(build(`struct s { char a; };\n${twice}`, 'x86_64')).TWICE).toBe(2n);
    expect(values(build('#define BAD (3 +\n')).BAD).toBeUndefined();
    const v = values(build(`struct s { short a; };\n#define FIRST (1 << 4)\n#define BAD (3 +\n${twice}#define LAST (FIRST | 1)\n`));
    expect(v).toEqual({ FIRST: 16n, BAD: undefined, TWICE: 4n, LAST: 17n });
  });

  it('a record only a macro mentions is not given a location in the unit', () => {
    const m = build('struct real { int a; };\n#define SZ sizeof(struct nowhere)\n');
    expect(m.records.find((r) => r.id === 'nowhere')?.loc).toEqual({ file: '<macro expansion>', line: 0 });
    expect(m.records.find((r) => r.id === 'real')?.loc).toEqual({ file: '/tmp/macros.h', line: 1 });
  });
});

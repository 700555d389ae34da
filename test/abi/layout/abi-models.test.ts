/**
 * src/abi/abis.ts against each ABI's GCC: size, `_Alignof` and in-struct
 * alignment of every builtin and of pointers, char signedness, byte order,
 * `__BIGGEST_ALIGNMENT__` and which builtins exist (`__int128`, the extended
 * floating types) and `__builtin_va_list`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ABIS, type BuiltinName } from '../../../src/abi/abis.ts';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';
import { readUIntArray } from './gcc/gcc-layouts.ts';
import { runProcess } from './gcc/run-process.ts';
import { toolchainFor } from './gcc/toolchain.ts';

const BUILTINS: BuiltinName[] = ['char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long',
  'unsigned long', 'long long', 'unsigned long long', '_Bool', 'float', 'double', 'long double', '__int128', 'unsigned __int128',
  '_Float16', '_Float128', '_Float64x', '__float128', '__float80', '__ibm128', '__ieee128', '_Decimal32', '_Decimal64', '_Decimal128', '__builtin_va_list'];

/** The macro GCC defines where the builtin exists, for those that not every ABI has. */
const EXISTS_IF: Partial<Record<BuiltinName, string>> = {
  '__int128': '__SIZEOF_INT128__',
  'unsigned __int128': '__SIZEOF_INT128__',
  '_Float16': '__FLT16_MANT_DIG__',
  '_Float128': '__FLT128_MANT_DIG__',
  '_Float64x': '__FLT64X_MANT_DIG__',
  '__float128': '__SIZEOF_FLOAT128__',
  '__float80': '__SIZEOF_FLOAT80__',
  '__ibm128': '__SIZEOF_IBM128__',
  '__ieee128': '__SIZEOF_IEEE128__',
  '_Decimal32': '__DEC32_MANT_DIG__',
  '_Decimal64': '__DEC64_MANT_DIG__',
  '_Decimal128': '__DEC128_MANT_DIG__',
};

function probeSource(): string {
  const triple = (t: string) => `sizeof(${t}), _Alignof(${t}), __builtin_offsetof(struct { char c; ${t} x; }, x)`;
  const rows = BUILTINS.map((b) =>
    EXISTS_IF[b] ? `#ifdef ${EXISTS_IF[b]}\n ${triple(b)},\n#else\n 0, 0, 0,\n#endif` : ` ${triple(b)},`);
  return `unsigned int __abi_check_v[] = {\n${rows.join('\n')}\n ${triple('void *')},\n (char)-1 < 0,\n`
    + ' __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,\n __BIGGEST_ALIGNMENT__,\n 0xabc1u };\n';
}

describe('ABI data models equal GCC', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abi-models-'));
  const src = join(dir, 'probe.c');
  writeFileSync(src, probeSource());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([...ABI_NAMES])('%s', async (abi) => {
    const tc = toolchainFor(abi);
    const out = join(dir, `${abi}.s`);
    const r = await runProcess(tc.cc, [...tc.flags, '-S', '-o', out, src]);
    expect(r.stderr).toBe('');
    const v = readUIntArray(readFileSync(out, 'utf8'), '__abi_check_v');
    const m = ABIS[abi];
    const want: number[] = [];
    for (const b of BUILTINS) {
      const sa = m.builtins[b];
      // In-struct alignment (offsetof after a char) is what the model holds; _Alignof agrees on all 14.
      want.push(...(sa ? [sa.size, sa.align, sa.align] : [0, 0, 0]));
    }
    want.push(m.pointer.size, m.pointer.align, m.pointer.align, m.charSigned ? 1 : 0, m.byteOrder === 'big' ? 1 : 0, m.biggestAlignment, 0xabc1);
    expect(v).toEqual(want);
  }, 60_000);
});

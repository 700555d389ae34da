/**
 * `_IO*` macro values per ABI against GCC (the ABI-FACTS.md table), through
 * the real headers (asm/ioctl.h of each ABI) and through the built-in
 * encoding used when asm/ioctl.h is not available (diff-context).
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import { systemIncludeDirsFor } from '../../../src/c/preprocess/index.ts';
import { gccConstants } from './gcc-values.ts';

const HEADER = `#include <linux/ioctl.h>
#include <linux/types.h>
struct case_pre { __u32 a; __u32 b; __u64 c; };
struct case_a { __u32 a; __u32 b; __u32 inserted; __u64 c; };
struct case_b { __u32 a; __u64 c; };
#define IOC_PRE _IOW('k', 1, struct case_pre)
#define IOC_A _IOW('k', 1, struct case_a)
#define IOC_B _IOWR('k', 2, struct case_b)
#define IOC_R _IOR('k', 3, __u64)
#define IOC_N _IO('k', 4)
#define IOC_ARR _IOW('k', 5, struct case_b[3])
`;
const NAMES = ['IOC_PRE', 'IOC_A', 'IOC_B', 'IOC_R', 'IOC_N', 'IOC_ARR'];

const ABIS: AbiName[] = ['x86_64', 'i386', 'x32', 'ppc64le', 'aarch64', 'ppc64', 'ppc32', 'mips', 'mips64', 'sparc64', 's390x', 'arm', 'riscv64', 'm68k'];

describe('_IO* values equal GCC', () => {
  it('matches the ABI-FACTS.md table', () => {
    const v = (abi: AbiName) => {
      const m = buildTypeModel({ path: '/tmp/ioctl-test.h', text: HEADER }, { abi, kernel: false, includeDirs: systemIncludeDirsFor(abi) });
      return ['IOC_PRE', 'IOC_A', 'IOC_B'].map((n) => m.macros.find((x) => x.name === n)!.value);
    };
    expect(v('x86_64')).toEqual([0x40106b01n, 0x40186b01n, 0xc0106b02n]);
    expect(v('i386')).toEqual([0x40106b01n, 0x40146b01n, 0xc00c6b02n]);
    expect(v('ppc64le')).toEqual([0x80106b01n, 0x80186b01n, 0xc0106b02n]);
    expect(v('aarch64')).toEqual([0x40106b01n, 0x40186b01n, 0xc0106b02n]);
  });

  for (const abi of ABIS) {
    it(`${abi}: installed asm/ioctl.h and the built-in encoding both equal GCC`, async () => {
      const expected = await gccConstants(abi, HEADER, NAMES);
      expect(expected).not.toBeNull();
      const withHeaders = buildTypeModel(
        { path: '/tmp/ioctl-test.h', text: HEADER },
        { abi, kernel: false, includeDirs: systemIncludeDirsFor(abi) },
      );
      expect(withHeaders.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(NAMES.map((n) => withHeaders.macros.find((x) => x.name === n)!.value)).toEqual(expected);
      // no include directories at all: fallback types and the built-in _IO* encoding
      const diffContext = buildTypeModel({ path: '/tmp/ioctl-test.h', text: HEADER }, { abi, kernel: false, includeDirs: [] });
      expect(NAMES.map((n) => diffContext.macros.find((x) => x.name === n)!.value)).toEqual(expected);
    });
  }
});

describe('macro values belong to one model', () => {
  it('a later build (other ABI, other main file) does not change or leak into an earlier one', () => {
    const x86 = buildTypeModel({ path: '/tmp/ioctl-test.h', text: HEADER }, { abi: 'x86_64', kernel: false, includeDirs: systemIncludeDirsFor('x86_64'), macroValues: 'all' });
    const before = x86.macros.find((m) => m.name === 'IOC_A')!.value;
    const i386 = buildTypeModel({ path: '/tmp/ioctl-test.h', text: HEADER }, { abi: 'i386', kernel: false, includeDirs: systemIncludeDirsFor('i386') });
    expect(i386.macros.find((m) => m.name === 'IOC_A')!.value).toBe(0x40146b01n);
    expect(x86.macros.find((m) => m.name === 'IOC_A')!.value).toBe(before);
    // the x86_64 build valued asm/ioctl.h's macros; a build with the default ('main') must not see them
    const again = buildTypeModel({ path: '/tmp/other.h', text: HEADER }, { abi: 'x86_64', kernel: false, includeDirs: systemIncludeDirsFor('x86_64') });
    expect(x86.macros.find((m) => m.name === '_IOC_SIZEBITS')!.value).toBe(14n);
    expect(again.macros.find((m) => m.name === '_IOC_SIZEBITS')!.value).toBeUndefined();
  });
});

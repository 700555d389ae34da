/**
 * In-kernel code sees its architecture's Kconfig symbols (an unbuilt tree has
 * no autoconf.h): linux/types.h declares atomic64_t under CONFIG_64BIT, and
 * asm-generic/bitsperlong.h sets BITS_PER_LONG from it. uAPI code sees none.
 */
import { describe, expect, it } from 'vitest';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';
import { abiTarget } from '../../../src/c/preprocess/abi-targets.ts';
import { predefinedMacros, preprocess } from '../../../src/c/preprocess/index.ts';

const TEXT = '#ifdef CONFIG_64BIT\n#define BITS_PER_LONG 64\n#else\n#define BITS_PER_LONG 32\n#endif\nint bits = BITS_PER_LONG;\n';

describe("the architecture's Kconfig symbols", () => {
  it('give kernel code the word size of its ABI', () => {
    for (const abi of ['x86_64', 'aarch64', 'i386', 'arm'] as const) {
      const r = preprocess({ path: 'k.c', text: TEXT }, { abi, kernel: true, includeDirs: [] });
      expect(r.text.trim(), abi).toBe(`int bits = ${abiTarget(abi).longBits};`);
    }
  });

  it('match the data model on every ABI whose kernel it is', () => {
    for (const abi of ABI_NAMES) {
      const m = predefinedMacros(abi, true);
      if (abi !== 'x32') expect('CONFIG_64BIT' in m, abi).toBe(abiTarget(abi).longBits === 64);
      expect(Object.keys(m).some((k) => k.startsWith('CONFIG_'))).toBe(true);
    }
  });

  it('are not seen by uAPI code', () => {
    for (const abi of ABI_NAMES) expect(Object.keys(predefinedMacros(abi, false)).filter((k) => k.startsWith('CONFIG_'))).toEqual([]);
  });
});

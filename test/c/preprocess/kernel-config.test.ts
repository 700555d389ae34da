/**
 * In-kernel code sees its architecture's Kconfig symbols (an unbuilt tree has
 * no autoconf.h): linux/types.h declares atomic64_t under CONFIG_64BIT, and
 * asm-generic/bitsperlong.h sets BITS_PER_LONG from it. uAPI code sees none.
 * A configured tree's options (autoconf.h, or .config where make has not
 * written autoconf.h yet) apply on the ABIs the configuration is for.
 */
import { describe, expect, it } from 'vitest';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';
import { abiTarget } from '../../../src/c/preprocess/abi-targets.ts';
import { predefinedMacros, preprocess, PreprocessCache } from '../../../src/c/preprocess/index.ts';
import { autoconfSymbols, autoconfText, configFits, describeTreeConfig, dotConfigSymbols } from '../../../src/c/preprocess/kernel-config.ts';

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

/** A tree with kconfig.h as Kbuild pre-includes it, and a header whose layout follows options. */
function fakeTree(files: Record<string, string>): { tree: string; read: (p: string) => string | null } {
  const tree = '/ktree';
  const all: Record<string, string> = {
    'include/linux/kconfig.h': '#ifndef __LINUX_KCONFIG_H\n#define __LINUX_KCONFIG_H\n#include <generated/autoconf.h>\n#endif\n',
    'include/linux/compiler_types.h': '',
    ...files,
  };
  return { tree, read: (p) => (p.startsWith(`${tree}/`) ? all[p.slice(tree.length + 1)] ?? null : null) };
}

const X86_64_DOT_CONFIG = [
  '# Linux/x86 6.12 Kernel Configuration', 'CONFIG_X86=y', 'CONFIG_X86_64=y', 'CONFIG_64BIT=y', 'CONFIG_SMP=y', 'CONFIG_BLK_DEV=m',
  'CONFIG_NR_CPUS=64', 'CONFIG_PHYSICAL_START=0x1000000', 'CONFIG_LOCALVERSION="-abi"', '# CONFIG_DEBUG_INFO is not set', '',
].join('\n');

describe("a configured tree's options", () => {
  const unit = { path: '/ktree/drivers/x/x.c', text: '#ifdef CONFIG_SMP\nint smp;\n#endif\n#ifdef CONFIG_BLK_DEV_MODULE\nint module;\n#endif\nint cpus = CONFIG_NR_CPUS + 0;\n' };
  const run = (abi: 'x86_64' | 'i386', read: (p: string) => string | null) =>
    preprocess(unit, { abi, kernel: true, includeDirs: [], kernelTree: '/ktree', readFile: read, cache: new PreprocessCache() }).text.replace(/\s+/g, ' ').trim();

  it('are Kconfig\'s own autoconf.h definitions of .config', () => {
    const symbols = dotConfigSymbols(X86_64_DOT_CONFIG);
    expect(autoconfText(symbols)).toBe([
      '#define CONFIG_X86 1', '#define CONFIG_X86_64 1', '#define CONFIG_64BIT 1', '#define CONFIG_SMP 1', '#define CONFIG_BLK_DEV_MODULE 1',
      '#define CONFIG_NR_CPUS 64', '#define CONFIG_PHYSICAL_START 0x1000000', '#define CONFIG_LOCALVERSION "-abi"', '',
    ].join('\n'));
    expect(autoconfSymbols(autoconfText(symbols))).toEqual(symbols);
  });

  it('apply on the ABIs the configuration is for, from .config or autoconf.h, and nowhere else', () => {
    const dot = fakeTree({ '.config': X86_64_DOT_CONFIG });
    expect(run('x86_64', dot.read)).toBe('int smp; int module; int cpus = 64 + 0;');
    // x86_64's configuration on i386 would say 64BIT next to 4-byte longs: the tree reads as unconfigured
    expect(run('i386', dot.read)).toBe('int cpus = CONFIG_NR_CPUS + 0;');
    const built = fakeTree({ 'include/generated/autoconf.h': autoconfText(dotConfigSymbols(X86_64_DOT_CONFIG)) });
    expect(run('x86_64', built.read)).toBe('int smp; int module; int cpus = 64 + 0;');
    expect(run('i386', built.read)).toBe('int cpus = CONFIG_NR_CPUS + 0;');
    const i386 = fakeTree({ '.config': 'CONFIG_X86=y\nCONFIG_X86_32=y\nCONFIG_SMP=y\nCONFIG_NR_CPUS=8\n' });
    expect(run('i386', i386.read)).toBe('int smp; int cpus = 8 + 0;');
    expect(configFits(dotConfigSymbols(X86_64_DOT_CONFIG), 'x32')).toBe(false);
  });

  it('are described in the report, with the ABIs they do not configure', () => {
    const dot = fakeTree({ '.config': X86_64_DOT_CONFIG });
    expect(describeTreeConfig('/ktree', ['x86_64', 'i386'], dot.read)).toBe(
      "in-kernel code is read with /ktree's configuration (.config) on x86_64; on i386, with every Kconfig option off but the architecture's own (the tree has no Kconfig)");
    const arm64 = fakeTree({ '.config': 'CONFIG_ARM64=y\nCONFIG_64BIT=y\n' });
    expect(describeTreeConfig('/ktree', ['x86_64', 'i386'], arm64.read)).toMatch(/^in-kernel code is read with \/ktree's configuration \(\.config\) on no ABI compared \(it configures aarch64: --abi aarch64\); on x86_64, i386, with every Kconfig option off/);
    expect(describeTreeConfig('/ktree', ['x86_64'], fakeTree({}).read)).toMatch(/^in-kernel code is read on x86_64, with every Kconfig option off .*\(the tree has no Kconfig\): \/ktree has no configuration/);
  });
});

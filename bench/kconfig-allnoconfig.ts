/**
 * bench/kconfig-allnoconfig: the configuration abi-check reads an unconfigured
 * kernel tree with (src/c/kconfig: `make allnoconfig`, worked out from the
 * tree's Kconfig) against scripts/kconfig's own, on each ABI's architecture:
 * `make O=… ARCH=<arch> KCONFIG_ALLCONFIG=<the ABI's architecture symbols>
 * allnoconfig`, then include/generated/autoconf.h compared symbol by symbol.
 * Symbols that follow the compiler (Kconfig probes it with $(cc-option) …;
 * abi-check runs no compiler, so its probes all fail) are counted apart.
 * Prints agreement per ABI and both times, with their ratio.
 *
 *   node --import ./bin/load-typescript.mjs bench/kconfig-allnoconfig.ts TREE [ABI…]
 *
 * Needs make, gcc, flex and bison (scripts/kconfig is built once per output
 * directory, outside the timing: the second `make allnoconfig` is timed).
 * bench/kconfig-allnoconfig.sh fetches Linux 6.1 and 6.12 and runs it on both.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ABI_NAMES, type AbiName } from '../src/abi/layout-types.ts';
import { makeArchOf } from '../src/c/kconfig/tree-allnoconfig.ts';
import { allnoconfigAnswers, autoconfSymbols, treeConfigText } from '../src/c/preprocess/kernel-config.ts';

const [tree, ...given] = process.argv.slice(2);
if (!tree) {
  console.error('usage: bench/kconfig-allnoconfig.ts TREE [ABI…]');
  process.exit(3);
}
const abis = (given.length > 0 ? given : ABI_NAMES.filter((a) => makeArchOf(a) !== null)) as AbiName[];
/** Symbols whose value follows the compiler Kconfig probes. */
const TOOLCHAIN = /^CONFIG_(?:CC_|GCC_|CLANG_|AS_|LD_|LLD_|RUSTC|RUST|BINDGEN|PAHOLE|TOOLS_SUPPORT|TOOLCHAIN_|HAVE_.*(?:GCC|COMPILER)|INIT_STACK_|ARCH_HAS_CC|USE_X86_SEG_SUPPORT|HAVE_STACKPROTECTOR|FUNCTION_ALIGNMENT|HAVE_DYNAMIC_FTRACE|HAVE_FUNCTION_(?:TRACER|GRAPH_TRACER)|BUILTIN_RETURN_ADDRESS_STRIPS_PAC|HAVE_LD_DEAD_CODE)/;
const read = (p: string): string | null => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return null;
  }
};
if (read(join(tree, '.config')) !== null || read(join(tree, 'include/generated/autoconf.h')) !== null) {
  console.error(`${tree} is configured: this bench needs an unconfigured tree`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'abi-check-kconfig-'));
let toolMs = 0;
let kconfigMs = 0;
try {
  for (const abi of abis) {
    const arch = makeArchOf(abi)!;
    const out = join(scratch, abi);
    const fragment = join(scratch, `${abi}.config`);
    writeFileSync(fragment, allnoconfigAnswers(abi).map((k) => `CONFIG_${k}=y\n`).join(''));
    const make = () => execFileSync('make', ['-s', '-C', tree, `O=${out}`, `ARCH=${arch}`, `KCONFIG_ALLCONFIG=${fragment}`, 'allnoconfig'], { stdio: 'pipe' });
    make(); // builds scripts/kconfig/conf
    const k0 = performance.now();
    make();
    const k = performance.now() - k0;
    const t0 = performance.now();
    const text = treeConfigText(tree, abi, read);
    const t = performance.now() - t0;
    kconfigMs += k;
    toolMs += t;
    if (text === null) {
      console.log(`${abi}: abi-check read no allnoconfig (see the report's note on configuration)`);
      continue;
    }
    const mine = autoconfSymbols(text);
    const real = autoconfSymbols(readFileSync(join(out, 'include/generated/autoconf.h'), 'utf8'));
    const names = new Set([...mine.keys(), ...real.keys()]);
    const differ = [...names].filter((n) => mine.get(n) !== real.get(n));
    const other = differ.filter((n) => !TOOLCHAIN.test(n));
    console.log(`${abi} (ARCH=${arch}): ${real.size} symbols set by scripts/kconfig; ${names.size - differ.length} agree, ${differ.length - other.length} differ with the compiler, ${other.length} otherwise${other.length ? `: ${other.map((n) => `${n} ${real.get(n) ?? 'unset'}/${mine.get(n) ?? 'unset'}`).join(', ')}` : ''}; make ${k.toFixed(0)} ms, abi-check ${t.toFixed(0)} ms`);
  }
  console.log(`total: make allnoconfig ${(kconfigMs / 1000).toFixed(2)} s, abi-check ${(toolMs / 1000).toFixed(2)} s (ratio ${(toolMs / kconfigMs).toFixed(2)}; abi-check parses each architecture's Kconfig once, the first ABI of it pays)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

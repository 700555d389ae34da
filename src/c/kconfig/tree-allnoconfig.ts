/**
 * The configuration an unconfigured kernel tree is read with on an ABI: what
 * `make ARCH=<arch> allnoconfig` would write, with the ABI's architecture and
 * word size answered yes (kernel-config.ts's ARCH symbols, as a
 * KCONFIG_ALLCONFIG fragment), worked out from the tree's own Kconfig files
 * (kconfig-parse.ts, allnoconfig.ts). Toolchain probes read as failed, so
 * symbols that depend on the compiler (CC_HAS_*, INIT_STACK_ALL_ZERO …) are
 * those of a compiler that has none of the features probed for.
 *
 * Checked against scripts/kconfig of Linux 6.1 and 6.12 on the 14 ABIs'
 * architectures: the same symbols and values but for toolchain-dependent ones.
 *
 * Parsed once per tree and ARCH (x86_64 and i386 expand `$(ARCH)`
 * differently), and used where every file it read has the same text (a few
 * versions kept: a series may edit a Kconfig file).
 */
import { join } from 'node:path';
import type { AbiName } from '../../abi/layout-types.ts';
import { allnoconfig } from './allnoconfig.ts';
import { KconfigError, parseKconfig, type KconfigModel } from './kconfig-parse.ts';

/** The ARCH of `make ARCH=…` for an ABI's kernel (null: x32, whose kernel is x86_64's). */
const MAKE_ARCH: Record<AbiName, string | null> = {
  x86_64: 'x86_64', i386: 'i386', x32: null, aarch64: 'arm64', arm: 'arm', ppc64le: 'powerpc', ppc64: 'powerpc', ppc32: 'powerpc',
  s390x: 's390', riscv64: 'riscv', mips: 'mips', mips64: 'mips', m68k: 'm68k', sparc64: 'sparc64',
};

type Reader = (path: string) => string | null;

/** `make ARCH=…` for the kernel of `abi` (null: x32, a userspace ABI). */
export function makeArchOf(abi: AbiName): string | null {
  return MAKE_ARCH[abi];
}

interface Parsed {
  model: KconfigModel | null;
  problem: string | null;
  legacyChoices: boolean;
}

const parsedTrees = new Map<string, Parsed[]>();
const VARIANTS = 4;
const configs = new WeakMap<KconfigModel, Map<string, ReadonlyMap<string, string>>>();

function stillHolds(p: Parsed, tree: string, read: Reader): boolean {
  if (!p.model) return true;
  for (const [file, text] of p.model.files) if (read(join(tree, file)) !== text) return false;
  return true;
}

/**
 * allnoconfig's autoconf.h symbols for `abi` (`CONFIG_X` → value), or the
 * reason there are none: the tree has no Kconfig, or one abi-check cannot
 * read.
 */
export function treeAllnoconfig(tree: string, abi: AbiName, archDir: string, forced: readonly string[], read: Reader): { symbols: ReadonlyMap<string, string> } | { problem: string } {
  const arch = MAKE_ARCH[abi];
  if (arch === null) return { problem: `${abi} is a userspace ABI: no kernel is configured for it` };
  const key = `${tree}\0${arch}`;
  const variants = parsedTrees.get(key) ?? [];
  let p = variants.find((v) => stillHolds(v, tree, read));
  if (!p) {
    if (parsedTrees.size >= 8) parsedTrees.clear();
    p = parse(tree, arch, archDir, read);
    // a series that edits a Kconfig file is read before and after it: keep both
    parsedTrees.set(key, [p, ...variants].slice(0, VARIANTS));
  }
  if (!p.model) return { problem: p.problem! };
  let byForced = configs.get(p.model);
  if (!byForced) configs.set(p.model, (byForced = new Map()));
  const fkey = forced.join(',');
  let symbols = byForced.get(fkey);
  if (!symbols) byForced.set(fkey, (symbols = allnoconfig(p.model, new Set(forced), { legacyChoices: p.legacyChoices })));
  return { symbols };
}

function parse(tree: string, arch: string, archDir: string, read: Reader): Parsed {
  const rel = (path: string) => read(join(tree, path));
  if (rel('Kconfig') === null) return { model: null, problem: 'the tree has no Kconfig', legacyChoices: false };
  // scripts/kconfig before 6.11 left a choice whose prompt is hidden without a value
  const legacyChoices = !(rel('scripts/kconfig/symbol.c') ?? 'sym_calc_choice(struct menu *choice)').includes('sym_calc_choice(struct menu *choice)');
  try {
    return { model: parseKconfig(rel, { ARCH: arch, SRCARCH: archDir }), problem: null, legacyChoices };
  } catch (e) {
    if (!(e instanceof KconfigError)) throw e;
    return { model: null, problem: `its Kconfig could not be read (${e.message})`, legacyChoices };
  }
}

/**
 * The Kconfig symbols every kernel configuration of an ABI's architecture
 * has: the architecture and its word size, which arch/<arch>/Kconfig selects
 * unconditionally (`config X86_64 … select 64BIT`-style). In-kernel code reads
 * them everywhere (`#ifdef CONFIG_64BIT` in linux/types.h gives atomic64_t,
 * asm-generic/bitsperlong.h gives BITS_PER_LONG), and an unbuilt tree has no
 * include/generated/autoconf.h to define them. A built tree's autoconf.h
 * defines the same symbols to the same value, which is no conflict. Nothing
 * optional is assumed: a struct whose layout depends on other options is
 * laid out as with those options off.
 *
 * A configured tree's options are read (treeConfigText): its
 * include/generated/autoconf.h, or, where `make` has not written that yet
 * (a distribution's config copied to .config), the same definitions worked
 * out from .config. A configuration is one architecture's and word size's:
 * x86_64's read on i386 would define CONFIG_64BIT next to i386's 4-byte
 * longs. On an ABI it does not fit, and in an unconfigured tree, the tree
 * reads as `make allnoconfig` would configure it (src/c/kconfig), and only
 * where its Kconfig cannot be read, with every option off but the
 * architecture's own.
 */
import { join } from 'node:path';
import { ABI_NAMES, type AbiName } from '../../abi/layout-types.ts';
import { archDirOf } from './abi-targets.ts';
import { treeAllnoconfig } from '../kconfig/tree-allnoconfig.ts';

const ARCH: Record<AbiName, string[]> = {
  x86_64: ['X86', 'X86_64', '64BIT'],
  i386: ['X86', 'X86_32'],
  // the x32 ABI is userspace's; its kernel is x86_64, whose longs it does not share
  x32: ['X86'],
  aarch64: ['ARM64', '64BIT'],
  arm: ['ARM', 'AEABI'],
  ppc64le: ['PPC', 'PPC64', '64BIT', 'CPU_LITTLE_ENDIAN'],
  ppc64: ['PPC', 'PPC64', '64BIT', 'CPU_BIG_ENDIAN'],
  ppc32: ['PPC', 'PPC32', 'CPU_BIG_ENDIAN'],
  s390x: ['S390', '64BIT'],
  riscv64: ['RISCV', '64BIT', 'ARCH_RV64I'],
  mips: ['MIPS', '32BIT', 'CPU_BIG_ENDIAN'],
  mips64: ['MIPS', '64BIT', 'CPU_BIG_ENDIAN'],
  m68k: ['M68K'],
  sparc64: ['SPARC', 'SPARC64', '64BIT'],
};

/**
 * What else allnoconfig is answered for an ABI (src/c/kconfig) so that it
 * configures that ABI's kernel: mips' default CPU (MIPS32 R1) cannot run a
 * 64-bit one.
 */
const ALLNOCONFIG_EXTRA: Partial<Record<AbiName, string[]>> = { mips64: ['CPU_MIPS64_R2'] };

/** The Kconfig symbols answered yes when an unconfigured tree is read as allnoconfig on `abi` (a KCONFIG_ALLCONFIG fragment). */
export function allnoconfigAnswers(abi: AbiName): string[] {
  return [...ARCH[abi], ...(ALLNOCONFIG_EXTRA[abi] ?? [])];
}

/** `CONFIG_<SYM>` → `1` for the architecture of `abi` (kernel code only). */
export function archKconfig(abi: AbiName): Record<string, string> {
  return Object.fromEntries(ARCH[abi].map((s) => [`CONFIG_${s}`, '1']));
}

/** A tree's configuration file, relative to the tree (written by `make` from .config). */
export const AUTOCONF = 'include/generated/autoconf.h';

/** The symbols a configuration sets (`CONFIG_X` → what autoconf.h defines it to). */
export type ConfigSymbols = ReadonlyMap<string, string>;

/** `#define CONFIG_X value` lines of an autoconf.h. */
export function autoconfSymbols(text: string): ConfigSymbols {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^#define (CONFIG_\w+) (.*)$/gm)) out.set(m[1]!, m[2]!.trim());
  return out;
}

/**
 * The definitions autoconf.h holds for a .config, as Kconfig writes them:
 * `=y` is 1, `=m` defines CONFIG_X_MODULE, strings and numbers (hex with
 * its 0x) are kept as written, `# … is not set` defines nothing.
 */
export function dotConfigSymbols(text: string): ConfigSymbols {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^(CONFIG_\w+)=(.*)$/gm)) {
    const [, name, value] = m as unknown as [string, string, string];
    if (value === 'y') out.set(name, '1');
    else if (value === 'm') out.set(`${name}_MODULE`, '1');
    else if (value === 'n' || value === '') continue;
    else out.set(name, value);
  }
  return out;
}

/** autoconf.h text for `symbols`. */
export function autoconfText(symbols: ConfigSymbols): string {
  return [...symbols].map(([k, v]) => `#define ${k} ${v}\n`).join('');
}

/** Whether a configuration is for `abi`'s kernel: the architecture's symbols set, and the same word size. */
export function configFits(symbols: ConfigSymbols, abi: AbiName): boolean {
  if (abi === 'x32') return false; // a userspace ABI: no kernel is built for it
  const arch = ARCH[abi];
  return arch.every((s) => symbols.has(`CONFIG_${s}`)) && arch.includes('64BIT') === symbols.has('CONFIG_64BIT');
}

/** The ABIs (of `abis`) whose kernel `symbols` configure. */
export function abisConfigured(symbols: ConfigSymbols, abis: readonly AbiName[]): AbiName[] {
  return abis.filter((a) => configFits(symbols, a));
}

/**
 * Parsed configurations by text, one map per kind of file. The texts come
 * from the file cache, the same string for every unit, so a lookup hashes
 * nothing new (a key made by concatenation would copy and hash the whole
 * file for every unit).
 */
const parsed = { autoconf: new Map<string, ConfigSymbols>(), dotConfig: new Map<string, ConfigSymbols>() };

function symbolsOf(text: string, kind: keyof typeof parsed): ConfigSymbols {
  const known = parsed[kind];
  let hit = known.get(text);
  if (!hit) {
    if (known.size >= 4) known.clear();
    hit = kind === 'dotConfig' ? dotConfigSymbols(text) : autoconfSymbols(text);
    known.set(text, hit);
  }
  return hit;
}

/** Where a tree's configuration comes from, its text and what it sets (null: unconfigured). */
export function treeConfig(tree: string, read: (path: string) => string | null): { file: string; text: string; symbols: ConfigSymbols } | null {
  const autoconf = read(join(tree, AUTOCONF));
  if (autoconf !== null) return { file: AUTOCONF, text: autoconf, symbols: symbolsOf(autoconf, 'autoconf') };
  const dot = read(join(tree, '.config'));
  if (dot !== null) return { file: '.config', text: dot, symbols: symbolsOf(dot, 'dotConfig') };
  return null;
}

/**
 * Whether `tree` has its own generated file `path` for `abi`: the file is
 * there and the tree is built (include/generated/autoconf.h) with a
 * configuration that fits the ABI. Where it is not, a generated header is
 * worked out from the tree's sources instead.
 */
export function builtFor(tree: string, abi: AbiName, path: string, read: (path: string) => string | null): boolean {
  if (read(path) === null) return false;
  const config = treeConfig(tree, read);
  return config?.file === AUTOCONF && configFits(config.symbols, abi);
}

/**
 * The text `<tree>/include/generated/autoconf.h` reads as for in-kernel code
 * on `abi`: the file itself, or the definitions of .config, where the
 * configuration fits the ABI; null (an unconfigured tree) where it does not.
 */
export function treeConfigText(tree: string, abi: AbiName, read: (path: string) => string | null): string | null {
  const config = treeConfig(tree, read);
  if (config && configFits(config.symbols, abi)) return config.file === AUTOCONF ? config.text : synthesizedText(config.symbols);
  const none = allnoconfigOf(tree, abi, read);
  return 'symbols' in none ? synthesizedText(none.symbols) : null;
}

function synthesizedText(symbols: ConfigSymbols): string {
  let text = synthesized.get(symbols);
  if (text === undefined) synthesized.set(symbols, (text = autoconfText(symbols)));
  return text;
}

/**
 * What an ABI the tree's configuration does not fit reads: allnoconfig,
 * worked out from the tree's Kconfig (src/c/kconfig), where it fits the
 * ABI; else the reason it is not used.
 */
function allnoconfigOf(tree: string, abi: AbiName, read: (path: string) => string | null): { symbols: ConfigSymbols } | { problem: string } {
  const r = treeAllnoconfig(tree, abi, archDirOf(abi), allnoconfigAnswers(abi), read);
  if ('symbols' in r && !configFits(r.symbols, abi)) return { problem: `its allnoconfig is not ${abi}'s (the architecture's symbols were not all set)` };
  return r;
}

/** autoconf.h texts made from a .config, by its symbols (one string, lexed once, for every unit). */
const synthesized = new WeakMap<ConfigSymbols, string>();

/** What a report says about the configuration in-kernel code was read with on `abis`. */
export function describeTreeConfig(tree: string, abis: readonly AbiName[], read: (path: string) => string | null): string {
  const config = treeConfig(tree, read);
  const fits = config ? abisConfigured(config.symbols, abis) : [];
  const rest = describeUnconfigured(tree, abis.filter((a) => !fits.includes(a)), read);
  if (!config) {
    return `in-kernel code is read ${rest}: ${tree} has no configuration `
      + '(no .config, no include/generated/autoconf.h); configure it (make ARCH=<arch> defconfig, or copy a config to .config) for layouts that follow another configuration';
  }
  const own = abisConfigured(config.symbols, ABI_NAMES);
  const on = fits.length > 0
    ? `on ${fits.join(', ')}`
    : `on no ABI compared (it configures ${own.length > 0 ? `${own.join(', ')}: --abi ${own[0]}` : 'none of the 14 ABIs'})`;
  return `in-kernel code is read with ${tree}'s configuration (${config.file}) ${on}`
    + (fits.length < abis.length ? `; ${rest}` : '');
}

/** How the ABIs a tree's configuration does not fit are read: allnoconfig where the tree's Kconfig gives it, else every option off. */
function describeUnconfigured(tree: string, abis: readonly AbiName[], read: (path: string) => string | null): string {
  const done: AbiName[] = [];
  const failed = new Map<string, AbiName[]>();
  for (const a of abis) {
    const r = allnoconfigOf(tree, a, read);
    if ('symbols' in r) done.push(a);
    else failed.set(r.problem, [...(failed.get(r.problem) ?? []), a]);
  }
  const parts: string[] = [];
  if (done.length > 0) {
    parts.push(`on ${done.join(', ')}, as \`make allnoconfig\` configures the tree (worked out from its Kconfig files, the architecture and word size answered yes, compiler probes read as failed)`);
  }
  for (const [problem, list] of failed) parts.push(`on ${list.join(', ')}, with every Kconfig option off but the architecture's own (${problem})`);
  return parts.join('; ');
}

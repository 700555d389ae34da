/**
 * include/generated/bounds.h in a tree that has none for the ABI: worked out
 * from the tree's kernel/bounds.c and compared with what Kbuild makes of
 * GCC's assembly for the same file (GCC -S, then Kbuild's own sed of the
 * `->` lines). The struct layouts that depend on it are compared with GCC's
 * sizeof, read the same way.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AbiName } from '../../src/abi/layout-types.ts';
import { layoutHeader } from '../../src/abi/layout/index.ts';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { asciiLines } from '../../src/c/kernel-offsets-headers.ts';
import { gccCommandFor } from '../../src/c/preprocess/index.ts';
import { archKconfig, autoconfText, dotConfigSymbols } from '../../src/c/preprocess/kernel-config.ts';
import { haveCompiler } from './preprocess/gcc-oracle.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-bounds-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The interface of <linux/kbuild.h>: the assembly lines Kbuild's sed reads. */
const KBUILD_H = `#ifndef _LINUX_KBUILD_H
#define _LINUX_KBUILD_H
#define DEFINE(sym, val) asm volatile("\\n.ascii \\"->" #sym " %0 " #val "\\"" : : "i" (val))
#define BLANK() asm volatile("\\n.ascii \\"->\\"" : : )
#define COMMENT(x) asm volatile("\\n.ascii \\"->#" x "\\"")
#endif
`;

const ZONES_H = `#ifndef _LINUX_ZONES_H
#define _LINUX_ZONES_H
enum zone_type {
#ifdef CONFIG_ZONE_DMA
	ZONE_DMA,
#endif
	ZONE_NORMAL,
	ZONE_MOVABLE,
	__MAX_NR_ZONES
};
#ifndef __GENERATING_BOUNDS_H
#include <generated/bounds.h>
struct zone_refs {
	struct { void *zone; int idx; } refs[MAX_NR_ZONES * 2 + 1];
};
#endif
#endif
`;

const SPINLOCK_TYPES_H = `#ifndef _LINUX_SPINLOCK_TYPES_H
#define _LINUX_SPINLOCK_TYPES_H
typedef struct {
#ifdef CONFIG_SMP
	unsigned int slock;
#endif
#ifdef CONFIG_DEBUG_SPINLOCK
	unsigned int magic, owner_cpu;
	void *owner;
#endif
} spinlock_t;
#endif
`;

/** As linux/lockref.h: the layout is chosen in #if by a value of bounds.h. */
const LOCKREF_H = `#ifndef _LINUX_LOCKREF_H
#define _LINUX_LOCKREF_H
#include <linux/spinlock_types.h>
#include <generated/bounds.h>
#if defined(CONFIG_SMP) && SPINLOCK_SIZE <= 4
#define USE_CMPXCHG_LOCKREF 1
#endif
struct lockref {
	union {
#ifdef USE_CMPXCHG_LOCKREF
		unsigned long long lock_count __attribute__((aligned(8)));
#endif
		struct { spinlock_t lock; int count; };
	};
};
#endif
`;

const BOUNDS_C = `#define __GENERATING_BOUNDS_H
#include <linux/zones.h>
#include <linux/spinlock_types.h>
#include <linux/kbuild.h>

int main(void)
{
	COMMENT("zones and locks");
	DEFINE(MAX_NR_ZONES, __MAX_NR_ZONES);
	BLANK();
#ifdef CONFIG_SMP
	DEFINE(NR_CPUS_TWICE, CONFIG_NR_CPUS * 2);
#endif
	DEFINE(SPINLOCK_SIZE, sizeof(spinlock_t));
	DEFINE(ALL_ONES, 0xffffffffffffffffULL);
	return 0;
}
`;

const DOT_CONFIG = 'CONFIG_X86=y\nCONFIG_X86_64=y\nCONFIG_64BIT=y\nCONFIG_SMP=y\nCONFIG_NR_CPUS=64\nCONFIG_ZONE_DMA=y\nCONFIG_DEBUG_SPINLOCK=y\n';

let trees = 0;
/** A kernel tree on disk with `files` (relative paths). */
function makeTree(files: Record<string, string>): string {
  const tree = join(scratch, `tree${trees++}`);
  const all: Record<string, string> = {
    'include/linux/kconfig.h': '#ifndef __LINUX_KCONFIG_H\n#define __LINUX_KCONFIG_H\n#include <generated/autoconf.h>\n#endif\n',
    'include/linux/compiler_types.h': '',
    'include/linux/kbuild.h': KBUILD_H,
    'include/linux/zones.h': ZONES_H,
    'include/linux/spinlock_types.h': SPINLOCK_TYPES_H,
    'include/linux/lockref.h': LOCKREF_H,
    'kernel/bounds.c': BOUNDS_C,
    ...files,
  };
  for (const [p, text] of Object.entries(all)) {
    mkdirSync(dirname(join(tree, p)), { recursive: true });
    writeFileSync(join(tree, p), text);
  }
  return tree;
}

/** What Kbuild does with a generator (scripts/Makefile.lib, filechk_offsets): GCC -S, then sed on the `->` lines. */
const KBUILD_SED = 's:^[[:space:]]*\\.ascii[[:space:]]*"\\(.*\\)".*:\\1:; /^->/{s:->#\\(.*\\):/* \\1 */:; s:^->\\([^ ]*\\) [\\$#]*\\([^ ]*\\) \\(.*\\):#define \\1 \\2 /* \\3 */:; s:->::; p;}';

/** GCC's lines for generator `source` of `tree` on `abi`, with `autoconf` as the configuration and `generated` as include/generated. */
function gccOffsets(tree: string, abi: AbiName, source: string, autoconf: string, generated: Record<string, string> = {}): string[] {
  const gen = join(scratch, `gcc${trees++}`);
  for (const [name, text] of Object.entries({ 'autoconf.h': autoconf, ...generated })) {
    mkdirSync(join(gen, 'generated'), { recursive: true });
    writeFileSync(join(gen, 'generated', name), text);
  }
  const { cc, args } = gccCommandFor(abi);
  const asm = join(gen, 'out.s');
  execFileSync(cc, [...args, '-nostdinc', '-I', gen, '-I', join(tree, 'include'), '-include', join(tree, 'include/linux/kconfig.h'),
    '-D__KERNEL__', '-O2', '-S', join(tree, source), '-o', asm], { stdio: ['ignore', 'ignore', 'pipe'] });
  return execFileSync('sed', ['-ne', KBUILD_SED, asm], { encoding: 'utf8' }).split('\n').filter((l) => l !== '');
}

/** The unit `rel` of `tree` built as in-kernel code on `abi` (optionally as `text` instead of the file). */
function build(tree: string, rel: string, abi: AbiName, text?: string) {
  const path = join(tree, rel);
  const model = buildTypeModel({ path, text: text ?? readFileSync(path, 'utf8') }, { abi, kernel: true, includeDirs: [], kernelTree: tree });
  return { model, layout: layoutHeader(model, path, abi) };
}

/** The lines of the bounds.h a unit of `tree` read on `abi` (through a unit that prints it back). */
function boundsSeen(tree: string, abi: AbiName): string[] {
  const m = build(tree, 'include/linux/probe.h', abi, '#include <generated/bounds.h>\n').model;
  expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const bounds = join(tree, 'include/generated/bounds.h');
  return m.macros.filter((d) => d.loc.file === bounds && !d.name.startsWith('__LINUX_BOUNDS')).map((d) => `#define ${d.name} ${d.body}`);
}

const defines = (lines: string[]) => lines.filter((l) => l.startsWith('#define')).map((l) => l.replace(/ \/\*.*\*\/$/, ''));

describe('include/generated/bounds.h, worked out where the tree has none', () => {
  const tree = makeTree({ '.config': DOT_CONFIG });
  const configured = autoconfText(dotConfigSymbols(DOT_CONFIG));
  const unconfigured = (abi: AbiName) => Object.entries(archKconfig(abi)).map(([k, v]) => `#define ${k} ${v}\n`).join('');

  it('defines what GCC and Kbuild make of kernel/bounds.c, with the configuration each ABI reads', () => {
    const abis: AbiName[] = (['x86_64', 'i386', 'aarch64', 'ppc32'] as AbiName[]).filter(haveCompiler);
    expect(abis).toContain('x86_64');
    for (const abi of abis) {
      // the tree's .config is x86_64's: the other ABIs read the tree as unconfigured
      const gcc = gccOffsets(tree, abi, 'kernel/bounds.c', abi === 'x86_64' ? configured : unconfigured(abi));
      expect(boundsSeen(tree, abi), abi).toEqual(defines(gcc));
    }
    expect(boundsSeen(tree, 'x86_64')).toEqual([
      '#define MAX_NR_ZONES 3', '#define NR_CPUS_TWICE 128', '#define SPINLOCK_SIZE 24', '#define ALL_ONES -1',
    ]);
  });

  it('writes the comments and blank lines of the generator as Kbuild does', () => {
    const text = 'int main(void) { asm volatile("\\n.ascii \\"->#" "a note" "\\""); asm volatile("\\n.ascii \\"->\\"" : : ); '
      + '__asm__ __volatile__("\\n.ascii \\"->" "X" " %0 " "(1 + 2)" "\\"" : : "i" ((1 + 2))); }';
    const lines = asciiLines(text);
    expect(lines.map((l) => l.kind)).toEqual(['comment', 'blank', 'define']);
    expect(lines[0]).toMatchObject({ text: 'a note' });
    expect(lines[2]).toMatchObject({ name: 'X', valueText: '(1 + 2)' });
    expect(lines[2]!.kind === 'define' && lines[2]!.operand.replace(/\s+/g, '')).toBe('(1+2)');
  });

  it('gives the layouts that depend on it, as GCC lays them out', () => {
    for (const abi of (['x86_64', 'i386'] as AbiName[]).filter(haveCompiler)) {
      const autoconf = abi === 'x86_64' ? configured : unconfigured(abi);
      const bounds = gccOffsets(tree, abi, 'kernel/bounds.c', autoconf).join('\n') + '\n';
      const probe = makeProbe(tree, ['lockref', 'zone_refs']);
      const gcc = defines(gccOffsets(tree, abi, probe, autoconf, { 'bounds.h': bounds }));
      const ours = [
        ...build(tree, 'include/linux/lockref.h', abi).layout.records,
        ...build(tree, 'include/linux/zones.h', abi).layout.records,
      ].flatMap((r) => [`#define SIZE_${r.name} ${r.size}`, `#define ALIGN_${r.name} ${r.align}`]);
      expect(gcc, abi).toHaveLength(4);
      expect(ours, abi).toEqual(gcc);
    }
  });

  it("reads the tree's own file where the tree was built for the ABI, and works it out elsewhere", () => {
    const built = makeTree({
      'include/generated/autoconf.h': configured,
      'include/generated/bounds.h': '#define MAX_NR_ZONES 9\n#define SPINLOCK_SIZE 24\n',
    });
    expect(boundsSeen(built, 'x86_64')).toEqual(['#define MAX_NR_ZONES 9', '#define SPINLOCK_SIZE 24']);
    expect(boundsSeen(built, 'i386')).toEqual(['#define MAX_NR_ZONES 2', '#define SPINLOCK_SIZE 0', '#define ALL_ONES -1']);
  });

  it('reads a unit the generator includes as the unit is (a patched header adding a zone)', () => {
    const patched = ZONES_H.replace('\tZONE_MOVABLE,\n', '\tZONE_MOVABLE,\n\tZONE_DEVICE,\n');
    const before = build(tree, 'include/linux/zones.h', 'x86_64').layout.records.find((r) => r.name === 'zone_refs');
    const after = build(tree, 'include/linux/zones.h', 'x86_64', patched).layout.records.find((r) => r.name === 'zone_refs');
    // (MAX_NR_ZONES * 2 + 1) entries of 16 bytes: 3 zones, then 4
    expect([before?.size, after?.size]).toEqual([7 * 16, 9 * 16]);
    // and the file on disk is read as it is again afterwards
    expect(build(tree, 'include/linux/zones.h', 'x86_64').layout.records.find((r) => r.name === 'zone_refs')?.size).toBe(7 * 16);
  });

  it('says which value it could not work out, and leaves that name undefined', () => {
    const bad = makeTree({ 'kernel/bounds.c': BOUNDS_C.replace('\treturn 0;', '\tDEFINE(RUNTIME, main());\n\treturn 0;') });
    const m = build(bad, 'include/linux/probe.h', 'x86_64', '#include <generated/bounds.h>\nint x = RUNTIME;\n').model;
    expect(m.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/RUNTIME \(main\(\)\) from kernel\/bounds\.c is not a constant/));
    expect(m.macros.some((d) => d.name === 'RUNTIME')).toBe(false);
    expect(m.macros.find((d) => d.name === 'MAX_NR_ZONES')?.body).toBe('2');
  });

  it('is not made for a tree without kernel/bounds.c', () => {
    const none = makeTree({});
    rmSync(join(none, 'kernel/bounds.c'));
    const m = build(none, 'include/linux/probe.h', 'x86_64', '#include <generated/bounds.h>\n').model;
    expect(m.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/generated\/bounds\.h: No such file/));
  });
});

let probes = 0;
/** A generator printing sizeof and _Alignof of `records`, for GCC. */
function makeProbe(tree: string, records: string[]): string {
  const rel = `kernel/probe${probes++}.c`;
  const lines = records.flatMap((r) => [`\tDEFINE(SIZE_${r}, sizeof(struct ${r}));`, `\tDEFINE(ALIGN_${r}, _Alignof(struct ${r}));`]);
  writeFileSync(join(tree, rel), `#include <linux/lockref.h>\n#include <linux/zones.h>\n#include <linux/kbuild.h>\nint main(void)\n{\n${lines.join('\n')}\n\treturn 0;\n}\n`);
  return rel;
}

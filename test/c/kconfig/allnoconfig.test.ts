/**
 * Kconfig read as `make allnoconfig` reads it (src/c/kconfig): a small tree
 * written in the shapes the kernel's own Kconfig files use (HZ's choice and
 * int, NR_CPUS's SMP-dependent defaults, FUTEX's imply, a select past unmet
 * dependencies, menus with `depends on` and `visible if`, help texts, the
 * macro language and its compiler probes), the values scripts/kconfig gives
 * them; bad input is a KconfigError naming file and line; and through
 * kernel-config.ts, what in-kernel code in an unconfigured tree sees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allnoconfig } from '../../../src/c/kconfig/allnoconfig.ts';
import { KconfigError, parseKconfig } from '../../../src/c/kconfig/kconfig-parse.ts';
import { preprocess, PreprocessCache } from '../../../src/c/preprocess/index.ts';
import { describeTreeConfig } from '../../../src/c/preprocess/kernel-config.ts';
import { treeAllnoconfig } from '../../../src/c/kconfig/tree-allnoconfig.ts';
import { X86_ARCH_KCONFIG } from '../../support/x86-kconfig.ts';

const FILES: Record<string, string> = {
  Kconfig: `# SPDX-License-Identifier: GPL-2.0
mainmenu "Linux/$(ARCH) Kernel Configuration"

source "scripts/Kconfig.include"
source "init/Kconfig"
source "arch/$(SRCARCH)/Kconfig"
osource "arch/$(SRCARCH)/Kconfig.missing"
`,
  'scripts/Kconfig.include': `if-success = $(shell,{ $(1); } >/dev/null 2>&1 && echo "$(2)" || echo "$(3)")
success = $(if-success,$(1),y,n)
failure = $(if-success,$(1),n,y)
cc-option = $(success,$(CC) -Werror $(1) -c -x c /dev/null -o /dev/null)
greeting := hello
greeting += world
`,
  'init/Kconfig': `config CC_IS_GCC
	def_bool $(success,test "$(cc-name)" = GCC)

config CC_NO_INT128
	def_bool $(failure,true)

config CC_HAS_INT128
	def_bool !$(cc-option,-D__SIZEOF_INT128__=0) && 64BIT

config GREETING
	string
	default "$(greeting)"

config EXPERT
	bool "Configure standard kernel features (expert users)"
	help
	  config NOT_A_SYMBOL
	  	bool "this line is help text, however it looks"

	  default y
config MODULES
	bool "Enable loadable module support"
	modules

config SMP
	bool "Symmetric multi-processing support"
	help
	  This enables support for systems with more than one CPU.

config NR_CPUS
	int "Maximum number of CPUs" if SMP
	range 1 2 if !SMP
	default 1 if !SMP
	default 64

config RT_MUTEXES
	bool
	default y if PREEMPT_RT

config FUTEX
	bool "Enable futex support" if EXPERT
	default y
	imply RT_MUTEXES

config FUTEX_PI
	bool
	depends on FUTEX && RT_MUTEXES
	default y
	imply SECURE_BOOT

config SECURE_BOOT
	bool
	depends on ARCH_POLICY

config TRISTATE_DRIVER
	tristate
	default m

config WANTS_CRC
	def_bool y
	select CRC32

config CRC32
	tristate "CRC32 functions"
	depends on BROKEN

menu "Timers"
	depends on !BROKEN
	visible if EXPERT

config HZ_PERIODIC
	bool "Periodic timer ticks"

config NO_HZ_IDLE
	bool "Idle dynticks system"
	default y

endmenu

choice
	prompt "Timer frequency"
	default HZ_250

config HZ_100
	bool "100 HZ"

config HZ_250
	bool "250 HZ"

config HZ_1000
	bool "1000 HZ"

endchoice

config HZ
	int
	default 100 if HZ_100
	default 250 if HZ_250
	default 1000 if HZ_1000

choice
	prompt "Memory split" if EXPERT
	default VMSPLIT_3G

config VMSPLIT_3G
	bool "3G/1G user/kernel split"

config VMSPLIT_2G
	bool "2G/2G user/kernel split"

endchoice

config PAGE_OFFSET
	hex
	default 0x80000000 if VMSPLIT_2G
	default C0000000

config HZ_IS_250
	def_bool HZ = 250

config HZ_ABOVE_200
	def_bool HZ > 200

if SMP
config SCHED_SMT
	def_bool y
endif
`,
  'arch/x86/Kconfig': `${X86_ARCH_KCONFIG}	select HAVE_THING if X86_64

config HAVE_THING
	bool

rsource "Kconfig.cpu"
`,
  'arch/x86/Kconfig.cpu': `config X86_L1_CACHE_SHIFT
	int
	default "7" if X86_64
	default "6"
`,
  'scripts/kconfig/symbol.c': 'struct symbol *sym_calc_choice(struct menu *choice)\n',
};

const reader = (files: Record<string, string>) => (p: string) => files[p] ?? null;

function configure(arch: string, files = FILES, forced: string[] = []): Map<string, string> {
  const legacyChoices = !(files['scripts/kconfig/symbol.c'] ?? '').includes('struct menu *choice');
  return allnoconfig(parseKconfig(reader(files), { ARCH: arch, SRCARCH: 'x86' }), new Set(forced), { legacyChoices });
}

describe('allnoconfig from Kconfig', () => {
  it('answers every prompt no, and gives the rest their defaults, as scripts/kconfig does', () => {
    const c = configure('x86_64');
    expect(Object.fromEntries(c)).toEqual({
      CONFIG_CC_NO_INT128: '1', // $(failure,…): the probe reads as failed, so failure is y
      CONFIG_CC_HAS_INT128: '1', // !$(cc-option,…) && 64BIT
      CONFIG_GREETING: '"hello world"',
      CONFIG_NR_CPUS: '1',
      CONFIG_FUTEX: '1', // its prompt is hidden without EXPERT: default y
      CONFIG_RT_MUTEXES: '1', // implied by FUTEX
      CONFIG_FUTEX_PI: '1',
      CONFIG_TRISTATE_DRIVER: '1', // m, but MODULES is off
      CONFIG_WANTS_CRC: '1',
      CONFIG_CRC32: '1', // selected, whatever its dependencies
      CONFIG_NO_HZ_IDLE: '1', // the menu is not visible without EXPERT: its default holds
      CONFIG_HZ_250: '1',
      CONFIG_HZ: '250',
      CONFIG_VMSPLIT_3G: '1', // a choice whose prompt is hidden still takes its default (6.11+)
      CONFIG_PAGE_OFFSET: '0xC0000000',
      CONFIG_HZ_IS_250: '1',
      CONFIG_HZ_ABOVE_200: '1',
      CONFIG_64BIT: '1',
      CONFIG_X86_64: '1',
      CONFIG_X86: '1',
      CONFIG_HAVE_THING: '1',
      CONFIG_X86_L1_CACHE_SHIFT: '7',
    });
  });

  it('expands $(ARCH) where it is read: i386 is 32-bit', () => {
    const c = configure('i386');
    expect(c.get('CONFIG_X86_32')).toBe('1');
    expect(c.has('CONFIG_64BIT')).toBe(false);
    expect(c.has('CONFIG_HAVE_THING')).toBe(false);
    expect(c.get('CONFIG_X86_L1_CACHE_SHIFT')).toBe('6');
  });

  it('answers yes to the symbols forced, in a choice too', () => {
    const c = configure('x86', FILES, ['64BIT', 'SMP', 'HZ_1000']);
    expect(c.get('CONFIG_64BIT')).toBe('1');
    expect(c.get('CONFIG_SMP')).toBe('1');
    expect(c.get('CONFIG_NR_CPUS')).toBe('64');
    expect(c.get('CONFIG_SCHED_SMT')).toBe('1');
    expect(c.get('CONFIG_HZ')).toBe('1000');
    expect(c.has('CONFIG_HZ_250')).toBe(false);
  });

  it('leaves a choice with a hidden prompt unset before 6.11', () => {
    const c = configure('x86_64', { ...FILES, 'scripts/kconfig/symbol.c': 'static struct symbol *sym_calc_choice(struct symbol *sym)\n' });
    expect(c.has('CONFIG_VMSPLIT_3G')).toBe(false);
    expect(c.get('CONFIG_PAGE_OFFSET')).toBe('0xC0000000');
    expect(c.get('CONFIG_HZ_250')).toBe('1');
  });

  it('holds int and hex values within their first range whose condition holds, as scripts/kconfig does', () => {
    // values checked with the conf of Linux 6.1 (`conf --allnoconfig`, and with CONFIG_SMP=y as KCONFIG_ALLCONFIG)
    const files = {
      ...FILES,
      'arch/x86/Kconfig.cpu': `config RANGE_END
	int
	default 8192 if 64BIT
	default 64
config CPUS
	int "Maximum number of CPUs" if SMP
	range 2 RANGE_END if SMP
	range 1 1 if !SMP
	default 64 if SMP
	default 1 if !SMP
config LOW
	int
	range 16 64
	default 4
config HIGH
	int
	range 16 64
	default 100
config COND_OFF
	int
	range 16 64 if SMP
	default 4
config MASK
	hex
	range 0x1000 0xffff
	default 0x10
config MASK_HIGH
	hex
	range 0x1000 0xffff
	default 0x12345
config ASKED
	int "asked, without a default"
	range 3 9
config SECOND
	int
	range 100 200 if SMP
	range 10 20
	default 50
config NEG
	int
	range -8 -2
	default 0
`,
    };
    const pick = (c: Map<string, string>) => Object.fromEntries(['CPUS', 'LOW', 'HIGH', 'COND_OFF', 'MASK', 'MASK_HIGH', 'ASKED', 'SECOND', 'NEG'].map((n) => [n, c.get(`CONFIG_${n}`)]));
    expect(pick(configure('x86_64', files))).toEqual({
      CPUS: '1', LOW: '16', HIGH: '64', COND_OFF: '4', MASK: '0x1000', MASK_HIGH: '0xffff', ASKED: '3', SECOND: '20', NEG: '-2',
    });
    expect(pick(configure('x86_64', files, ['SMP']))).toEqual({
      CPUS: '64', LOW: '16', HIGH: '64', COND_OFF: '16', MASK: '0x1000', MASK_HIGH: '0xffff', ASKED: '3', SECOND: '100', NEG: '-2',
    });
    const bad = { ...FILES, 'arch/x86/Kconfig.cpu': 'config A\n\tint\n\trange 1\n' };
    expect(() => configure('x86_64', bad)).toThrow(new KconfigError("arch/x86/Kconfig.cpu:3: 'range' takes two bounds and an optional 'if'"));
  });

  it('names the file and line of what it cannot read', () => {
    const bad = (files: Record<string, string>) => () => parseKconfig(reader({ ...FILES, ...files }), { ARCH: 'x86_64', SRCARCH: 'x86' });
    expect(bad({ 'arch/x86/Kconfig.cpu': 'config A\n\tbool\n\tdepends on (B\n' })).toThrow(new KconfigError("arch/x86/Kconfig.cpu:3: ')' expected"));
    expect(bad({ 'arch/x86/Kconfig.cpu': 'config A\n\tfrobnicate\n' })).toThrow(new KconfigError("arch/x86/Kconfig.cpu:2: unknown Kconfig keyword 'frobnicate'"));
    expect(bad({ 'arch/x86/Kconfig.cpu': 'source "drivers/Kconfig"\n' })).toThrow(new KconfigError('drivers/Kconfig: sourced but missing'));
    expect(bad({ 'arch/x86/Kconfig.cpu': 'if X86\nconfig A\n\tbool\n' })).toThrow(/1 block\(s\) left open/);
    expect(bad({ 'arch/x86/Kconfig.cpu': 'endmenu\n' })).toThrow(new KconfigError('arch/x86/Kconfig.cpu:1: endmenu without its block'));
    // a variable that refers to itself (Kconfig stops there) reads as empty, at once: `$(x)$(x)` does not double 64 times
    const selfish = parseKconfig(reader({ ...FILES, 'arch/x86/Kconfig.cpu': 'x = $(x)$(x)\nconfig SELF\n\tstring\n\tdefault "a$(x)b"\n' }), { ARCH: 'x86_64', SRCARCH: 'x86' });
    expect(allnoconfig(selfish, new Set()).get('CONFIG_SELF')).toBe('"ab"');
  });

  it('throws nothing but a KconfigError on any text, and ends (fast-check)', () => {
    const word = fc.constantFrom('config', 'range 1 X if Y', 'range', 'menu', 'endmenu', 'choice', 'endchoice', 'if', 'endif', 'bool', 'tristate "x"', 'int', 'default', 'depends on', 'select', 'imply',
      'help', 'A', 'B', '!', '&&', '||', '(', ')', '=', '"s"', '$(', ')', '$(shell,x)', 'v = $(v)$(v)', '$(v)', 'y', 'm', '0x10', 'source "Kconfig"', 'rsource "x"', '\t', '  ', '#');
    const line = fc.array(word, { maxLength: 6 }).map((w) => w.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      const files = { Kconfig: lines.join('\n') };
      try {
        const model = parseKconfig(reader(files), { ARCH: 'x86', SRCARCH: 'x86' });
        allnoconfig(model, new Set(['A']));
      } catch (e) {
        if (!(e instanceof KconfigError)) throw e;
      }
    }), { numRuns: 300 });
  });
});

describe('an unconfigured tree', () => {
  const tree = '/ktree';
  const files: Record<string, string> = {
    ...FILES,
    'include/linux/kconfig.h': '#ifndef __LINUX_KCONFIG_H\n#define __LINUX_KCONFIG_H\n#include <generated/autoconf.h>\n#endif\n',
    'include/linux/compiler_types.h': '',
  };
  const read = (p: string) => (p.startsWith(`${tree}/`) ? files[p.slice(tree.length + 1)] ?? null : null);
  const unit = { path: '/ktree/kernel/time.c', text: '#if HZ_CHECK\n#endif\nint hz = CONFIG_HZ;\n#ifdef CONFIG_SMP\nint smp;\n#endif\nint cpus[CONFIG_NR_CPUS];\n' };

  it('is read with each version of a Kconfig file a series edits', () => {
    const edited: Record<string, string> = { ...files, 'init/Kconfig': files['init/Kconfig']!.replace('default HZ_250', 'default HZ_1000') };
    const readEdited = (p: string) => (p.startsWith(`${tree}/`) ? edited[p.slice(tree.length + 1)] ?? null : null);
    const hz = (r: ReturnType<typeof treeAllnoconfig>) => ('symbols' in r ? r.symbols.get('CONFIG_HZ') : r.problem);
    const answers = ['X86', 'X86_64', '64BIT'];
    expect(hz(treeAllnoconfig(tree, 'x86_64', 'x86', answers, read))).toBe('250');
    expect(hz(treeAllnoconfig(tree, 'x86_64', 'x86', answers, readEdited))).toBe('1000');
    expect(hz(treeAllnoconfig(tree, 'x86_64', 'x86', answers, read))).toBe('250');
  });

  it('is read as allnoconfig configures it on each ABI, and the report says so', () => {
    const out = preprocess(unit, { abi: 'x86_64', kernel: true, includeDirs: [], kernelTree: tree, readFile: read, cache: new PreprocessCache() });
    expect(out.text.replace(/\s+/g, ' ').trim()).toBe('int hz = 250; int cpus[1];');
    expect(describeTreeConfig(tree, ['x86_64', 'aarch64'], read)).toBe(
      'in-kernel code is read on x86_64, as `make allnoconfig` configures the tree (worked out from its Kconfig files, the architecture and word size answered yes, compiler probes read as failed); '
        + "on aarch64, with every Kconfig option off but the architecture's own (its Kconfig could not be read (arch/arm64/Kconfig: sourced but missing)): /ktree has no configuration "
        + '(no .config, no include/generated/autoconf.h); configure it (make ARCH=<arch> defconfig, or copy a config to .config) for layouts that follow another configuration');
  });
});

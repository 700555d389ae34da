/**
 * `abi-check layout --tree DIR --kernel`: a tree's in-kernel code laid out
 * as a build of the tree compiles it, as pahole shows a build. A stand-in
 * tree without configuration is read as `make allnoconfig` configures it on
 * each ABI (an option with a prompt off, a default on where its dependency
 * holds, `__KERNEL__` defined), and the layouts are those GCC gives the same
 * text with those options defined. A note says how the tree was configured;
 * errors met in included files are counted, not listed; bad usage is named.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AbiName, RecordLayout } from '../../src/abi/layout-types.ts';
import { runLayoutCommand, type LayoutCommandArgs } from '../../src/cli/layout-command.ts';
import { UsageError } from '../../src/errors.ts';
import { gccRecordsOfSource } from '../abi/layout/gcc/gcc-layouts.ts';
import { writeFiles } from '../support/temp-dirs.ts';
import { X86_ARCH_KCONFIG } from '../support/x86-kconfig.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-layout-kernel-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const KCONFIG = `mainmenu "Demo/$(ARCH) Kernel Configuration"

${X86_ARCH_KCONFIG}
config DEMO_STATS
	bool "Keep per-device statistics"

config DEMO_TRACE
	def_bool y
	depends on 64BIT

config DEMO_NAME_LEN
	int
	range 4 64
	default 2
`;

const DEMO_H = `#ifndef _LINUX_DEMO_H
#define _LINUX_DEMO_H
#include <linux/demo_types.h>

struct demo_dev {
	unsigned long flags;
	void *priv;
#ifdef CONFIG_DEMO_STATS
	u64 rx, tx;
#endif
#ifdef CONFIG_DEMO_TRACE
	u32 trace_id;
#endif
#ifdef __KERNEL__
	int refcount;
#endif
	char name[CONFIG_DEMO_NAME_LEN + 1];
};

static inline u32 demo_trace_of(struct demo_dev *d)
{
	return *(volatile typeof(d->flags) *)&d->flags;
}
#endif
`;

const TYPES_H = 'typedef unsigned int u32;\ntypedef unsigned long long u64;\n';

/** The files every stand-in tree has: the Kconfig, and include/linux/kconfig.h, which Kbuild puts before every unit (it includes the configuration). */
const BASE = {
  Kconfig: KCONFIG,
  'include/linux/kconfig.h': '#ifndef __LINUX_KCONFIG_H\n#define __LINUX_KCONFIG_H\n#include <generated/autoconf.h>\n#endif\n',
  'include/uapi/linux/.keep': '',
};

const tree = writeFiles(join(scratch, 'tree'), { ...BASE, 'include/linux/demo.h': DEMO_H, 'include/linux/demo_types.h': TYPES_H });

async function layout(args: Partial<LayoutCommandArgs>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runLayoutCommand(
    { includeDirs: [], format: 'json', abi: 'x86_64', files: ['include/linux/demo.h'], tree, kernel: true, jobs: 1, ...args },
    { stdout: (s) => (out += s), stderr: (s) => (err += s) },
  );
  return { code, out, err };
}

/** GCC's records for the header's text with these options defined (the allnoconfig of each ABI, worked out by hand). */
async function gcc(abi: AbiName, config: string): Promise<RecordLayout[]> {
  const source = `#define __KERNEL__ 1\n${config}${TYPES_H}${DEMO_H.replace('#include <linux/demo_types.h>\n', '')}`;
  const r = await gccRecordsOfSource(abi, source, null);
  if (!r.ok) throw new Error(r.reason);
  return r.records.filter((x) => x.name === 'demo_dev');
}

describe('abi-check layout --kernel', () => {
  it('lays out in-kernel code as allnoconfig configures the tree on each ABI, as GCC does', async () => {
    for (const [abi, config] of [
      ['x86_64', '#define CONFIG_64BIT 1\n#define CONFIG_X86_64 1\n#define CONFIG_X86 1\n#define CONFIG_DEMO_TRACE 1\n#define CONFIG_DEMO_NAME_LEN 4\n'],
      ['i386', '#define CONFIG_X86_32 1\n#define CONFIG_X86 1\n#define CONFIG_DEMO_NAME_LEN 4\n'],
    ] as const) {
      const { code, out, err } = await layout({ abi, struct: 'demo_dev' });
      expect(code, err).toBe(0);
      const records = JSON.parse(out).headers['include/linux/demo.h'].records as RecordLayout[];
      expect(records, abi).toEqual(await gcc(abi, config));
      const names = records[0]!.members.map((m) => m.name);
      expect(names).toContain('refcount');
      expect(names).not.toContain('rx');
      expect(names.includes('trace_id')).toBe(abi === 'x86_64');
      expect(err).toContain(`note: in-kernel code is read on ${abi}, as \`make allnoconfig\` configures the tree`);
    }
  });

  it('lists the errors within the file\'s records, and counts the others (function bodies, included files) in one warning', async () => {
    const withBadInclude = writeFiles(join(scratch, 'bad-include'), {
      ...BASE,
      'include/linux/demo.h': DEMO_H,
      'include/linux/demo_types.h': `${TYPES_H}static inline int odd(void) { return @; }\n`,
    });
    const { code, err } = await layout({ tree: withBadInclude, format: 'text' });
    expect(code, err).toBe(0);
    // the include's `@`, and demo.h's own typeof of an expression in a function body (two errors there)
    expect(err).toMatch(/include\/linux\/demo\.h: warning: errors met outside struct, union and enum definitions, not listed \(.*\): 3 on x86_64\n/);
    expect(err).not.toMatch(/demo\.h:\d+: x86_64:/);
    const badHere = writeFiles(join(scratch, 'bad-here'), {
      ...BASE,
      'include/linux/demo.h': DEMO_H.replace('struct demo_dev {', 'struct demo_dev {\n\tint @;'),
      'include/linux/demo_types.h': TYPES_H,
    });
    const here = await layout({ tree: badHere, format: 'text' });
    expect(here.code).toBe(1);
    expect(here.err).toMatch(/include\/linux\/demo\.h:6: x86_64: /);
  });

  it('lists an error within an included struct\'s definition however many errors came before it', async () => {
    const odd = Array.from({ length: 60 }, (_, i) => `static inline int odd${i}(void) { return @; }\n`).join('');
    const broken = writeFiles(join(scratch, 'broken-struct'), {
      ...BASE,
      'include/linux/demo.h': DEMO_H,
      'include/linux/demo_types.h': `${TYPES_H}${odd}struct demo_inner {\n\tint a;\n\tint @;\n\tint b;\n};\n`,
    });
    const { code, err } = await layout({ tree: broken, format: 'text' });
    expect(code).toBe(1);
    expect(err).toMatch(/include\/linux\/demo_types\.h:65: x86_64: syntax error in a struct, union or enum body: /);
    expect(err).toMatch(/: 62 on x86_64\n/);
  });

  it('reads a path in the tree or a path as given, and names what it cannot find', async () => {
    const direct = await layout({ files: [join(tree, 'include/linux/demo.h')] });
    expect(Object.keys(JSON.parse(direct.out).headers)).toEqual(['include/linux/demo.h']);
    await expect(layout({ files: ['include/linux/nothing.h'] })).rejects.toThrow(/include\/linux\/nothing\.h: no such file, here or in the kernel tree/);
  });

  it('wants a tree, and a kernel ABI', async () => {
    await expect(layout({ tree: undefined })).rejects.toThrow(UsageError);
    await expect(layout({ abi: 'x32' })).rejects.toThrow(/no kernel is built for x32/);
    const all = await layout({ abi: 'all', struct: 'demo_dev' });
    const abis = (JSON.parse(all.out) as { abi: string }[]).map((o) => o.abi);
    expect(abis).toHaveLength(13);
    expect(abis).not.toContain('x32');
  });
});

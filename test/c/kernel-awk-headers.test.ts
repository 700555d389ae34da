/**
 * Kernel-only headers made by one of the tree's awk scripts over one of its
 * data files (arm64's asm/cpucaps.h and asm/sysreg-defs.h, arm's
 * asm/mach-types.h): the rules as the architecture's tools/Makefile writes
 * them, and an in-kernel unit of an unbuilt stand-in tree that reads the
 * header as the tree's script writes it — from the data as the unit reads it
 * (a patched list gives the patched numbers) — or, without awk, meets the
 * missing include as before.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { awkHeaderRules } from '../../src/c/kernel-awk-headers.ts';
import { layoutRecord } from '../../src/abi/layout/index.ts';
import { writeFiles } from '../support/temp-dirs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-awk-headers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The shape of arm64's tools/Makefile (6.1): a command variable called through if_changed. */
const ARM64_MAKEFILE = `gen := arch/$(ARCH)/include/generated
kapi := $(gen)/asm

quiet_cmd_gen_caps = GEN     $@
      cmd_gen_caps = mkdir -p $(dir $@); $(AWK) -f $(real-prereqs) > $@

quiet_cmd_sysnr  = SYSNR   $@
      cmd_sysnr  = $(CONFIG_SHELL) $(sysnr) $< $@

$(kapi)/caps.h: $(src)/gen-caps.awk $(src)/caps FORCE
	$(call if_changed,gen_caps)

$(kapi)/unistd-nr.h: $(syscall) $(sysnr) FORCE
	$(call if_changed,sysnr)
`;

/** A generator in the manner of gen-cpucaps.awk: one number per listed name, then the count. */
const GEN_CAPS = `/^#/ { next }
/^$/ { next }
BEGIN { print "#ifndef __ASM_CAPS_H"; print "#define __ASM_CAPS_H"; n = 0 }
/^[A-Z0-9_]+$/ { printf("#define DEMO_%s\\t%d\\n", $0, n++); next }
END { printf("#define DEMO_NCAPS\\t%d\\n", n); print "#endif" }
`;

const TREE = {
  'arch/arm64/tools/Makefile': ARM64_MAKEFILE,
  'arch/arm64/tools/gen-caps.awk': GEN_CAPS,
  'arch/arm64/tools/caps': '# capabilities\nHAS_A\nHAS_B\n\nHAS_C\n',
  'include/linux/demo.h': '#include <asm/caps.h>\nstruct demo_caps {\n\tunsigned long bits[DEMO_NCAPS];\n\tint last;\n};\n',
};

describe('awk-generated headers', () => {
  it("are read from the architecture's tools/Makefile: awk over a script and a data file, whatever the command is called", () => {
    expect(awkHeaderRules(ARM64_MAKEFILE, 'arm64')).toEqual([
      { header: 'arch/arm64/include/generated/asm/caps.h', script: 'arch/arm64/tools/gen-caps.awk', data: 'arch/arm64/tools/caps' },
    ]);
    // sh's form: the command in the recipe, over $^
    const sh = 'include/generated/machtypes.h: $(src)/gen-mach-types $(src)/mach-types\n\t@echo \'  Generating $@\'\n\t$(Q)LC_ALL=C $(AWK) -f $^ > $@\n';
    expect(awkHeaderRules(sh, 'sh')).toEqual([{ header: 'include/generated/machtypes.h', script: 'arch/sh/tools/gen-mach-types', data: 'arch/sh/tools/mach-types' }]);
  });

  const unit = (root: string, readFile?: (path: string) => string | null) => {
    const path = join(root, 'include/linux/demo.h');
    const model = buildTypeModel({ path, text: TREE['include/linux/demo.h'] }, { abi: 'aarch64', kernel: true, includeDirs: [], kernelTree: root, ...(readFile ? { readFile } : {}) });
    const r = model.records.find((x) => x.tag === 'demo_caps')!;
    const missing = model.diagnostics.filter((d) => /No such file/.test(d.message)).map((d) => d.message);
    return { missing, size: missing.length === 0 ? layoutRecord(model, r.id, 'aarch64').size : null };
  };

  it('are written by the tree\'s own script for an unbuilt tree, from the data as the unit reads it', () => {
    const root = writeFiles(join(scratch, 'unbuilt'), TREE);
    expect(unit(root)).toEqual({ missing: [], size: 3 * 8 + 8 });
    // a series that adds a capability: the patched list, as the pipeline reads it
    const caps = join(root, 'arch/arm64/tools/caps');
    const patched = (p: string) => (p === caps ? 'HAS_A\nHAS_B\nHAS_C\nHAS_D\nHAS_E\n' : readOrNull(p));
    expect(unit(root, patched).size).toBe(5 * 8 + 8);
  });

  it('stay missing where awk cannot be run', () => {
    const root = writeFiles(join(scratch, 'no-awk'), { ...TREE, 'arch/arm64/tools/caps': 'HAS_Z\n' });
    const path = process.env.PATH;
    process.env.PATH = join(scratch, 'empty');
    try {
      expect(unit(root).missing).toEqual(['asm/caps.h: No such file or directory']);
    } finally {
      process.env.PATH = path;
    }
  });
});

function readOrNull(p: string): string | null {
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

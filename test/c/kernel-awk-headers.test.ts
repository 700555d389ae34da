/**
 * Kernel-only headers Kbuild makes with one of the tree's awk scripts over
 * one of its data files (arm64's asm/cpucaps.h, cpucap-defs.h since 6.3):
 * the rules as the architecture's tools/Makefile writes them; the header
 * gen-cpucaps.awk writes, worked out without running it, for an in-kernel
 * unit of an unbuilt stand-in tree — from the data as the unit reads it (a
 * patched list gives the patched numbers); a script that would run a command
 * is never run; a generator not written here leaves its header missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { awkHeaderRules, cpucapsHeader } from '../../src/c/kernel-awk-headers.ts';
import { layoutRecord } from '../../src/abi/layout/index.ts';
import { writeFiles } from '../support/temp-dirs.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-awk-headers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The shape of arm64's tools/Makefile (6.1): command variables called through if_changed. */
const ARM64_MAKEFILE = `gen := arch/$(ARCH)/include/generated
kapi := $(gen)/asm

quiet_cmd_gen_cpucaps = GEN     $@
      cmd_gen_cpucaps = mkdir -p $(dir $@); $(AWK) -f $(real-prereqs) > $@

quiet_cmd_gen_sysreg = GEN     $@
      cmd_gen_sysreg = mkdir -p $(dir $@); $(AWK) -f $(real-prereqs) > $@

quiet_cmd_sysnr  = SYSNR   $@
      cmd_sysnr  = $(CONFIG_SHELL) $(sysnr) $< $@

$(kapi)/cpucaps.h: $(src)/gen-cpucaps.awk $(src)/cpucaps FORCE
	$(call if_changed,gen_cpucaps)

$(kapi)/sysreg-defs.h: $(src)/gen-sysreg.awk $(src)/sysreg FORCE
	$(call if_changed,gen_sysreg)

$(kapi)/unistd-nr.h: $(syscall) $(sysnr) FORCE
	$(call if_changed,sysnr)
`;

/** A script of the tree that would run a command if anything ran it; its widths are 6.1's. */
const HOSTILE_SCRIPT = `BEGIN { system("touch ${join(scratch, 'ran')}") }
/^[vA-Z0-9_]+$/ { printf("#define ARM64_%-30s\\t%d\\n", $0, cap_num++); next }
END { printf("#define ARM64_NCAPS\\t\\t\\t\\t%d\\n", cap_num) }
`;

const TREE = {
  'arch/arm64/tools/Makefile': ARM64_MAKEFILE,
  'arch/arm64/tools/gen-cpucaps.awk': HOSTILE_SCRIPT,
  'arch/arm64/tools/cpucaps': '# capabilities\nHAS_A\nHAS_B\n\nHAS_C\n',
  'arch/arm64/tools/gen-sysreg.awk': '{ print }\n',
  'arch/arm64/tools/sysreg': 'Sysreg\tDEMO\t3\t0\t0\t0\t0\n',
  'include/linux/demo.h': '#include <asm/cpucaps.h>\nstruct demo_caps {\n\tunsigned long bits[ARM64_NCAPS];\n\tint last;\n};\n',
};

describe('awk-generated headers', () => {
  it("are read from the architecture's tools/Makefile: awk over a script and a data file, whatever the command is called", () => {
    expect(awkHeaderRules(ARM64_MAKEFILE, 'arm64')).toEqual([
      { header: 'arch/arm64/include/generated/asm/cpucaps.h', script: 'arch/arm64/tools/gen-cpucaps.awk', data: 'arch/arm64/tools/cpucaps' },
      { header: 'arch/arm64/include/generated/asm/sysreg-defs.h', script: 'arch/arm64/tools/gen-sysreg.awk', data: 'arch/arm64/tools/sysreg' },
    ]);
    // sh's form: the command in the recipe, over $^
    const sh = 'include/generated/machtypes.h: $(src)/gen-mach-types $(src)/mach-types\n\t@echo \'  Generating $@\'\n\t$(Q)LC_ALL=C $(AWK) -f $^ > $@\n';
    expect(awkHeaderRules(sh, 'sh')).toEqual([{ header: 'include/generated/machtypes.h', script: 'arch/sh/tools/gen-mach-types', data: 'arch/sh/tools/mach-types' }]);
  });

  it("gen-cpucaps.awk's header is written with the script's own column widths (6.12's: %-40s, five tabs)", () => {
    const script = 'printf("#define ARM64_%-40s\\t%d\\n", $0, cap_num++)\nprintf("#define ARM64_NCAPS\\t\\t\\t\\t\\t%d\\n", cap_num)\n';
    expect(cpucapsHeader('arch/arm64/include/generated/asm/cpucap-defs.h', 'ALWAYS_BOOT\n# c\nBTI\n', script)).toBe(
      `#ifndef __ASM_CPUCAP_DEFS_H\n#define __ASM_CPUCAP_DEFS_H\n\n/* Generated file - do not edit */\n\n#define ARM64_${'ALWAYS_BOOT'.padEnd(40)}\t0\n#define ARM64_${'BTI'.padEnd(40)}\t1\n#define ARM64_NCAPS\t\t\t\t\t2\n\n#endif /* __ASM_CPUCAP_DEFS_H */\n`,
    );
    // a line the script would stop at
    expect(cpucapsHeader('cpucaps.h', 'HAS_A\nhas b\n', script)).toBeNull();
  });

  const unit = (root: string, readFile?: (path: string) => string | null) => {
    const path = join(root, 'include/linux/demo.h');
    const model = buildTypeModel({ path, text: TREE['include/linux/demo.h'] }, { abi: 'aarch64', kernel: true, includeDirs: [], kernelTree: root, ...(readFile ? { readFile } : {}) });
    const r = model.records.find((x) => x.tag === 'demo_caps')!;
    const missing = model.diagnostics.filter((d) => /No such file/.test(d.message)).map((d) => d.message);
    return { missing, size: missing.length === 0 ? layoutRecord(model, r.id, 'aarch64').size : null };
  };

  it('are worked out for an unbuilt tree from the data as the unit reads it, without running the tree\'s script', () => {
    const root = writeFiles(join(scratch, 'unbuilt'), TREE);
    expect(unit(root)).toEqual({ missing: [], size: 3 * 8 + 8 });
    // a series that adds a capability: the patched list, as the pipeline reads it
    const caps = join(root, 'arch/arm64/tools/cpucaps');
    const patched = (p: string) => (p === caps ? 'HAS_A\nHAS_B\nHAS_C\nHAS_D\nHAS_E\n' : existsSync(p) ? readFileSync(p, 'utf8') : null);
    expect(unit(root, patched).size).toBe(5 * 8 + 8);
    expect(existsSync(join(scratch, 'ran'))).toBe(false);
  });

  it('stay missing for a generator not written here', () => {
    const root = writeFiles(join(scratch, 'sysreg'), { ...TREE, 'include/linux/demo.h': '#include <asm/sysreg-defs.h>\n' });
    const model = buildTypeModel({ path: join(root, 'include/linux/demo.h'), text: '#include <asm/sysreg-defs.h>\n' }, { abi: 'aarch64', kernel: true, includeDirs: [], kernelTree: root });
    expect(model.diagnostics.filter((d) => /No such file/.test(d.message)).map((d) => d.message)).toEqual(['asm/sysreg-defs.h: No such file or directory']);
  });
});

/**
 * uapi.sysfs-undocumented on a series read with and without its tree: the
 * sysfs attributes a series adds that no Documentation/ABI entry names (the
 * series' own or the tree's) are a warning per file; an attribute documented
 * by either, one only moved between files, and a macro definition's
 * parameter are not; without a tree, a note says what was not searched.
 */
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../support/temp-dirs.ts';
import { review } from '../../support/syscall-series.ts';
import { documentedNames } from '../../../src/abi/sysfs-attributes.ts';
import type { Finding } from '../../../src/report/report.ts';

const tmp = tempDirs('abi-check-sysfs-docs-');

const DRIVER = 'drivers/misc/demo.c';
const OTHER = 'drivers/misc/demo_old.c';
const DOCS = 'Documentation/ABI/testing/sysfs-class-demo';
const BASE: Record<string, string> = {
  [DRIVER]: '#include <linux/device.h>\n\nstatic int demo_probe(struct device *dev)\n{\n\treturn 0;\n}\n',
  [OTHER]: '#include <linux/device.h>\n\nstatic DEVICE_ATTR_RO(moved);\n',
  [DOCS]: 'What:\t\t/sys/class/demo/<dev>/speed\nDate:\t\tJanuary 2026\nContact:\tdev@example.com\nDescription:\tThe speed.\n',
};
const ADDED = '#include <linux/device.h>\n\n#define DEMO_ATTR(_name) \\\n\tstatic DEVICE_ATTR_RO(_name)\nstatic DEVICE_ATTR_RO(frobs);\nstatic DEVICE_ATTR_RW(speed);\nstatic DEVICE_ATTR_RO(moved);\nstatic struct kobj_attribute demo_level = __ATTR(level, 0444, level_show, NULL);\n\nstatic int demo_probe(struct device *dev)\n{\n\treturn 0;\n}\n';
const LEVEL_DOC = `${BASE[DOCS]}\nWhat:\t\t/sys/kernel/demo/level\nDate:\t\tJanuary 2026\nContact:\tdev@example.com\nDescription:\tThe level.\n`;
const patches: Record<string, string>[] = [{ [DRIVER]: ADDED, [OTHER]: '#include <linux/device.h>\n' }, { [DOCS]: LEVEL_DOC }];
const sysfs = (r: { findings: Finding[] }) => r.findings.filter((f) => f.rule === 'uapi.sysfs-undocumented');

describe('uapi.sysfs-undocumented', () => {
  it('names the new attributes no entry documents, at the first, once per file', async () => {
    const r = await review(tmp(), patches, true, BASE);
    const [f, ...more] = sysfs(r);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ level: 'warning', kind: 'design', patch: 1, file: DRIVER, line: 5, symbol: 'frobs' });
    expect(f!.message).toBe(
      'A new sysfs attribute has no Documentation/ABI entry, in the series or the tree: `frobs` (DEVICE_ATTR_RO, line 5). ' +
        'Every sysfs file is ABI that userspace comes to rely on (Documentation/ABI/README); undocumented, nothing says what it means or that it must stay.',
    );
  });

  it('sees an attribute declared through a macro the file defines, by the parameter that names it', async () => {
    // as mtdcore.c's MTD_DEVICE_ATTR_RO(name); a name pasted from parts (`port##n`) is not one
    const wrapped = BASE[DRIVER]!.replace('\n\nstatic int', '\n\n#define DEMO_RO(name) \\\n\tstatic DEVICE_ATTR(name, 0444, name##_show, NULL)\n#define DEMO_PORT(n) static DEVICE_ATTR_RO(port##n)\nDEMO_RO(firmware);\nDEMO_PORT(2);\n\nstatic int');
    const r = await review(tmp(), [{ [DRIVER]: wrapped }], true, BASE);
    expect(sysfs(r).map((f) => `${f.symbol} ${f.line} ${f.message.split(': ')[1]!.split('. ')[0]}`)).toEqual(['firmware 6 `firmware` (DEMO_RO, line 6)']);
  });

  it('without a tree: a note, since the tree\'s documentation was not searched (what the diff shows of it counts)', async () => {
    const r = await review(tmp(), patches, false, BASE);
    expect(sysfs(r)).toEqual([]);
    expect(r.notes.join('\n')).toContain('sysfs: 1 new attribute (frobs) in drivers/misc/demo.c, not named by any Documentation/ABI entry the series adds; without --tree the tree\'s Documentation/ABI was not searched');
  });

  it('reads every path of an entry, placeholders, braces and a colon left out', () => {
    const names = documentedNames([
      'What:\t\t/sys/bus/pci/devices/.../reset_method\n\t\t/sys/bus/pci/devices/.../d3cold_allowed\nDate:\t\tMay 2022\nDescription:\n\t\t/sys/not/a/path/here\n',
      // as 6.12's sysfs-bus-cxl spells two of its entries
      'What            /sys/bus/cxl/devices/memX/security/erase\nWhat:\t\t/sys/bus/cxl/devices/decoderX.Y/create_{pmem,ram}_region\n',
    ]);
    for (const name of ['reset_method', 'd3cold_allowed', 'erase', 'create_pmem_region', 'create_ram_region']) expect(names.has(name), name).toBe(true);
    expect(names.has('here')).toBe(false);
  });

  it('says "they" of several (an attribute whose old place the series leaves alone is new)', async () => {
    const r = await review(tmp(), [{ [DRIVER]: ADDED.replace('DEVICE_ATTR_RW(speed)', 'DEVICE_ATTR_RW(spin)') }], true, BASE);
    const [f, ...more] = sysfs(r);
    expect(more).toEqual([]);
    expect(f!.message).toContain('4 new sysfs attributes have no Documentation/ABI entry, in the series or the tree: `frobs` (DEVICE_ATTR_RO, line 5), `spin` (DEVICE_ATTR_RW, line 6), `moved` (DEVICE_ATTR_RO, line 7), `level` (__ATTR, line 8). ');
    expect(f!.message).toContain('nothing says what they mean or that they must stay.');
  });
});

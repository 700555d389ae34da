/**
 * uapi.ioctl-type-unregistered on a series read with and without its tree:
 * a uAPI header that starts using an ioctl type code ioctl-number.rst does
 * not register for it is a warning naming the headers the code and numbers
 * are registered to; a row the series adds, or one the tree has, is enough;
 * more requests in a family the header already used are not judged; without
 * the register a note says it was not read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../../support/temp-dirs.ts';
import { wholeFileDiff } from '../../support/whole-file-diff.ts';
import { parseIoctlRegistry } from '../../../src/abi/ioctl-registry.ts';
import { runPipeline } from '../../../src/pipeline/run-pipeline.ts';

const tmp = tempDirs('abi-check-ioctl-register-');

const REGISTER = 'Documentation/userspace-api/ioctl/ioctl-number.rst';
const TABLE = `Ioctl Numbers
=============

If you are adding new ioctl's to the kernel, you should use the _IO
macros defined in <linux/ioctl.h>.

====  =====  ========================================================= ================================================================
Code  Seq#    Include File                                             Comments
      (hex)
====  =====  ========================================================= ================================================================
0x12  all    linux/fs.h                                                BLK* ioctls
             linux/blkpg.h
'D'   00-1F  linux/demo_old.h
'Q'   all    linux/soundcard.h
'V'   00-FF  linux/videodev2.h                                         conflict!
'V'   C0     linux/ivtvfb.h                                            conflict!
';'   64-7F  linux/vfio.h
'\\''  00-0F  linux/demo_quote.h
====  =====  ========================================================= ================================================================
`;
const OLD_HEADER = '#ifndef _UAPI_DEMO_OLD_H\n#define _UAPI_DEMO_OLD_H\n#include <linux/ioctl.h>\n#include <linux/types.h>\n#define DEMO_OLD_GET _IOR(\'D\', 1, __u32)\n#endif\n';
const NEW = 'include/uapi/linux/demo_new.h';
const newHeader = (code: string) =>
  `#ifndef _UAPI_DEMO_NEW_H\n#define _UAPI_DEMO_NEW_H\n#include <linux/ioctl.h>\n#include <linux/types.h>\nstruct demo_args {\n\t__u32 flags;\n\t__u32 len;\n};\n#define DEMO_SET _IOW(${code}, 0x10, struct demo_args)\n#define DEMO_GET _IOR(${code}, 0x11, struct demo_args)\n#endif\n`;
const added = (path: string, text: string) => {
  const lines = text.replace(/\n$/, '').split('\n');
  return `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}\n`).join('')}`;
};

async function run(diffs: string[], tree: boolean) {
  const dir = tmp();
  const root = writeFiles(join(dir, 'tree'), {
    [REGISTER]: TABLE,
    'include/uapi/linux/demo_old.h': OLD_HEADER,
    'include/uapi/linux/demo_base.h': "#ifndef _UAPI_DEMO_BASE_H\n#define _UAPI_DEMO_BASE_H\n#include <linux/ioctl.h>\n#define DEMO_BASE 'V'\n#define DEMO_IOWR(nr, type) _IOWR(DEMO_BASE, nr, type)\n#endif\n",
  });
  const patch = join(dir, 'ioctl.patch');
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: new ioctls\n\n---\n${diffs.join('')}`);
  const r = await runPipeline({ target: patch, ...(tree ? { tree: root } : {}), offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
  return { findings: r.report.findings.filter((f) => f.rule === 'uapi.ioctl-type-unregistered'), notes: r.report.notes };
}

describe('the register of ioctl type codes', () => {
  it('reads codes, ranges and headers, continuation lines and quoted quotes included, not the prose', () => {
    const rows = parseIoctlRegistry(TABLE);
    expect(rows.map((r) => `${r.code.toString(16)} ${r.from}-${r.to} ${r.headers.join(',')} @${r.line}`)).toEqual([
      '12 0-255 linux/fs.h,linux/blkpg.h @11', '44 0-31 linux/demo_old.h @13', '51 0-255 linux/soundcard.h @14',
      '56 0-255 linux/videodev2.h @15', '56 192-192 linux/ivtvfb.h @16', '3b 100-127 linux/vfio.h @17', '27 0-15 linux/demo_quote.h @18',
    ]);
  });
});

describe('uapi.ioctl-type-unregistered', () => {
  it('a new header on a code registered to others: a warning naming them, at the first request', async () => {
    const { findings: [f, ...more] } = await run([added(NEW, newHeader("'V'"))], true);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ level: 'warning', kind: 'design', patch: 1, file: NEW, line: 9, symbol: 'DEMO_SET' });
    expect(f!.message).toBe(
      "linux/demo_new.h starts using ioctl type 'V' (DEMO_SET (nr 0x10, line 9), DEMO_GET (nr 0x11, line 10)), which " +
        `${REGISTER} does not register for it. 'V' with those numbers is registered to linux/videodev2.h (00-FF, line 15): ` +
        'a request there with the same number and argument size is the same ioctl, and tools that decode by number (strace) cannot tell them apart.',
    );
    expect(f!.suggestion).toContain('or pick a type code or numbers nobody has registered');
  });

  it('a code nobody registered: the warning says so; a row the series adds is enough', async () => {
    const { findings: [f] } = await run([added(NEW, newHeader("'~'"))], true);
    expect(f!.message).toContain("No row registers '~' for those numbers.");
    const row = TABLE.replace("';'   64-7F", "'~'   10-1F  linux/demo_new.h\n';'   64-7F");
    expect((await run([added(NEW, newHeader("'~'")), wholeFileDiff(REGISTER, TABLE, row)], true)).findings).toEqual([]);
  });

  it('more requests in a family the header already has are not judged; a registered header is not either', async () => {
    const more = OLD_HEADER.replace('#endif', "#define DEMO_OLD_SET _IOW('D', 2, __u32)\n#define DEMO_OLD_NEXT _IOW('D', 0x40, __u32)\n#endif");
    expect((await run([wholeFileDiff('include/uapi/linux/demo_old.h', OLD_HEADER, more)], true)).findings).toEqual([]);
    expect((await run([added('include/uapi/linux/demo_quote.h', newHeader("'\\''"))], true)).findings).toEqual([]);
  });

  it('a code the header does not write itself (a family another header owns, as drm.h\'s for DRM drivers) is not judged; one it defines is', async () => {
    const viaBase = newHeader("'V'").replace('#include <linux/types.h>', '#include <linux/types.h>\n#include <linux/demo_base.h>').replace(/_IO[RW]\('V', (0x1[01]), struct demo_args\)/g, 'DEMO_IOWR($1, struct demo_args)');
    expect(viaBase).not.toContain("'V'");
    expect((await run([added(NEW, viaBase)], true)).findings).toEqual([]);
    const ownMacro = newHeader('DEMO_NEW_TYPE').replace('#include <linux/types.h>', "#include <linux/types.h>\n#define DEMO_NEW_TYPE\t(0x7E)\t/* ours */");
    expect((await run([added(NEW, ownMacro)], true)).findings.map((f) => f.message.split(' (')[0])).toEqual(['linux/demo_new.h starts using ioctl type \'~\'']);
  });

  it('a code written as a macro a header the series adds defines is judged (papr-miscdev.h\'s 0xB2); as a macro or an enumerator; one an old header defines is not', async () => {
    const MISC = 'include/uapi/linux/demo_misc.h';
    const misc = '#ifndef _UAPI_DEMO_MISC_H\n#define _UAPI_DEMO_MISC_H\n#define DEMO_MISC_IOC_ID 0xb2\n#endif\n';
    const user = newHeader('DEMO_MISC_IOC_ID').replace('#include <linux/types.h>', '#include <linux/types.h>\n#include <linux/demo_misc.h>');
    const { findings: [f, ...more] } = await run([added(MISC, misc), added(NEW, user)], true);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ file: NEW, line: 10, symbol: 'DEMO_SET' });
    expect(f!.message).toContain('starts using ioctl type 0xB2 (DEMO_SET (nr 0x10, line 10), DEMO_GET (nr 0x11, line 11); the code is defined in linux/demo_misc.h, which the series adds)');
    // or as an enumerator, as papr-miscdev.h does
    const asEnum = misc.replace('#define DEMO_MISC_IOC_ID 0xb2', 'enum {\n\tDEMO_MISC_IOC_ID = 0xb2,\n};');
    expect((await run([added(MISC, asEnum), added(NEW, user)], true)).findings.map((x) => x.symbol)).toEqual(['DEMO_SET']);
    // the same macro from a header the tree already has: that header's family
    const viaOld = user.replace('demo_misc.h', 'demo_base.h').replace(/DEMO_MISC_IOC_ID/g, 'DEMO_BASE');
    expect((await run([added(NEW, viaOld)], true)).findings).toEqual([]);
  });

  it('without a tree (the series not touching the register): a note instead', async () => {
    const { findings, notes } = await run([added(NEW, newHeader("'V'"))], false);
    expect(findings).toEqual([]);
    expect(notes).toContain(`ioctl: new type code 'V' in ${NEW}; without --tree ioctl-number.rst was not read to check its registration`);
  });
});

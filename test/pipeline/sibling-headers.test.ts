/**
 * A series that touches several headers is compared with each header's
 * includes as they are in the same image: a struct moved into a header the
 * file includes (as 6.8 did with KVM's arch-specific structs) is still seen
 * by the file's users and is compared where it went; one moved into a
 * header only some ABIs include is gone on the others; a struct that a
 * patch starts to use from a header the same patch changes is laid out with
 * that header's new version. Without a tree, the headers the series
 * creates are the ones an include can find.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/temp-dirs.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import type { Finding } from '../../src/report/report.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-siblings-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A plain kernel tree holding `files` (repo-relative path → text). */
function tree(name: string, files: Record<string, string>): string {
  return writeFiles(join(scratch, name), files);
}

/** A unified diff of whole files (old text → new text; null = absent). */
function diffOf(changes: Record<string, [string | null, string | null]>): string {
  const lines = (t: string | null) => (t === null ? [] : t.replace(/\n$/, '').split('\n'));
  let out = '';
  for (const [path, [before, after]] of Object.entries(changes)) {
    const b = lines(before);
    const a = lines(after);
    out += `diff --git a/${path} b/${path}\n${before === null ? 'new file mode 100644\n' : ''}--- ${before === null ? '/dev/null' : `a/${path}`}\n+++ b/${path}\n`;
    out += `@@ -${b.length ? 1 : 0},${b.length} +1,${a.length} @@\n`;
    out += b.map((l) => `-${l}\n`).join('') + a.map((l) => `+${l}\n`).join('');
  }
  return out;
}

async function findings(name: string, base: Record<string, string>, changes: Record<string, [string | null, string | null]>): Promise<{ findings: Finding[]; notes: string[] }> {
  const root = tree(name, base);
  const patch = join(scratch, `${name}.patch`);
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] uapi: demo\n\n---\n${diffOf(changes)}`);
  const r = await runPipeline({ target: patch, tree: root, offline: true, abis: ['x86_64', 'i386', 'aarch64'], emulateAbi: 'x86_64', behaviour: false });
  return { findings: r.report.findings, notes: r.report.notes };
}

const TYPES = '#ifndef _DEMO_TYPES_H\n#define _DEMO_TYPES_H\n#include <linux/types.h>\n#endif\n';
const MAIN_BEFORE = '#ifndef _DEMO_H\n#define _DEMO_H\n#include <linux/demo_types.h>\n#define DEMO_MAGIC 0x44\nstruct demo_req {\n\t__u32 flags;\n\t__u32 len;\n};\n#endif\n';
const MAIN_AFTER = '#ifndef _DEMO_H\n#define _DEMO_H\n#include <linux/demo_types.h>\n#endif\n';

describe('headers the series touches, read as they are in the same image', () => {
  it('a struct and a #define moved into an included header are neither removed nor changed', async () => {
    const typesAfter = TYPES.replace('#endif\n', '#define DEMO_MAGIC 0x44\nstruct demo_req {\n\t__u32 flags;\n\t__u32 len;\n};\n#endif\n');
    const r = await findings('moved', { 'include/uapi/linux/demo.h': MAIN_BEFORE, 'include/uapi/linux/demo_types.h': TYPES }, {
      'include/uapi/linux/demo.h': [MAIN_BEFORE, MAIN_AFTER],
      'include/uapi/linux/demo_types.h': [TYPES, typesAfter],
    });
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.notes).toContain('include/uapi/linux/demo.h: struct demo_req moved to include/uapi/linux/demo_types.h, which it includes: its users still see it there, and it is compared there');
  });

  it('a struct moved and changed on the way is compared where it went', async () => {
    const typesAfter = TYPES.replace('#endif\n', '#define DEMO_MAGIC 0x44\nstruct demo_req {\n\t__u32 flags;\n\t__u64 len;\n};\n#endif\n');
    const r = await findings('moved-changed', { 'include/uapi/linux/demo.h': MAIN_BEFORE, 'include/uapi/linux/demo_types.h': TYPES }, {
      'include/uapi/linux/demo.h': [MAIN_BEFORE, MAIN_AFTER],
      'include/uapi/linux/demo_types.h': [TYPES, typesAfter],
    });
    const errors = r.findings.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`);
    expect(errors).toContain('uapi.size-changed struct demo_req');
    expect(errors.filter((e) => e.startsWith('uapi.type-removed'))).toEqual([]);
    // filed where the struct went, at its line there; not also "added" there, and reported once
    const sized = r.findings.filter((f) => f.rule === 'uapi.size-changed' && f.symbol === 'struct demo_req');
    expect(sized.map((f) => [f.file, f.line])).toEqual([['include/uapi/linux/demo_types.h', 5]]);
    expect(r.findings.filter((f) => f.rule === 'uapi.type-added' && f.symbol === 'struct demo_req')).toEqual([]);
  });

  it("a struct moved into one architecture's asm/ header is gone on the other ABIs", async () => {
    const asm = '#ifndef _ASM_DEMO_H\n#define _ASM_DEMO_H\n#endif\n';
    const asmAfter = '#ifndef _ASM_DEMO_H\n#define _ASM_DEMO_H\n#include <linux/types.h>\nstruct demo_req {\n\t__u32 flags;\n\t__u32 len;\n};\n#endif\n';
    const main = MAIN_BEFORE.replace('#include <linux/demo_types.h>', '#include <linux/types.h>\n#include <asm/demo.h>');
    const mainAfter = MAIN_AFTER.replace('#include <linux/demo_types.h>', '#include <linux/types.h>\n#include <asm/demo.h>\n#define DEMO_MAGIC 0x44');
    const r = await findings('moved-arch', {
      'include/uapi/linux/demo.h': main,
      'arch/x86/include/uapi/asm/demo.h': asm,
      'arch/arm64/include/uapi/asm/demo.h': asm,
    }, {
      'include/uapi/linux/demo.h': [main, mainAfter],
      'arch/x86/include/uapi/asm/demo.h': [asm, asmAfter],
    });
    const removed = r.findings.filter((f) => f.rule === 'uapi.type-removed');
    expect(removed.map((f) => [f.symbol, f.abis])).toEqual([['struct demo_req', ['aarch64']]]);
    expect(removed[0]!.message).toContain('no longer declared on aarch64, only on x86_64, i386');
  });

  it("a #define whose #ifndef fallback one architecture's asm/ header now pre-empts is still defined there", async () => {
    // as AT_MINSIGSTKSZ in linux/auxvec.h, which riscv's asm/auxvec.h came to define (Linux 6.1 → 6.12)
    const main = '#ifndef _DEMO_H\n#define _DEMO_H\n#include <asm/demo.h>\n#ifndef DEMO_STACK\n#define DEMO_STACK 51\n#endif\n#endif\n';
    const asm = '#ifndef _ASM_DEMO_H\n#define _ASM_DEMO_H\n#endif\n';
    const asmAfter = (value: number) => `#ifndef _ASM_DEMO_H\n#define _ASM_DEMO_H\n#define DEMO_STACK ${value}\n#endif\n`;
    const base = { 'include/uapi/linux/demo.h': main, 'arch/x86/include/uapi/asm/demo.h': asm, 'arch/arm64/include/uapi/asm/demo.h': asm };
    const same = await findings('fallback-same', base, { 'arch/arm64/include/uapi/asm/demo.h': [asm, asmAfter(51)], 'include/uapi/linux/demo.h': [main, `${main}\n`] });
    expect(same.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(same.notes).toContain('include/uapi/linux/demo.h: DEMO_STACK is now defined on aarch64 by arch/arm64/include/uapi/asm/demo.h, which it includes: users built for those ABIs still see it there');
    // a different value there is still a change, on that ABI
    const other = await findings('fallback-other', base, { 'arch/arm64/include/uapi/asm/demo.h': [asm, asmAfter(52)], 'include/uapi/linux/demo.h': [main, `${main}\n`] });
    const changed = other.findings.filter((f) => f.level === 'error').map((f) => [f.rule, f.symbol, f.abis]);
    expect(changed).toEqual([['uapi.macro-value-changed', 'DEMO_STACK', ['aarch64']]]);
  });

  it('a struct used from a header the same patch extends is laid out with its new version', async () => {
    const typesAfter = TYPES.replace('#endif\n', 'struct demo_range {\n\t__u64 start;\n\t__u64 length;\n};\n#endif\n');
    const mainAfter = MAIN_BEFORE.replace('\t__u32 len;\n};', '\t__u32 len;\n};\nstruct demo_map {\n\tstruct demo_range range;\n\t__u32 count;\n};');
    const r = await findings('uses-new', { 'include/uapi/linux/demo.h': MAIN_BEFORE, 'include/uapi/linux/demo_types.h': TYPES }, {
      'include/uapi/linux/demo.h': [MAIN_BEFORE, mainAfter],
      'include/uapi/linux/demo_types.h': [TYPES, typesAfter],
    });
    const added = r.findings.find((f) => f.rule === 'uapi.type-added' && f.symbol === 'struct demo_map');
    expect(added?.message).toMatch(/2 members, 24\/20 bytes/); // u64 aligns to 4 on i386
    expect(r.notes.join('\n')).not.toMatch(/demo_map.*layout not computed/);
  });
});

describe("an architecture's own headers", () => {
  it('are compared on the ABIs of that architecture only', async () => {
    const before = '#ifndef _ASM_X86_DEMO_H\n#define _ASM_X86_DEMO_H\n#include <linux/types.h>\nstruct demo_boot {\n\t__u32 type;\n\t__u32 len;\n};\n#endif\n';
    const after = before.replace('\t__u32 len;\n', '\t__u64 len;\n');
    const r = await findings('arch-only', { 'arch/x86/include/uapi/asm/demo.h': before }, { 'arch/x86/include/uapi/asm/demo.h': [before, after] });
    const sized = r.findings.filter((f) => f.rule === 'uapi.size-changed');
    expect(sized.map((f) => f.abis)).toEqual([['x86_64', 'i386']]);
    expect(r.findings.every((f) => !f.abis.includes('aarch64'))).toBe(true);
  });

  it('are not compared when no ABI asked for is of that architecture', async () => {
    const text = '#define DEMO_SH 1\n';
    const r = await findings('other-arch', { 'arch/sh/include/uapi/asm/demo.h': text }, { 'arch/sh/include/uapi/asm/demo.h': [text, '#define DEMO_SH 2\n'] });
    expect(r.findings).toEqual([]);
    expect(r.notes).toContain("arch/sh/include/uapi/asm/demo.h: not compared: none of the ABIs asked for (x86_64, i386, aarch64) is of its architecture");
  });
});

describe('an include of the new version that the tree lacks', () => {
  it('withholds the removals it may explain, in a note', async () => {
    // as riscv's asm/unistd.h in 6.12: the syscall numbers now come from a generated header
    const before = '#ifndef _DEMO_UNISTD_H\n#define _DEMO_UNISTD_H\n#define __NR_demo_flush 259\n#define DEMO_KEPT 1\n#endif\n';
    const after = '#ifndef _DEMO_UNISTD_H\n#define _DEMO_UNISTD_H\n#include <asm/demo_unistd_64.h>\n#define DEMO_KEPT 1\n#endif\n';
    const r = await findings('generated', { 'include/uapi/linux/demo_unistd.h': before }, { 'include/uapi/linux/demo_unistd.h': [before, after] });
    expect(r.findings.filter((f) => f.rule === 'uapi.macro-removed')).toEqual([]);
    expect(r.notes.join('\n')).toContain('include/uapi/linux/demo_unistd.h: 1 removal not reported (__NR_demo_flush): the new version includes <asm/demo_unistd_64.h>, which is not in the tree');
  });

  it('does not hide a removal when the old version missed the same include', async () => {
    const before = '#include <asm/demo_gen.h>\n#define DEMO_GONE 1\n#define DEMO_KEPT 1\n';
    const after = '#include <asm/demo_gen.h>\n#define DEMO_KEPT 1\n';
    const r = await findings('generated-both', { 'include/uapi/linux/demo_gen_user.h': before }, { 'include/uapi/linux/demo_gen_user.h': [before, after] });
    expect(r.findings.filter((f) => f.rule === 'uapi.macro-removed').map((f) => f.symbol)).toEqual(['DEMO_GONE']);
  });
});

describe('without a tree (bases from diff context)', () => {
  it('a struct and a #define moved into a header the series creates, which the file includes, are not removed', async () => {
    const created = '#ifndef _DEMO_TYPES_H\n#define _DEMO_TYPES_H\n#define DEMO_MAGIC 0x44\nstruct demo_req {\n\t__u32 flags;\n\t__u32 len;\n};\n#endif\n';
    const hunk = '@@ -1,8 +1,4 @@\n #ifndef _DEMO_H\n #define _DEMO_H\n-#define DEMO_MAGIC 0x44\n-struct demo_req {\n-\t__u32 flags;\n-\t__u32 len;\n-};\n+#include <linux/demo_types.h>\n #endif\n';
    const patch = join(scratch, 'moved-no-tree.patch');
    writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] uapi: demo\n\n---\ndiff --git a/include/uapi/linux/demo.h b/include/uapi/linux/demo.h\n--- a/include/uapi/linux/demo.h\n+++ b/include/uapi/linux/demo.h\n${hunk}${diffOf({ 'include/uapi/linux/demo_types.h': [null, created] })}`);
    const r = await runPipeline({ target: patch, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
    expect(r.report.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.report.notes).toContain('include/uapi/linux/demo.h: struct demo_req moved to include/uapi/linux/demo_types.h, which it includes: its users still see it there, and it is compared there');
    expect(r.report.notes).toContain('include/uapi/linux/demo.h: DEMO_MAGIC moved to include/uapi/linux/demo_types.h, which it includes: its users still see it there, and it is compared there');
  });
});

describe('without a tree, declarations moved into a header the diff shows only in part', () => {
  const demoHunk = '@@ -3,8 +3,3 @@\n #define _DEMO_H\n #include <asm/demo.h>\n-#define DEMO_MAGIC 0x44\n-struct demo_req {\n-\t__u32 flags;\n-\t__u32 len;\n-};\n #define DEMO_OTHER 1\n';
  const asmHunk = '@@ -10,3 +10,8 @@\n #define ASM_DEMO_A 1\n+#define DEMO_MAGIC 0x44\n+struct demo_req {\n+\t__u32 flags;\n+\t__u32 len;\n+};\n #define ASM_DEMO_B 2\n';
  const file = (path: string, hunk: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${hunk}`;

  it('are not removals: a note says where they went, and that the old header includes it', async () => {
    const patch = join(scratch, 'moved-partial.patch');
    writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] uapi: demo\n\n---\n${file('include/uapi/linux/demo.h', demoHunk)}${file('arch/x86/include/uapi/asm/demo.h', asmHunk)}`);
    const r = await runPipeline({ target: patch, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
    expect(r.report.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.report.notes).toContain('include/uapi/linux/demo.h: 2 declarations (struct demo_req, DEMO_MAGIC) no longer declared here are added to arch/x86/include/uapi/asm/demo.h by the same change, which it includes, so not reported as removed: its users still see them on x86 (userspace of other architectures that named them no longer finds them); struct demo_req moves unchanged (the same members and layouts), so the design rules do not judge it there as new');
  });

  it('a struct moved unchanged is no new design where it lands: no design findings on it there, unlike a new struct of the same shape', async () => {
    // as 6.12 moved s390's kvm_s390_zpci_op from linux/kvm.h into asm/kvm.h: its tail padding is old, not a new mistake
    const padded = (tag: string, extra = '') => `+struct ${tag} {\n+\t__u32 flags;\n+\t__u64 addr;\n${extra}+};\n`;
    const from = '@@ -3,7 +3,3 @@\n #define _DEMO_H\n #include <asm/demo.h>\n-struct demo_req {\n-\t__u32 flags;\n-\t__u64 addr;\n-};\n #define DEMO_OTHER 1\n';
    const to = (extra: string) => `@@ -10,2 +10,${extra ? 11 : 10} @@\n #define ASM_DEMO_A 1\n${padded('demo_req', extra)}${padded('demo_fresh')} #define ASM_DEMO_B 2\n`;
    const run = async (name: string, extra: string) => {
      const patch = join(scratch, `${name}.patch`);
      writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] uapi: demo\n\n---\n${file('include/uapi/linux/demo.h', from)}${file('arch/x86/include/uapi/asm/demo.h', to(extra))}`);
      return (await runPipeline({ target: patch, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false })).report;
    };
    const designOn = (r: { findings: Finding[] }, tag: string) => r.findings.filter((f) => f.kind === 'design' && f.symbol.startsWith(`struct ${tag}`)).map((f) => f.rule).sort();
    const same = await run('moved-unchanged', '');
    expect(designOn(same, 'demo_req')).toEqual([]);
    expect(designOn(same, 'demo_fresh')).toEqual(['uapi.abi-dependent-layout', 'uapi.implicit-padding', 'uapi.unaligned-u64']);
    expect(same.notes.join('\n')).toContain('struct demo_req moves unchanged (the same members and layouts), so the design rules do not judge it there as new');
    // changed on the way: judged as any changed struct
    const changed = await run('moved-changed', '+\t__u32 len;\n');
    expect(designOn(changed, 'demo_req')).toContain('uapi.implicit-padding');
    expect(changed.notes.join('\n')).not.toContain('moves unchanged');
  });

  it('are still reported when the diff does not show the old header including the new one, with a note saying where they went', async () => {
    const patch = join(scratch, 'moved-partial-unseen.patch');
    const hunk = demoHunk.replace(' #include <asm/demo.h>\n', ' #include <linux/types.h>\n');
    writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] uapi: demo\n\n---\n${file('include/uapi/linux/demo.h', hunk)}${file('include/uapi/linux/demo_more.h', asmHunk)}`);
    const r = await runPipeline({ target: patch, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
    expect(r.report.findings.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`).sort()).toEqual(['uapi.macro-removed DEMO_MAGIC', 'uapi.type-removed struct demo_req']);
    expect(r.report.notes).toContain('include/uapi/linux/demo.h: 2 declarations (struct demo_req, DEMO_MAGIC) no longer declared here are added to include/uapi/linux/demo_more.h by the same change, but the diff does not show it including <linux/demo_more.h>: reported as removed, since userspace that includes only <linux/demo.h> loses them unless it does; struct demo_req moves unchanged (the same members and layouts), so the design rules do not judge it there as new');
  });
});

/**
 * A uAPI header that a patch deletes or renames is one finding,
 * uapi.header-removed, naming what went with it, instead of one removal per
 * declaration; a git rename says where the header went.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/temp-dirs.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-header-removed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const OLD = 'include/uapi/misc/demo.h';
const NEW = 'include/uapi/drm/demo_accel.h';
const HEADER = '#ifndef _DEMO_H\n#define _DEMO_H\n#include <linux/types.h>\n#define DEMO_MAGIC 0x44\nenum { DEMO_A, DEMO_B };\nstruct demo_req {\n\t__u32 flags;\n\t__u32 len;\n};\n#endif\n';
const lines = HEADER.replace(/\n$/, '').split('\n');

async function runAll(name: string, diff: string) {
  const root = writeFiles(join(scratch, name), { [OLD]: HEADER });
  const patch = join(scratch, `${name}.patch`);
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: move the uapi header\n\n---\n${diff}`);
  const r = await runPipeline({ target: patch, tree: root, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
  return r.report.findings;
}

async function run(name: string, diff: string) {
  return (await runAll(name, diff)).filter((f) => f.level === 'error');
}

describe('uapi.header-removed', () => {
  it('a deleted header: one error listing what went with it', async () => {
    const diff = `diff --git a/${OLD} b/${OLD}\ndeleted file mode 100644\n--- a/${OLD}\n+++ /dev/null\n@@ -1,${lines.length} +0,0 @@\n${lines.map((l) => `-${l}\n`).join('')}`;
    const errors = await run('deleted', diff);
    expect(errors.map((f) => f.rule)).toEqual(['uapi.header-removed']);
    expect(errors[0]!.message).toContain('userspace that includes <misc/demo.h> no longer compiles, and loses 1 type, 1 macro, 2 enumerators with it (struct demo_req, DEMO_MAGIC, DEMO_A, DEMO_B)');
  });
  it('a renamed header: says where it went and suggests a stub', async () => {
    const diff = `diff --git a/${OLD} b/${NEW}\nsimilarity index 100%\nrename from ${OLD}\nrename to ${NEW}\n`;
    const errors = await run('renamed', diff);
    expect(errors.map((f) => f.rule)).toEqual(['uapi.header-removed']);
    expect(errors[0]!.message).toContain(`${OLD} is renamed to ${NEW}, which takes over its declarations (1 type, 1 macro, 2 enumerators)`);
    expect(errors[0]!.suggestion).toContain('Keep <misc/demo.h> as a header that includes <drm/demo_accel.h>');
  });
  it('deleted, with its declarations in a header the same diff creates: found without a git rename', async () => {
    const added = HEADER.replace('_DEMO_H', '_DEMO_ACCEL_H').replace('_DEMO_H', '_DEMO_ACCEL_H').split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    const diff = `diff --git a/${OLD} b/${OLD}\ndeleted file mode 100644\n--- a/${OLD}\n+++ /dev/null\n@@ -1,${lines.length} +0,0 @@\n${lines.map((l) => `-${l}\n`).join('')}` +
      `diff --git a/${NEW} b/${NEW}\nnew file mode 100644\n--- /dev/null\n+++ b/${NEW}\n@@ -0,0 +1,${added.length} @@\n${added.map((l) => `+${l}\n`).join('')}`;
    const errors = await run('moved', diff);
    expect(errors.map((f) => f.rule)).toEqual(['uapi.header-removed']);
    expect(errors[0]!.message).toContain(`${OLD} is renamed to ${NEW}`);
  });
});

describe('a renamed header that also changes', () => {
  // demo_req gains `id` before `len`: len moves, the struct grows
  const changed = (path: string) => `diff --git a/${OLD} b/${path}\nsimilarity index 90%\nrename from ${OLD}\nrename to ${path}\n--- a/${OLD}\n+++ b/${path}\n@@ -6,4 +6,5 @@ enum { DEMO_A, DEMO_B };\n struct demo_req {\n \t__u32 flags;\n+\t__u32 id;\n \t__u32 len;\n };\n`;

  it('is compared with the header it was: what differs is told, what it carries over is no addition', async () => {
    const found = await runAll('renamed-changed', changed(NEW));
    expect(found.filter((f) => f.level === 'error').map((f) => `${f.rule} ${f.symbol}`)).toEqual([
      'uapi.size-changed struct demo_req',
      'uapi.member-offset-changed struct demo_req.len',
      'uapi.header-removed include/uapi/misc/demo.h',
    ]);
    expect(found.filter((f) => ['uapi.type-added', 'uapi.macro-added', 'uapi.enum-added'].includes(f.rule))).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toBe('struct demo_req gains `__u32 id`, at offset 4 (x86_64).');
  });
});

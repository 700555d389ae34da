/**
 * A series that grows a uAPI struct and leaves its handler alone: with a
 * kernel tree, the handler in the tree is read (src/tree/tree-code.ts). A
 * handler copying the caller's size makes the append a note citing it; one
 * copying the whole new sizeof makes it uapi.struct-appended-copied-whole;
 * userspace code under tools/ is not the kernel's and is not read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/temp-dirs.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { treeCodeFor } from '../../src/tree/tree-code.ts';
import { treeWords } from '../../src/tree/tree-words.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-tree-code-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = 'include/uapi/linux/demo.h';
const header = (extra: string) => `#ifndef _UAPI_DEMO_H\n#define _UAPI_DEMO_H\n#include <linux/types.h>\nstruct demo_info {\n\t__u64 flags;\n\t__u32 mode;\n\t__u32 pad;\n${extra}};\n#endif\n`;
const handler = (copy: string) => `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo.h>\n\nstatic long demo_get_info(struct demo_dev *dev, void __user *uarg, unsigned int len)\n{\n\tstruct demo_info info = {};\n\n\tinfo.mode = dev->mode;\n\tif (${copy})\n\t\treturn -EFAULT;\n\treturn 0;\n}\n`;
const TOOL = 'int main(void)\n{\n\tstruct demo_info info;\n\treturn copy_to_user(0, &info, sizeof(info));\n}\n';

async function run(name: string, copy: string) {
  const root = writeFiles(join(scratch, name), { [HEADER]: header(''), 'drivers/demo/demo.c': handler(copy), 'tools/demo/demo.c': TOOL });
  const before = header('').replace(/\n$/, '').split('\n');
  const after = header('\t__u64 timeout_ns;\n').replace(/\n$/, '').split('\n');
  const diff = `diff --git a/${HEADER} b/${HEADER}\n--- a/${HEADER}\n+++ b/${HEADER}\n@@ -1,${before.length} +1,${after.length} @@\n${before.map((l) => `-${l}\n`).join('')}${after.map((l) => `+${l}\n`).join('')}`;
  const patch = join(scratch, `${name}.patch`);
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] uapi: demo: add a timeout\n\n---\n${diff}`);
  const r = await runPipeline({ target: patch, tree: root, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
  return { root, findings: r.report.findings.filter((f) => f.symbol.startsWith('struct demo_info')) };
}

describe('kernel code the series leaves alone, read from the tree', () => {
  it('a handler copying the caller\'s size: the append is a note citing it', async () => {
    const { findings } = await run('caller', 'copy_to_user(uarg, &info, min_t(unsigned int, len, sizeof(info)))');
    expect(findings.filter((f) => f.level !== 'note')).toEqual([]);
    const note = findings.find((f) => f.rule === 'uapi.member-added');
    expect(note?.message).toContain('demo_get_info (drivers/demo/demo.c:9)');
  });
  it('a handler copying the whole new size: an error naming the call', async () => {
    const { findings } = await run('whole', 'copy_to_user(uarg, &info, sizeof(info))');
    const err = findings.find((f) => f.rule === 'uapi.struct-appended-copied-whole');
    expect(err?.message).toContain('demo_get_info (drivers/demo/demo.c:9): `copy_to_user(uarg, &info, sizeof(info))`');
  });
  it('tools/ is userspace: not read', async () => {
    const { root } = await run('tools', 'copy_to_user(uarg, &info, len)');
    expect(treeCodeFor(treeWords(root), ['demo_info'], new Set()).map((u) => u.path)).toEqual(['drivers/demo/demo.c']);
  });
  it('a git tree is searched with git grep, over the files git tracks', () => {
    const root = writeFiles(join(scratch, 'git'), {
      'drivers/demo/a.c': 'static int f(void)\n{\n\tstruct demo_info info;\n\treturn 0;\n}\n',
      'drivers/demo/b.c': 'static int g(void)\n{\n\tstruct demo_infox info;\n\treturn 0;\n}\n',
      'tools/demo/c.c': 'int main(void)\n{\n\tstruct demo_info i;\n}\n',
    });
    execFileSync('git', ['-C', root, 'init', '-q']);
    execFileSync('git', ['-C', root, 'add', 'drivers', 'tools']);
    writeFiles(root, { 'drivers/demo/untracked.c': 'static int h(void)\n{\n\tstruct demo_info info;\n}\n' });
    expect(treeCodeFor(treeWords(root), ['demo_info'], new Set()).map((u) => `${u.path}:${u.name}`)).toEqual(['drivers/demo/a.c:f']);
  });
  it('a plain directory is searched with grep, and walked alike where grep cannot run', () => {
    const root = writeFiles(join(scratch, 'plain'), {
      'drivers/demo/a.c': 'static int f(void)\n{\n\tstruct demo_info info;\n\treturn 0;\n}\n',
      'drivers/demo/b.c': 'static int g(void)\n{\n\tstruct demo_infox info;\n\treturn 0;\n}\n',
      // the word without `struct` before it: grep's candidate, not a match
      'drivers/demo/c.c': 'static int demo_info;\nstatic int h(void)\n{\n\treturn demo_info;\n}\n',
      'arch/x86/demo/d.c': 'static int k(void)\n{\n\tstruct  demo_info *p = 0;\n\treturn !p;\n}\n',
      'drivers/scripts/e.c': 'static int m(void)\n{\n\tstruct demo_info i;\n}\n',
      'drivers/demo/f.h': 'struct demo_info;\n',
    });
    const found = () => treeCodeFor(treeWords(root), ['demo_info'], new Set()).map((u) => `${u.path}:${u.name}`);
    const grepped = found();
    expect(grepped).toEqual(['arch/x86/demo/d.c:k', 'drivers/demo/a.c:f']);
    const path = process.env.PATH;
    process.env.PATH = join(scratch, 'no-tools-here');
    try {
      expect(found()).toEqual(grepped);
    } finally {
      process.env.PATH = path;
    }
  });
});

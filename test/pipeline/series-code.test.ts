/**
 * A series often grows a uAPI struct in one patch and changes the kernel code
 * that copies it in the next. How that code copies the struct is read from
 * the whole series: copied with the caller's size, the append is a note that
 * cites the call (no warning for patch 1); copied whole, it is an error at the
 * header's patch, citing the later patch's call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/temp-dirs.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-series-code-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = 'include/uapi/linux/demo.h';
const SOURCE = 'drivers/demo/demo.c';
const header = (extra: string) => `#ifndef _UAPI_DEMO_H\n#define _UAPI_DEMO_H\n#include <linux/types.h>\nstruct demo_attr {\n\t__u64 flags;\n\t__u32 mode;\n\t__u32 pad;\n${extra}};\n#endif\n`;
const source = (copy: string) => `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo.h>\n\nstatic long demo_set_attr(struct demo_dev *dev, void __user *uarg, size_t usize)\n{\n\tstruct demo_attr attr;\n\n\tif (${copy})\n\t\treturn -EFAULT;\n\tdev->mode = attr.mode;\n\treturn 0;\n}\n`;

/** A whole-file hunk replacing `before` with `after`. */
function hunk(path: string, before: string, after: string): string {
  const b = before.replace(/\n$/, '').split('\n');
  const a = after.replace(/\n$/, '').split('\n');
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,${b.length} +1,${a.length} @@\n${b.map((l) => `-${l}\n`).join('')}${a.map((l) => `+${l}\n`).join('')}`;
}

function mail(n: number, subject: string, diff: string): string {
  return `From 0123456789abcdef0123456789abcdef0123456${n} Mon Sep 17 00:00:00 2001\nFrom: Ada Lovelace <ada@example.org>\nDate: Tue, 1 Apr 2025 10:00:0${n} +0200\nSubject: [PATCH ${n}/2] ${subject}\n\n${subject}.\n\n---\n${diff}-- \n2.43.0\n\n`;
}

async function run(name: string, copyAfter: string) {
  const root = join(scratch, name);
  const oldSource = source('copy_from_user(&attr, uarg, sizeof(attr))');
  writeFiles(root, { [HEADER]: header(''), [SOURCE]: oldSource });
  const mbox = join(scratch, `${name}.mbox`);
  writeFileSync(mbox, mail(1, 'uapi: demo: add a timeout', hunk(HEADER, header(''), header('\t__u64 timeout_ns;\n'))) +
    mail(2, 'demo: take the timeout', hunk(SOURCE, oldSource, source(copyAfter))));
  const r = await runPipeline({ target: mbox, tree: root, offline: true, abis: ['x86_64', 'i386'], emulateAbi: 'x86_64', behaviour: false });
  return r.report.findings;
}

describe('how the series\' code copies a struct it grows', () => {
  it('with the caller\'s size (a later patch): a note citing the call, no warning', async () => {
    const found = await run('sized', 'copy_struct_from_user(&attr, sizeof(attr), uarg, usize)');
    expect(found.filter((f) => f.level !== 'note').map((f) => `${f.rule} ${f.symbol}`)).toEqual([]);
    const note = found.find((f) => f.rule === 'uapi.member-added' && f.symbol === 'struct demo_attr.timeout_ns');
    expect(note?.patch).toBe(1);
    expect(note?.message).toContain(`demo_set_attr (${SOURCE}:8): \`copy_struct_from_user(&attr, sizeof(attr), uarg, usize)\``);
  });

  it('whole (a later patch): an error at the header\'s patch, naming the call', async () => {
    const found = await run('whole', 'copy_from_user(&attr, uarg, sizeof(struct demo_attr))');
    const errors = found.filter((f) => f.rule === 'uapi.struct-appended-copied-whole');
    expect(errors.map((f) => [f.patch, f.symbol])).toEqual([[1, 'struct demo_attr']]);
    expect(errors[0]!.message).toContain('copy_from_user(&attr, uarg, sizeof(struct demo_attr))');
    expect(errors[0]!.message).not.toContain('Not visible end to end');
    expect(found.map((f) => f.rule)).not.toContain('uapi.struct-appended');
  });
});

/**
 * Test support: a kernel tree's syscall lists as Linux 6.12 ends them (their
 * own last lines), and series that change them, reviewed by the pipeline
 * with or without that tree (test/abi/rules/syscall-*.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFiles } from './temp-dirs.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

export const X86_64 = 'arch/x86/entry/syscalls/syscall_64.tbl';
export const X86_32 = 'arch/x86/entry/syscalls/syscall_32.tbl';
export const GENERIC = 'scripts/syscall.tbl';
export const ARM = 'arch/arm/tools/syscall.tbl';
export const MIPS_O32 = 'arch/mips/kernel/syscalls/syscall_o32.tbl';
export const MIPS_N64 = 'arch/mips/kernel/syscalls/syscall_n64.tbl';
export const PPC = 'arch/powerpc/kernel/syscalls/syscall.tbl';
export const ALPHA = 'arch/alpha/kernel/syscalls/syscall.tbl';

const HEAD = '# SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note\n#\n# <number> <abi> <name> <entry point>\n';
/** Each list's last lines in 6.12, and the ABI field a new common call gets there. */
export const TREE: Record<string, { text: string; abi: string; offset: number }> = {
  [X86_64]: { text: `${HEAD}0\tcommon\tread\t\t\tsys_read\n461\tcommon\tlsm_list_modules\tsys_lsm_list_modules\n462 \tcommon  mseal\t\t\tsys_mseal\n`, abi: 'common', offset: 0 },
  [X86_32]: { text: `${HEAD}403\ti386\tclock_gettime64\t\tsys_clock_gettime\n462\ti386\tmseal \t\t\tsys_mseal\n`, abi: 'i386', offset: 0 },
  [GENERIC]: { text: `${HEAD}403\t32\tclock_gettime64\t\t\tsys_clock_gettime\n462\tcommon\tmseal\t\t\t\tsys_mseal\n`, abi: 'common', offset: 0 },
  [ARM]: { text: `${HEAD}403\tcommon\tclock_gettime64\t\t\tsys_clock_gettime\n462\tcommon\tmseal\t\t\t\tsys_mseal\n`, abi: 'common', offset: 0 },
  [MIPS_O32]: { text: `${HEAD}403\to32\tclock_gettime64\t\t\tsys_clock_gettime\n462\to32\tmseal\t\t\t\tsys_mseal\n`, abi: 'o32', offset: 0 },
  [MIPS_N64]: { text: `${HEAD}462\tn64\tmseal\t\t\t\tsys_mseal\n`, abi: 'n64', offset: 0 },
  [PPC]: { text: `${HEAD}403\t32\tclock_gettime64\t\t\tsys_clock_gettime\t\tsys_clock_gettime\n462\tcommon\tmseal\t\t\t\tsys_mseal\n`, abi: 'common', offset: 0 },
  [ALPHA]: { text: `${HEAD}572\tcommon  mseal\t\t\t\tsys_mseal\n`, abi: 'common', offset: 110 },
};

/** `list`'s text with `name` appended as number 463 (alpha: 573), ABI field `abi` (default: the list's own). */
export function withCall(list: string, name: string, abi?: string): string {
  const t = TREE[list]!;
  return `${t.text}${463 + t.offset}\t${abi ?? t.abi}\t${name}\t\t\tsys_${name}\n`;
}

/** A whole-file diff of `path` from `before` to `after`. */
function fileDiff(path: string, before: string, after: string): string {
  const b = before.replace(/\n$/, '').split('\n');
  const a = after.replace(/\n$/, '').split('\n');
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,${b.length} +1,${a.length} @@\n${b.map((l) => `-${l}\n`).join('')}${a.map((l) => `+${l}\n`).join('')}`;
}

/** The 6.12 lists above as a tree's files. */
const TREE_FILES: Record<string, string> = Object.fromEntries(Object.entries(TREE).map(([p, t]) => [p, t.text]));

/** An mbox of patches, each changing files from their text in `base` (or an earlier patch's) to the text given. */
function mbox(base: Record<string, string>, patches: Record<string, string>[]): string {
  const now: Record<string, string> = { ...base };
  return patches
    .map((files, i) => {
      const diffs = Object.entries(files).map(([p, text]) => {
        const d = fileDiff(p, now[p]!, text);
        now[p] = text;
        return d;
      });
      return `From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: A Developer <dev@example.com>\nDate: Mon, 2 Nov 2026 10:00:00 +0000\nSubject: [PATCH ${i + 1}/${patches.length}] syscalls: wire up\n\n---\n${diffs.join('')}`;
    })
    .join('\n');
}

/** Reviews in `dir` (a fresh directory) a series of `patches` against a tree of `base`'s files (default: the 6.12 lists above), with the tree or without. */
export async function review(dir: string, patches: Record<string, string>[], withTree = true, base: Record<string, string> = TREE_FILES) {
  const root = writeFiles(join(dir, 'tree'), base);
  const file = join(dir, 'series.mbox');
  writeFileSync(file, mbox(base, patches));
  const r = await runPipeline({ target: file, ...(withTree ? { tree: root } : {}), offline: true, abis: ['x86_64', 'i386', 'aarch64', 'arm', 'mips', 'mips64'], emulateAbi: 'x86_64', behaviour: false });
  return r.report;
}

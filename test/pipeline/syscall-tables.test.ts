/**
 * A series that edits a syscall table: the headers Kbuild generates from it
 * (asm/unistd_64.h, asm/unistd_x32.h …) are worked out before and after and
 * compared like any uAPI header, so a new system call is a new macro and a
 * renumbered one a changed value, each on the ABIs that read that header and
 * placed on the table line; a table known only from diff context is not
 * compared, and a note says why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/temp-dirs.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { X86_UNISTD_H } from '../support/x86-unistd.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-syscall-tables-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TABLE = 'arch/x86/entry/syscalls/syscall_64.tbl';
const BEFORE = `# <number> <abi> <name> <entry point>
0\tcommon\tread\t\t\tsys_read
1\tcommon\twrite\t\t\tsys_write
16\t64\tioctl\t\t\tsys_ioctl
450\tcommon\tset_mempolicy_home_node\tsys_set_mempolicy_home_node
514\tx32\tioctl\t\t\tcompat_sys_ioctl
`;


/** The patch changing the table from `before` to `after` (one hunk: the whole file). */
function patchOf(before: string, after: string): string {
  const b = before.replace(/\n$/, '').split('\n');
  const a = after.replace(/\n$/, '').split('\n');
  return `From: A Developer <dev@example.com>\nSubject: [PATCH] x86: wire up demo\n\n---\ndiff --git a/${TABLE} b/${TABLE}\n--- a/${TABLE}\n+++ b/${TABLE}\n@@ -1,${b.length} +1,${a.length} @@\n${b.map((l) => `-${l}\n`).join('')}${a.map((l) => `+${l}\n`).join('')}`;
}

async function review(name: string, after: string, withTree = true) {
  const root = writeFiles(join(scratch, name), { [TABLE]: BEFORE, 'arch/x86/entry/syscalls/syscall_32.tbl': '3\ti386\tread\tsys_read\n', 'arch/x86/include/uapi/asm/unistd.h': X86_UNISTD_H });
  const patch = join(scratch, `${name}.patch`);
  writeFileSync(patch, patchOf(BEFORE, after));
  const r = await runPipeline({ target: patch, ...(withTree ? { tree: root } : {}), offline: true, abis: ['x86_64', 'x32', 'aarch64'], emulateAbi: 'x86_64', behaviour: false });
  return r.report;
}

describe('a series that edits a syscall table', () => {
  it('sees a new system call in every header made from the lines it takes', async () => {
    const r = await review('added', BEFORE.replace('514\t', '451\tcommon\tdemo_frob\t\tsys_demo_frob\n514\t'));
    const added = r.findings.filter((f) => f.rule === 'uapi.macro-added');
    // each on the ABI that reads it (i386's unistd_32.h comes from another table), placed on the table's new line
    expect(added.map((f) => `${f.file}:${f.line} ${f.symbol} ${f.abis.join(',')}`)).toEqual([
      `${TABLE}:6 __NR_demo_frob x86_64`,
      `${TABLE}:6 __NR_demo_frob x32`,
    ]);
    expect(added.map((f) => f.message)).toEqual([
      'New constant __NR_demo_frob = 451. Defined in <asm/unistd_64.h>, which Kbuild generates from this table.',
      'New constant __NR_demo_frob. Defined in <asm/unistd_x32.h>, which Kbuild generates from this table.',
    ]);
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(r.notes).toContain(`arch/x86/include/generated/uapi/asm/unistd_64.h, arch/x86/include/generated/uapi/asm/unistd_x32.h: worked out from ${TABLE} as Kbuild generates them, and compared`);
  });

  it('reports a renumbered system call as a changed value, on the ABI whose header takes it', async () => {
    const r = await review('renumbered', BEFORE.replace('16\t64\tioctl', '17\t64\tioctl'));
    const changed = r.findings.filter((f) => f.rule === 'uapi.macro-value-changed');
    expect(changed.map((f) => `${f.file}:${f.line} ${f.symbol} ${f.level} ${f.abis.join(',')}`)).toEqual([`${TABLE}:4 __NR_ioctl error x86_64`]);
  });

  it('compares the generic table of 6.11+ for the architectures whose Makefile.syscalls uses it', async () => {
    const generic = '0\tcommon\tio_setup\tsys_io_setup\n163\trlimit\tsetrlimit\tsys_setrlimit\n403\t32\tclock_gettime64\tsys_clock_gettime\n';
    const root = writeFiles(join(scratch, 'generic'), {
      'scripts/syscall.tbl': generic,
      'arch/riscv/kernel/Makefile.syscalls': 'syscall_abis_32 += riscv memfd_secret\nsyscall_abis_64 += riscv rlimit memfd_secret\n',
      'arch/riscv/include/uapi/asm/Kbuild': 'syscall-y += unistd_32.h\nsyscall-y += unistd_64.h\n',
    });
    const after = generic.replace('403\t', '463\tcommon\tdemo_frob\tsys_demo_frob\n403\t');
    const patch = join(scratch, 'generic.patch');
    const b = generic.replace(/\n$/, '').split('\n');
    const a = after.replace(/\n$/, '').split('\n');
    writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] wire up demo\n\n---\ndiff --git a/scripts/syscall.tbl b/scripts/syscall.tbl\n--- a/scripts/syscall.tbl\n+++ b/scripts/syscall.tbl\n@@ -1,${b.length} +1,${a.length} @@\n${b.map((l) => `-${l}\n`).join('')}${a.map((l) => `+${l}\n`).join('')}`);
    const r = await runPipeline({ target: patch, tree: root, offline: true, abis: ['riscv64', 'x86_64'], emulateAbi: 'x86_64', behaviour: false });
    const added = r.report.findings.filter((f) => f.rule === 'uapi.macro-added').map((f) => `${f.file}:${f.line} ${f.symbol} ${f.abis.join(',')}`);
    // unistd_32.h is riscv32's, which no ABI compared is
    expect(added).toEqual(['scripts/syscall.tbl:3 __NR_demo_frob riscv64']);
  });

  it('does not compare a table it knows only from the diff context', async () => {
    const r = await review('no-tree', BEFORE.replace('514\t', '451\tcommon\tdemo_frob\t\tsys_demo_frob\n514\t'), false);
    expect(r.findings.filter((f) => f.file === TABLE)).toEqual([]);
    expect(r.notes).toContain(`${TABLE}: the syscall numbers of arch/x86/include/generated/uapi/asm/unistd_64.h, arch/x86/include/generated/uapi/asm/unistd_x32.h were not compared: only part of the table is known (diff context; give --tree)`);
  });
});

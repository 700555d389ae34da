/**
 * The uAPI syscall-number headers an unbuilt tree lacks, worked out from its
 * syscall tables as Kbuild's syscallhdr.sh writes them: which lines each
 * header takes, offsets, __NR_syscalls for the kernel only, the generic table
 * of 6.11+ architectures, a patched table, and a tree that has its own copy.
 *
 * Checked outside this test against Debian's installed 6.1 headers
 * (linux-libc-dev and the cross sysroots) with the tables of Debian's
 * linux-source-6.1: x86 (32, 64, x32), arm (eabi, oabi), powerpc (32, 64),
 * sparc (32, 64), m68k, mips (o32, n32, n64) and s390 (32, 64): the 15
 * headers are identical to the installed ones, less the `#ifdef __KERNEL__`
 * block headers_install drops.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AbiName } from '../../src/abi/layout-types.ts';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { syscallHeaderText } from '../../src/c/syscall-headers.ts';
import { X86_UNISTD_H } from '../support/x86-unistd.ts';

const scratch = mkdtempSync(join(tmpdir(), 'abi-check-syscalls-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = join(scratch, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const X86_64_TBL = `#
# 64-bit system call numbers and entry vectors
#
# <number> <abi> <name> <entry point>
0\tcommon\tread\t\t\tsys_read
1\tcommon\twrite\t\t\tsys_write
15\t64\trt_sigreturn\t\tsys_rt_sigreturn
16\t64\tioctl\t\t\tsys_ioctl
450\tcommon\tdemo_frob\t\tsys_demo_frob

# x32-specific system call numbers start at 512
512\tx32\trt_sigreturn\t\tcompat_sys_x32_rt_sigreturn
514\tx32\tioctl\t\t\tcompat_sys_ioctl
`;

const X86_32_TBL = `# 32-bit system call numbers
0\ti386\trestart_syscall\tsys_restart_syscall
3\ti386\tread\t\t\tsys_read
54\ti386\tioctl\t\t\tsys_ioctl\t\tcompat_sys_ioctl
`;


const X86_TREE = {
  'arch/x86/entry/syscalls/syscall_64.tbl': X86_64_TBL,
  'arch/x86/entry/syscalls/syscall_32.tbl': X86_32_TBL,
  'arch/x86/include/uapi/asm/unistd.h': X86_UNISTD_H,
};

/** The values of `__NR_*` macros a unit including <asm/unistd.h> (or `include`) sees in `root`. */
function numbers(root: string, abi: AbiName, opts: { kernel?: boolean; include?: string; readFile?: (p: string) => string | null } = {}): Record<string, bigint | undefined> {
  const m = buildTypeModel(
    { path: join(root, 'unit.c'), text: `#include <${opts.include ?? 'asm/unistd.h'}>\n` },
    { abi, kernel: opts.kernel ?? false, includeDirs: [], kernelTree: root, macroValues: 'all', ...(opts.readFile ? { readFile: opts.readFile } : {}) },
  );
  return Object.fromEntries(m.macros.filter((d) => d.name.startsWith('__NR_')).map((d) => [d.name, d.value]));
}

describe('syscall headers worked out from the tree', () => {
  it('writes what syscallhdr.sh writes: the table order, an offset in parentheses, __NR_syscalls for the kernel', () => {
    const text = syscallHeaderText(X86_64_TBL, { header: 'unistd_x32.h', table: 't', abis: ['common', 'x32'], offset: '__X32_SYSCALL_BIT', emitNr: true, readBy: ['x32'] });
    expect(text).toBe(`#ifndef _UAPI_ASM_UNISTD_X32_H
#define _UAPI_ASM_UNISTD_X32_H

#define __NR_read (__X32_SYSCALL_BIT + 0)
#define __NR_write (__X32_SYSCALL_BIT + 1)
#define __NR_demo_frob (__X32_SYSCALL_BIT + 450)
#define __NR_rt_sigreturn (__X32_SYSCALL_BIT + 512)
#define __NR_ioctl (__X32_SYSCALL_BIT + 514)

#ifdef __KERNEL__
#define __NR_syscalls 515
#endif

#endif /* _UAPI_ASM_UNISTD_X32_H */
`);
  });

  it('gives each x86 ABI the numbers of its own table and ABI lines', () => {
    const root = tree('x86', X86_TREE);
    expect(numbers(root, 'x86_64')).toEqual({ __NR_read: 0n, __NR_write: 1n, __NR_rt_sigreturn: 15n, __NR_ioctl: 16n, __NR_demo_frob: 450n });
    expect(numbers(root, 'x32')).toEqual({ __NR_read: 0x40000000n, __NR_write: 0x40000001n, __NR_demo_frob: 0x400001c2n, __NR_rt_sigreturn: 0x40000200n, __NR_ioctl: 0x40000202n });
    expect(numbers(root, 'i386')).toEqual({ __NR_restart_syscall: 0n, __NR_read: 3n, __NR_ioctl: 54n });
  });

  it('defines __NR_syscalls for in-kernel code only', () => {
    const root = tree('x86-kernel', X86_TREE);
    expect(numbers(root, 'x86_64', { kernel: true, include: 'asm/unistd_64.h' }).__NR_syscalls).toBe(451n);
    expect(numbers(root, 'x86_64', { include: 'asm/unistd_64.h' })).not.toHaveProperty('__NR_syscalls');
  });

  it('works out the kernel-only compat headers a 64-bit x86 kernel includes, with their prefix', () => {
    const root = tree('x86-kernel-compat', {
      ...X86_TREE,
      // arch/x86/include/asm/unistd.h of 6.1 and 6.12, in-kernel part
      'arch/x86/include/asm/unistd.h': `#include <uapi/asm/unistd.h>
#ifdef CONFIG_X86_32
# include <asm/unistd_32.h>
#else
# include <asm/unistd_64.h>
# include <asm/unistd_64_x32.h>
# include <asm/unistd_32_ia32.h>
#endif
`,
    });
    const m = buildTypeModel(
      { path: join(root, 'unit.c'), text: '#include <asm/unistd.h>\n' },
      { abi: 'x86_64', kernel: true, includeDirs: [], kernelTree: root, macroValues: 'all' },
    );
    const nr = Object.fromEntries(m.macros.filter((d) => /^__NR_(ia32|x32)_/.test(d.name)).map((d) => [d.name, d.value]));
    expect(nr).toEqual({
      __NR_x32_rt_sigreturn: 512n, __NR_x32_ioctl: 514n, __NR_x32_syscalls: 515n,
      __NR_ia32_restart_syscall: 0n, __NR_ia32_read: 3n, __NR_ia32_ioctl: 54n, __NR_ia32_syscalls: 55n,
    });
    expect(m.diagnostics.filter((d) => /No such file/.test(d.message))).toEqual([]);
    // userspace never sees them: they are not uAPI headers
    expect(numbers(root, 'x86_64', { include: 'asm/unistd_32_ia32.h' })).toEqual({});
  });

  it('reads the table as the reader has it: a patched table gives the patched numbers', () => {
    const root = tree('x86-patched', X86_TREE);
    const table = join(root, 'arch/x86/entry/syscalls/syscall_64.tbl');
    const patched = X86_64_TBL.replace('450\tcommon\tdemo_frob', '451\tcommon\tdemo_frob');
    const readFile = (p: string): string | null => {
      if (p === table) return patched;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    };
    expect(numbers(root, 'x86_64', { readFile }).__NR_demo_frob).toBe(451n);
    expect(numbers(root, 'x86_64').__NR_demo_frob).toBe(450n);
  });

  it('reads a built tree\'s own header rather than working one out', () => {
    const root = tree('x86-built', {
      ...X86_TREE,
      'arch/x86/include/generated/uapi/asm/unistd_64.h': '#define __NR_read 7\n',
    });
    expect(numbers(root, 'x86_64')).toEqual({ __NR_read: 7n });
  });

  it('takes an architecture on the generic table (6.11+) from its Makefile.syscalls and Kbuild', () => {
    const root = tree('riscv', {
      'scripts/syscall.tbl': `0\tcommon\tio_setup\t\t\tsys_io_setup
79\tstat64\tfstatat64\t\t\tsys_fstatat64
79\tnewstat\tnewfstatat\t\t\tsys_newfstatat
163\trlimit\tsetrlimit\t\t\tsys_setrlimit
244\triscv\triscv_flush_icache\t\tsys_riscv_flush_icache
403\t32\tclock_gettime64\t\t\tsys_clock_gettime
`,
      'arch/riscv/kernel/Makefile.syscalls': 'syscall_abis_32 += riscv memfd_secret\nsyscall_abis_64 += riscv rlimit memfd_secret\n',
      'arch/riscv/include/uapi/asm/Kbuild': 'syscall-y += unistd_32.h\nsyscall-y += unistd_64.h\n',
      'arch/riscv/include/uapi/asm/unistd.h': '#if __riscv_xlen == 64\n#include <asm/unistd_64.h>\n#else\n#include <asm/unistd_32.h>\n#endif\n',
    });
    expect(numbers(root, 'riscv64')).toEqual({ __NR_io_setup: 0n, __NR_setrlimit: 163n, __NR_riscv_flush_icache: 244n });
  });

  it('writes s390\'s headers in numeric order, without __NR_syscalls, as its own script does', () => {
    const table = '2\tcommon\tfork\t\tsys_fork\n1\tcommon\texit\t\tsys_exit\n9\t32\tlink32\t\t-\n7\t64\trestart_syscall\t\tsys_restart\n';
    const root = tree('s390', { 'arch/s390/kernel/syscalls/syscall.tbl': table, 'arch/s390/include/uapi/asm/unistd.h': '#include <asm/unistd_64.h>\n' });
    const m = buildTypeModel({ path: join(root, 'unit.c'), text: '#include <asm/unistd.h>\n' }, { abi: 's390x', kernel: true, includeDirs: [], kernelTree: root, macroValues: 'all' });
    expect(m.macros.filter((d) => d.name.startsWith('__NR_')).map((d) => `${d.name} ${d.value}`)).toEqual(['__NR_exit 1', '__NR_fork 2', '__NR_restart_syscall 7']);
  });

  it('leaves a header it has no rule for missing, as before', () => {
    const root = tree('arm64-6.1', { 'arch/arm64/include/uapi/asm/unistd.h': '#include <asm/unistd_64.h>\n' });
    const m = buildTypeModel({ path: join(root, 'unit.c'), text: '#include <asm/unistd.h>\n' }, { abi: 'aarch64', kernel: false, includeDirs: [], kernelTree: root });
    expect(m.diagnostics.map((d) => d.message)).toContain('asm/unistd_64.h: No such file or directory');
  });
});

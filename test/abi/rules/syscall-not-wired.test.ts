/**
 * uapi.syscall-not-wired on a tree laid out as Linux 6.12's (its tables' own
 * last lines): a new system call the series adds to some architectures'
 * syscall lists but not to others is a warning naming the lists left out;
 * one wired up everywhere, one only for 32-bit processes wired up where
 * those are served, one specific to a single architecture, and one a later
 * patch of the series completes are not.
 */
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../../support/temp-dirs.ts';
import { ALPHA, ARM, GENERIC, MIPS_N64, MIPS_O32, PPC, review as reviewIn, TREE, withCall, X86_32, X86_64 } from '../../support/syscall-series.ts';
import { isSyscallTable, syscallEntries } from '../../../src/abi/syscall-tables.ts';
import { syscallListPaths } from '../../../src/tree/syscall-list-files.ts';

const tmp = tempDirs('abi-check-syscall-wiring-');

const review = (patches: Record<string, string>[], withTree = true) => reviewIn(tmp(), patches, withTree);
const wiring = (r: Awaited<ReturnType<typeof review>>) => r.findings.filter((f) => f.rule === 'uapi.syscall-not-wired');

describe('syscall lists', () => {
  it('reads tables and C lists: numbers, ABI fields, word sizes', () => {
    expect(syscallEntries(PPC, TREE[PPC]!.text).map((e) => `${e.line} ${e.nr} ${e.name} ${e.abi} ${e.bits}`)).toEqual([
      '4 403 clock_gettime64 32 32',
      '5 462 mseal common both',
    ]);
    expect(syscallEntries(X86_32, TREE[X86_32]!.text).map((e) => `${e.nr} ${e.bits}`)).toEqual(['403 32', '462 32']);
    const generic = '#define __NR_mseal 462\n__SYSCALL(__NR_mseal, sys_mseal)\n#define __NR3264_fcntl 25\n#undef __NR_syscalls\n#define __NR_syscalls 463\n#define __NR_fcntl64 __NR3264_fcntl\n';
    expect(syscallEntries('include/uapi/asm-generic/unistd.h', generic).map((e) => `${e.line} ${e.name} ${e.nr}`)).toEqual(['1 mseal 462', '6 fcntl64 25']);
    expect(isSyscallTable('arch/x86/entry/syscalls/syscall_64.tbl')).toBe(true);
    expect(isSyscallTable('arch/x86/entry/syscalls/Makefile')).toBe(false);
  });

  it('finds every list of a tree on disk', () => {
    const root = writeFiles(tmp(), { ...Object.fromEntries(Object.entries(TREE).map(([p, t]) => [p, t.text])), 'arch/x86/entry/syscalls/Makefile': '' });
    expect(syscallListPaths(root)).toEqual([ALPHA, ARM, MIPS_N64, MIPS_O32, PPC, X86_32, X86_64, GENERIC]);
  });
});

describe('uapi.syscall-not-wired', () => {
  it('names the lists a new call is missing from, on the first list the series adds it to', async () => {
    const r = await review([{ [X86_64]: withCall(X86_64, 'demo_call'), [X86_32]: withCall(X86_32, 'demo_call'), [GENERIC]: withCall(GENERIC, 'demo_call') }]);
    const [f, ...more] = wiring(r);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ level: 'warning', kind: 'design', patch: 1, file: GENERIC, line: 6, symbol: '__NR_demo_call', abis: ['arm', 'mips', 'mips64'] });
    expect(f!.message).toBe(
      `New system call demo_call (463 in ${GENERIC}) is wired up in 3 syscall lists but not in 5 others: ${ALPHA}, ${ARM}, ${MIPS_N64}, ${MIPS_O32}, ${PPC}. ` +
        'Userspace there has no number for it, and the next call added there takes the number the others gave this one.',
    );
    expect(f!.after).toMatchObject({ missing: [ALPHA, ARM, MIPS_N64, MIPS_O32, PPC] });
  });

  it('is quiet about a call wired up in every list', async () => {
    const all = Object.fromEntries(Object.keys(TREE).map((p) => [p, withCall(p, 'demo_call')]));
    const r = await review([all]);
    expect(wiring(r)).toEqual([]);
    expect(r.notes.join('\n')).not.toMatch(/demo_call/);
  });

  it('expects a call for 32-bit processes only where those are served', async () => {
    // as the time64 calls were added: 32-bit lists, and `32` lines in the lists that serve both
    const r = await review([{ [X86_32]: withCall(X86_32, 'demo_time64'), [GENERIC]: withCall(GENERIC, 'demo_time64', '32'), [PPC]: withCall(PPC, 'demo_time64', '32') }]);
    const [f, ...more] = wiring(r);
    expect(more).toEqual([]);
    // not x86_64's, mips n64's or alpha's 64-bit lists
    expect(f!.after).toMatchObject({ missing: [ARM, MIPS_O32] });
    expect(f!.message).toContain('but not in 2 others that serve 32-bit processes:');
  });

  it('takes a call one architecture alone gets to be specific to it: a note', async () => {
    const r = await review([{ [X86_64]: withCall(X86_64, 'x86_frob', '64') }]);
    expect(wiring(r)).toEqual([]);
    expect(r.notes).toContain(`system call x86_frob: wired up for x86 only (${X86_64}); taken to be specific to it, so the other 6 syscall lists were not checked for it`);
  });

  it('takes a call only on lines some architectures opt in to as specific to them: a note', async () => {
    // as riscv_hwprobe is in the generic list of 6.11+
    const r = await review([{ [GENERIC]: withCall(GENERIC, 'riscv_demo', 'riscv') }]);
    expect(wiring(r)).toEqual([]);
    expect(r.notes).toContain(`system call riscv_demo: added only on lines for riscv (${GENERIC}); taken to be specific to riscv, so the other syscall lists were not checked for it`);
  });

  it('judges the series as it ends: a later patch may wire up the rest, or take the call out again', async () => {
    const rest = Object.fromEntries(Object.keys(TREE).filter((p) => p !== X86_64 && p !== GENERIC).map((p) => [p, withCall(p, 'demo_call')]));
    const completed = await review([{ [X86_64]: withCall(X86_64, 'demo_call'), [GENERIC]: withCall(GENERIC, 'demo_call') }, rest]);
    expect(wiring(completed)).toEqual([]);
    const withdrawn = await review([{ [X86_64]: withCall(X86_64, 'demo_call'), [GENERIC]: withCall(GENERIC, 'demo_call') }, { [X86_64]: TREE[X86_64]!.text, [GENERIC]: TREE[GENERIC]!.text }]);
    expect(wiring(withdrawn)).toEqual([]);
  });

  it('without a tree, cannot know the lists the series leaves alone, and says so', async () => {
    const r = await review([{ [X86_64]: withCall(X86_64, 'demo_call'), [GENERIC]: withCall(GENERIC, 'demo_call') }], false);
    expect(wiring(r)).toEqual([]);
    expect(r.notes).toContain("new system calls were checked against the syscall lists this series touches only: without --tree the other architectures' lists are unknown");
  });
});

/**
 * uapi.syscall-count-stale on a tree laid out as Linux 6.1's generic lists
 * (their own last lines): a call added to asm-generic/unistd.h or arm64's
 * compat unistd32.h past the hand-kept `__NR_syscalls` /
 * `__NR_compat_syscalls` is an error; one the same series counts is not.
 */
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../../support/temp-dirs.ts';
import { review } from '../../support/syscall-series.ts';

const tmp = tempDirs('abi-check-syscall-count-');
const GENERIC = 'include/uapi/asm-generic/unistd.h';
const COMPAT = 'arch/arm64/include/asm/unistd32.h';
const COMPAT_COUNT = 'arch/arm64/include/asm/unistd.h';
const generic = (extra = '', count = 451) => `#define __NR_process_mrelease 448
__SYSCALL(__NR_process_mrelease, sys_process_mrelease)
#define __NR_futex_waitv 449
__SYSCALL(__NR_futex_waitv, sys_futex_waitv)
#define __NR_set_mempolicy_home_node 450
__SYSCALL(__NR_set_mempolicy_home_node, sys_set_mempolicy_home_node)
${extra}
#undef __NR_syscalls
#define __NR_syscalls ${count}
`;
const compat = (extra = '') => `#define __NR_set_mempolicy_home_node 450
__SYSCALL(__NR_set_mempolicy_home_node, sys_set_mempolicy_home_node)
${extra}
/*
 * Please add new compat syscalls above this comment and update
 * __NR_compat_syscalls in asm/unistd.h.
 */
`;
const compatCount = (count = 451) => `#define __NR_compat_exit\t\t1\n#define __NR_compat_syscalls\t\t${count}\n`;
const DEMO = '#define __NR_demo_call 451\n__SYSCALL(__NR_demo_call, sys_demo_call)';
const BASE = { [GENERIC]: generic(), [COMPAT]: compat(), [COMPAT_COUNT]: compatCount() };
const stale = async (patch: Record<string, string>) => (await review(tmp(), [patch], true, BASE)).findings.filter((f) => f.rule === 'uapi.syscall-count-stale');

describe('uapi.syscall-count-stale', () => {
  it('is an error where a call is numbered past the count its table is sized by', async () => {
    const found = await stale({ [GENERIC]: generic(DEMO), [COMPAT]: compat(DEMO) });
    // the report lists findings by file
    expect(found.map((f) => `${f.file}:${f.line} ${f.symbol} ${f.abis.join(',')}`)).toEqual([
      `${COMPAT}:3 __NR_compat_syscalls aarch64`,
      `${GENERIC}:7 __NR_syscalls aarch64`,
    ]);
    expect(found[1]!.message).toBe(`__NR_syscalls is 451 (${GENERIC}:10), but the series numbers demo_call (451) in ${GENERIC}: the kernel's table stops before it, so calling it fails with ENOSYS.`);
    expect(found[0]!.suggestion).toBe(`Raise __NR_compat_syscalls to 452 in ${COMPAT_COUNT}, in the patch that adds demo_call.`);
  });

  it('is quiet when the series raises the count with the call', async () => {
    expect(await stale({ [GENERIC]: generic(DEMO, 452), [COMPAT]: compat(DEMO), [COMPAT_COUNT]: compatCount(452) })).toEqual([]);
  });
});

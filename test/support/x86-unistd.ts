/**
 * A kernel tree's arch/x86/include/uapi/asm/unistd.h as the syscall tests
 * need it: __X32_SYSCALL_BIT, and the generated header each x86 ABI reads.
 */
export const X86_UNISTD_H = `#ifndef _UAPI_ASM_X86_UNISTD_H
#define _UAPI_ASM_X86_UNISTD_H
#define __X32_SYSCALL_BIT 0x40000000
#ifndef __KERNEL__
# ifdef __i386__
#  include <asm/unistd_32.h>
# elif defined(__ILP32__)
#  include <asm/unistd_x32.h>
# else
#  include <asm/unistd_64.h>
# endif
#endif
#endif
`;

/**
 * The `_IO/_IOR/_IOW/_IOWR` encoding for when asm/ioctl.h could not be
 * included (diff-context mode), per ABI: include/uapi/asm-generic/ioctl.h
 * (14 size bits, 2 direction bits, NONE 0, WRITE 1, READ 2) with the
 * arch/powerpc, arch/mips and arch/sparc overrides (13 size bits, 3 direction
 * bits, NONE 1, READ 2, WRITE 4) — checked against the cross compilers'
 * installed asm/ioctl.h.
 */
import type { AbiName } from '../abi/layout-types.ts';
import type { MacroDef } from './type-model.ts';

export const IOCTL_FALLBACK_FILE = '<abi-check built-in asm/ioctl.h>';

const THREE_DIR_BITS = new Set<AbiName>(['ppc64le', 'ppc64', 'ppc32', 'mips', 'mips64', 'sparc64']);

export function ioctlFallbackMacros(abi: AbiName): MacroDef[] {
  const alt = THREE_DIR_BITS.has(abi);
  const defs: [string, string[] | null, string][] = [
    ['_IOC_NRBITS', null, '8'],
    ['_IOC_TYPEBITS', null, '8'],
    ['_IOC_SIZEBITS', null, alt ? '13' : '14'],
    ['_IOC_DIRBITS', null, alt ? '3' : '2'],
    ['_IOC_NRMASK', null, '((1 << _IOC_NRBITS)-1)'],
    ['_IOC_TYPEMASK', null, '((1 << _IOC_TYPEBITS)-1)'],
    ['_IOC_SIZEMASK', null, '((1 << _IOC_SIZEBITS)-1)'],
    ['_IOC_DIRMASK', null, '((1 << _IOC_DIRBITS)-1)'],
    ['_IOC_NRSHIFT', null, '0'],
    ['_IOC_TYPESHIFT', null, '(_IOC_NRSHIFT+_IOC_NRBITS)'],
    ['_IOC_SIZESHIFT', null, '(_IOC_TYPESHIFT+_IOC_TYPEBITS)'],
    ['_IOC_DIRSHIFT', null, '(_IOC_SIZESHIFT+_IOC_SIZEBITS)'],
    ['_IOC_NONE', null, alt ? '1U' : '0U'],
    ['_IOC_WRITE', null, alt ? '4U' : '1U'],
    ['_IOC_READ', null, '2U'],
    ['_IOC', ['dir', 'type', 'nr', 'size'], '(((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) | ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))'],
    ['_IOC_TYPECHECK', ['t'], '(sizeof(t))'],
    ['_IO', ['type', 'nr'], '_IOC(_IOC_NONE,(type),(nr),0)'],
    ['_IOR', ['type', 'nr', 'size'], '_IOC(_IOC_READ,(type),(nr),(_IOC_TYPECHECK(size)))'],
    ['_IOW', ['type', 'nr', 'size'], '_IOC(_IOC_WRITE,(type),(nr),(_IOC_TYPECHECK(size)))'],
    ['_IOWR', ['type', 'nr', 'size'], '_IOC(_IOC_READ|_IOC_WRITE,(type),(nr),(_IOC_TYPECHECK(size)))'],
  ];
  return defs.map(([name, params, body], i) => ({ name, params, body, loc: { file: IOCTL_FALLBACK_FILE, line: i + 1 } }));
}

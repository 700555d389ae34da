/**
 * The scalar facts of an ABI that the interpreter needs to do arithmetic
 * (integer widths, char signedness, byte order, pointer size). Record layouts
 * are not computed here: they come from src/abi (or are injected).
 */
import type { AbiName } from '../../abi/layout-types.ts';

export interface ScalarAbi {
  name: AbiName;
  pointerBytes: 4 | 8;
  longBytes: 4 | 8;
  littleEndian: boolean;
  charSigned: boolean;
}

const LP64: AbiName[] = ['x86_64', 'aarch64', 'ppc64le', 'ppc64', 's390x', 'riscv64', 'mips64', 'sparc64'];
const BIG_ENDIAN: AbiName[] = ['ppc64', 'ppc32', 's390x', 'mips', 'mips64', 'm68k', 'sparc64'];
const UNSIGNED_CHAR: AbiName[] = ['aarch64', 'arm', 'ppc64le', 'ppc64', 'ppc32', 's390x', 'riscv64'];

export function scalarAbi(name: AbiName): ScalarAbi {
  const wide = LP64.includes(name);
  return {
    name,
    pointerBytes: wide ? 8 : 4,
    longBytes: wide ? 8 : 4,
    littleEndian: !BIG_ENDIAN.includes(name),
    charSigned: !UNSIGNED_CHAR.includes(name),
  };
}

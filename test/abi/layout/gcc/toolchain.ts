/** How to drive the GCC of one ABI (the oracle), and where its system headers live. */
import { ABIS, type AbiName } from '../../../../src/abi/abis.ts';

export interface Toolchain {
  cc: string;
  flags: string[];
  readelf: string;
  /** The directories the ABI's installed uAPI headers are in, searched in this order (x86: asm/ is in the multiarch one). */
  uapiRoots: string[];
}

const X86 = new Set<AbiName>(['x86_64', 'i386', 'x32']);

export function toolchainFor(abi: AbiName): Toolchain {
  const m = ABIS[abi];
  if (X86.has(abi)) {
    // gcc -m32/-mx32 find no asm/ of their own: Debian's x86 asm headers in the
    // multiarch directory serve all three x86 ABIs (see systemIncludeDirsFor).
    const flags = abi === 'x86_64' ? m.gccFlags : [...m.gccFlags, '-idirafter', '/usr/include/x86_64-linux-gnu'];
    return { cc: 'gcc', flags, readelf: 'readelf', uapiRoots: ['/usr/include', '/usr/include/x86_64-linux-gnu'] };
  }
  return { cc: `${m.gnuTriplet}-gcc`, flags: m.gccFlags, readelf: `${m.gnuTriplet}-readelf`, uapiRoots: [`/usr/${m.gnuTriplet}/include`] };
}

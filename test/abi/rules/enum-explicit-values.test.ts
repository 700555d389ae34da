/**
 * Why an enumerator's value changed: entries inserted before it explain a
 * value that follows its predecessor, not one written out. tcp.h (7.2)
 * took TCP_FLAG_AE out of TCP_RESERVED_BITS, both written out with
 * __constant_cpu_to_be32(), and abi-check said the reserved bits changed
 * "because TCP_FLAG_AE was inserted before it".
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64'];

function messages(before: string, after: string): string[] {
  return runChange('include/uapi/linux/demo_tcp.h', { before, after, code: null }, ABIS).filter((f) => f.rule === 'uapi.enum-value-changed').map((f) => f.message);
}

describe('an enumerator that changes value', () => {
  it('written out, is said to be changed, not moved by an insertion', () => {
    const before = 'enum {\n\tDEMO_FLAG_CWR = 0x8000,\n\tDEMO_RESERVED_BITS = 0x0F00,\n\tDEMO_DATA_OFFSET = 0xF000,\n};\n';
    const after = 'enum {\n\tDEMO_FLAG_AE = 0x0100,\n\tDEMO_FLAG_CWR = 0x8000,\n\tDEMO_RESERVED_BITS = 0x0E00,\n\tDEMO_DATA_OFFSET = 0xF000,\n};\n';
    expect(messages(before, after)).toEqual(['In the anonymous enum holding DEMO_FLAG_AE, DEMO_RESERVED_BITS 3840 → 3584 (its value is written out, and changed). Binaries built with the old values send and expect the old numbers.']);
  });

  it('following its predecessor, is moved by the insertion before it', () => {
    const before = 'enum demo_auth {\n\tDEMO_AUTH_OPEN,\n\tDEMO_AUTH_SAE,\n\tDEMO_AUTH_AUTOMATIC,\n};\n';
    const after = 'enum demo_auth {\n\tDEMO_AUTH_OPEN,\n\tDEMO_AUTH_SAE,\n\tDEMO_AUTH_EPPKE,\n\tDEMO_AUTH_AUTOMATIC,\n};\n';
    expect(messages(before, after)).toEqual(['In enum demo_auth, DEMO_AUTH_AUTOMATIC 2 → 3 because DEMO_AUTH_EPPKE was inserted before it. Binaries built with the old values send and expect the old numbers.']);
  });
});

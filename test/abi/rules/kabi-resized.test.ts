/**
 * What moves an in-kernel struct's members is said: on 6.1 → 6.12,
 * pci_host_bridge gained one bit-field and 25 members moved 8 bytes, because
 * the struct device it embeds at offset 0 had grown. The note names the
 * member that changed size next to the moves.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

describe('members that move', () => {
  it('are told with the embedded member that grew', () => {
    const before = 'struct demo_dev {\n\tlong id;\n};\nstruct demo_host {\n\tstruct demo_dev dev;\n\tint busnr;\n\tunsigned int native_aer:1;\n\tunsigned int native_dpc:1;\n\tvoid *ops;\n};\n';
    const after = before
      .replace('\tlong id;\n', '\tlong id;\n\tconst char *driver_override;\n')
      .replace('\tunsigned int native_dpc:1;\n', '\tunsigned int native_cxl_error:1;\n\tunsigned int native_dpc:1;\n');
    const found = runChange('include/linux/demo_host.h', { before, after, code: null }, ABIS).filter((f) => f.symbol.startsWith('struct demo_host'));
    expect(found.map((f) => f.rule)).toEqual(['kabi.member-inserted']);
    expect(found[0]!.message).toContain('not at the end. A member changes size too on x86_64: `dev` 8→16 bytes. 4 members move on x86_64: busnr 8→16,');
  });
});

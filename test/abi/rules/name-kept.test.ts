/**
 * A uAPI name that changes form but keeps its value is not a removal:
 * an enumerator renamed with the old name kept as a #define (as
 * nf_tables.h did for NFT_BITWISE_BOOL), a #define turned into an
 * enumerator. A #define of a different value is still reported.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runCase, type CorpusCase } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

function findings(before: string, after: string): string[] {
  return run(before, after).map((f) => `${f.rule} ${f.symbol}`);
}

function messages(before: string, after: string): string[] {
  return run(before, after).map((f) => f.message);
}

function run(before: string, after: string) {
  const c: CorpusCase = {
    rule: 'name-kept',
    path: 'include/uapi/linux/corpus.h',
    fire: { before, after, code: null },
    quiet: { before, after, code: null },
    about: '',
  };
  return runCase(c, 'fire', ABIS);
}

describe('a name kept in another form', () => {
  it('an enumerator renamed, the old name kept as a #define of the new one: no removal', () => {
    const before = 'enum demo_ops {\n\tDEMO_OP_BOOL,\n\tDEMO_OP_LSHIFT,\n};\n';
    const after = 'enum demo_ops {\n\tDEMO_OP_MASK_XOR,\n\tDEMO_OP_LSHIFT,\n};\n#define DEMO_OP_BOOL DEMO_OP_MASK_XOR\n';
    expect(findings(before, after)).not.toContain('uapi.enumerator-removed DEMO_OP_BOOL');
    expect(messages(before, after)).toContain('DEMO_OP_BOOL, an enumerator before, is now a #define of the same value (0): userspace that names it still compiles.');
  });

  it('the old name kept as a #define of another value: still a removal', () => {
    const before = 'enum demo_ops {\n\tDEMO_OP_BOOL,\n\tDEMO_OP_LSHIFT,\n};\n';
    const after = 'enum demo_ops {\n\tDEMO_OP_MASK_XOR,\n\tDEMO_OP_LSHIFT,\n};\n#define DEMO_OP_BOOL DEMO_OP_LSHIFT\n';
    expect(findings(before, after)).toContain('uapi.enumerator-removed DEMO_OP_BOOL');
  });

  it('a #define turned into an enumerator of the same value: no removal', () => {
    const before = '#define DEMO_F_READ 0x1\n#define DEMO_F_WRITE 0x2\n';
    const after = 'enum {\n\tDEMO_F_READ = 0x1,\n\tDEMO_F_WRITE = 0x2,\n};\n';
    expect(findings(before, after).filter((f) => f.startsWith('uapi.macro-removed'))).toEqual([]);
  });

  it('an ABI-dependent #define turned into an enumerator of the same expression: no removal', () => {
    // as binder.h's _IOW ioctls in 6.12: the value differs between ABIs, the expression does not
    const cmd = '#define DEMO_CMD(n) ((n) | (sizeof(long) << 16))\n';
    const before = `${cmd}#define DEMO_CMD_A DEMO_CMD(1)\n#define DEMO_CMD_B DEMO_CMD(2)\n`;
    const after = `${cmd}enum {\n\tDEMO_CMD_A = DEMO_CMD(1),\n\tDEMO_CMD_B = DEMO_CMD(2),\n};\n`;
    expect(findings(before, after).filter((f) => f.startsWith('uapi.macro-removed'))).toEqual([]);
  });

  it('a #define turned into an enumerator of another value: still a removal', () => {
    const before = '#define DEMO_F_READ 0x1\n#define DEMO_F_WRITE 0x2\n';
    const after = 'enum {\n\tDEMO_F_READ = 0x1,\n\tDEMO_F_WRITE = 0x4,\n};\n';
    expect(findings(before, after).filter((f) => f.startsWith('uapi.macro-removed'))).toEqual(['uapi.macro-removed DEMO_F_WRITE']);
  });

  it('an enumerator removed is called renamed only to a new one of its value that keeps its first and last words', () => {
    // as cxl_mem.h (6.12): CXL_MEM_COMMAND_ID_SCAN_MEDIA → CXL_MEM_DEPRECATED_ID_SCAN_MEDIA, same value
    const before = 'enum {\n\tCXL_MEM_COMMAND_ID_GET_LOG,\n\tCXL_MEM_COMMAND_ID_SCAN_MEDIA,\n};\n';
    const after = 'enum {\n\tCXL_MEM_COMMAND_ID_GET_LOG,\n\tCXL_MEM_DEPRECATED_ID_SCAN_MEDIA,\n};\n';
    expect(messages(before, after)).toContain('CXL_MEM_COMMAND_ID_SCAN_MEDIA (= 1) is no longer declared in the anonymous enum holding CXL_MEM_COMMAND_ID_GET_LOG; CXL_MEM_DEPRECATED_ID_SCAN_MEDIA now has its value (a rename): userspace that names it no longer compiles.');
    // as pkt_cls.h (6.12): RSVP's attributes went, flower's new ones took the same small numbers
    const rsvp = 'enum {\n\tTCA_RSVP_UNSPEC,\n\tTCA_RSVP_CLASSID,\n};\n';
    const flower = 'enum {\n\tTCA_FLOWER_KEY_ENC_OPT_PFCP_UNSPEC,\n\tTCA_FLOWER_KEY_ENC_OPT_PFCP_TYPE,\n};\n';
    const removed = run(rsvp, flower).filter((f) => f.rule === 'uapi.enumerator-removed');
    expect(removed.map((f) => [f.symbol, f.message])).toEqual([
      ['TCA_RSVP_UNSPEC', 'TCA_RSVP_UNSPEC (= 0) is no longer declared in an anonymous enum: userspace that names it no longer compiles.'],
      ['TCA_RSVP_CLASSID', 'TCA_RSVP_CLASSID (= 1) is no longer declared in an anonymous enum: userspace that names it no longer compiles.'],
    ]);
  });
});

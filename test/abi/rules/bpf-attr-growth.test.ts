/**
 * Two uAPI idioms of bpf.h, from the real 6.1 → 6.12 change:
 *  - union bpf_attr grows inside its command structs defined in place
 *    (`struct { … } query;`): every old member keeps its offset, so it is
 *    growth, not a size change (and bpf(2) takes the size from the caller);
 *  - a sentinel enumerator turned into a #define of the new last entry
 *    (`#define MAX_BPF_LINK_TYPE __MAX_BPF_LINK_TYPE`) still compiles.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];

function found(before: string, after: string) {
  const side = { before, after, code: null };
  return runChange('include/uapi/linux/bpf.h', side, ABIS);
}

describe('bpf.h idioms', () => {
  it('union bpf_attr grown inside a command struct defined in place: no error', () => {
    const attr = (extra: string) => `union bpf_attr {\n\tstruct {\n\t\t__u32 map_type;\n\t\t__u32 key_size;\n\t};\n\tstruct {\n\t\t__u32 target_fd;\n\t\t__u32 attach_type;\n${extra}\t} query;\n};\n`;
    const fs = found(attr(''), attr('\t\t__aligned_u64 prog_ids;\n\t\t__u32 prog_cnt;\n\t\t__u32 count;\n'));
    expect(fs.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('an inline struct that grows in the middle of a struct still moves what follows: an error', () => {
    const s = (extra: string) => `struct demo_cmd {\n\tstruct {\n\t\t__u32 a;\n${extra}\t} head;\n\t__u32 tail;\n};\n`;
    expect(found(s(''), s('\t\t__u32 b;\n')).map((f) => f.rule)).toContain('uapi.member-offset-changed');
  });

  it('a sentinel enumerator kept as a #define of the new last entry is no removal', () => {
    const before = 'enum bpf_link_type {\n\tBPF_LINK_TYPE_UNSPEC = 0,\n\tBPF_LINK_TYPE_XDP = 1,\n\tMAX_BPF_LINK_TYPE,\n};\n';
    const after = 'enum bpf_link_type {\n\tBPF_LINK_TYPE_UNSPEC = 0,\n\tBPF_LINK_TYPE_XDP = 1,\n\tBPF_LINK_TYPE_NETKIT = 2,\n\t__MAX_BPF_LINK_TYPE,\n};\n#define MAX_BPF_LINK_TYPE __MAX_BPF_LINK_TYPE\n';
    expect(found(before, after).filter((f) => f.level === 'error')).toEqual([]);
    // without the #define the name is gone
    expect(found(before, after.replace(/#define MAX_BPF_LINK_TYPE .*\n/, '')).map((f) => f.rule)).toContain('uapi.enumerator-removed');
  });
});

describe('alignment raised with nothing moved', () => {
  it('a new union member beside an old one raises the alignment, size and offsets kept: align-raised, not align-changed (nbd_reply)', () => {
    const reply = (u: string) => `struct demo_reply {\n\t__be32 magic;\n\t__be32 error;\n${u}};\n`;
    const fs = found(reply('\tchar handle[8];\n'), reply('\tunion {\n\t\tchar handle[8];\n\t\t__be64 cookie;\n\t};\n'));
    expect(fs.filter((f) => f.level === 'error')).toEqual([]);
    expect(fs.map((f) => f.rule)).toContain('uapi.align-raised');
  });

  it('an argsz struct grown at the end with a raised alignment, embedded nowhere: no align-changed', () => {
    const ev = (extra: string) => `struct demo_ioeventfd {\n\t__u32 argsz;\n\t__u32 flags;\n\t__u32 offset;\n\t__s32 fd;\n${extra}};\n`;
    const fs = found(ev(''), ev('\t__aligned_u64 data;\n'));
    expect(fs.map((f) => f.rule)).not.toContain('uapi.align-changed');
  });
});

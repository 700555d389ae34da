/** Which member names are reserved space a new member may be carved from. */
import { describe, expect, it } from 'vitest';
import { isReservedName } from '../../../src/abi/rules/format.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

describe('isReservedName', () => {
  it.each(['reserved', 'reserved2', '__rsvd', 'resvd1', 'fn_resvd', 'rsv', 'pad', '_pad_000', 'padding', 'f_spare', 'hdr_reserved', '__align', 'unused1', 'filler'])('%s is reserved', (n) => {
    expect(isReservedName(n)).toBe(true);
  });
  it.each(['align', 'data', 'flags', 'keypad', 'spared', 'reservation'])('%s is not', (n) => {
    expect(isReservedName(n)).toBe(false);
  });
});

describe('a member carved out of reserved space named rsv (ptp_clock.h, 6.12)', () => {
  it('is a note, not a type change and a move', () => {
    const side = {
      before: 'struct demo_caps {\n\tint max_adj;\n\tint rsv[12];\n};\n',
      after: 'struct demo_caps {\n\tint max_adj;\n\tint adjust_phase;\n\tint rsv[11];\n};\n',
      code: null,
    };
    const abis: AbiName[] = ['x86_64', 'i386'];
    const found = runChange('include/uapi/linux/corpus.h', side, abis);
    expect(found.filter((f) => f.level === 'error').map((f) => f.rule)).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('carved out of reserved `rsv`');
  });
});

describe('reserved space and members retired into it, across a type change', () => {
  const abis: AbiName[] = ['x86_64', 'i386'];
  const run = (before: string, after: string) => {
    const side = { before, after, code: null };
    return runChange('include/uapi/linux/corpus.h', side, abis);
  };

  it('padding given a meaning under another type is a carve, not a removal (fuse_open_out, 6.12)', () => {
    const found = run('struct demo_open_out {\n\t__u64 fh;\n\t__u32 open_flags;\n\t__u32 padding;\n};\n', 'struct demo_open_out {\n\t__u64 fh;\n\t__u32 open_flags;\n\t__s32 backing_id;\n};\n');
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('carved out of reserved `padding`');
  });

  it('a member retired into padding of another type says so (snd_pcm_info.sync, 6.12)', () => {
    const found = run('union demo_sync { unsigned char id[16]; };\nstruct demo_info {\n\t__u32 card;\n\tunion demo_sync sync;\n};\n', 'union demo_sync { unsigned char id[16]; };\nstruct demo_info {\n\t__u32 card;\n\tunsigned char pad1[16];\n};\n');
    const removed = found.filter((f) => f.rule === 'uapi.member-removed');
    expect(removed.map((f) => f.message)).toEqual(['struct demo_info retires `sync` (union demo_sync) into `pad1` (unsigned char [16], same storage). Binaries keep working if the kernel still accepts what they put there, but userspace that names `sync` no longer compiles.']);
  });
});

describe('reserved space grown into the former tail padding (s390 statfs f_spare[4] → [5], 6.12)', () => {
  const statfs = (n: number) => `struct demo_statfs {\n\tunsigned int f_type;\n\tunsigned long f_blocks;\n\tunsigned int f_flags;\n\tunsigned int f_spare[${n}];\n};\n`;
  const run = (before: string, after: string, abis: AbiName[]) => {
    const side = { before, after, code: null };
    return runChange('include/uapi/linux/corpus.h', side, abis);
  };

  it('is no type change where the size is kept', () => {
    // x86_64: f_spare at 20, 4 × 4 bytes end at 36, the struct is 40: the fifth element was padding
    expect(run(statfs(4), statfs(5), ['x86_64']).filter((f) => f.rule === 'uapi.member-type-changed')).toEqual([]);
  });

  it('is still a change where the struct grows with it', () => {
    // i386: longs are 4 bytes, no tail padding: the fifth element grows the struct
    expect(run(statfs(4), statfs(5), ['i386']).map((f) => f.rule)).toContain('uapi.member-type-changed');
  });
});

describe('a reserved field that a wider new member now covers (kvm_run hypercall, 6.x)', () => {
  it('is no removal', () => {
    const side = {
      before: 'struct demo_exit {\n\t__u64 ret;\n\t__u32 longmode;\n\t__u32 pad;\n};\n',
      after: 'struct demo_exit {\n\t__u64 ret;\n\tunion {\n\t\t__u32 longmode;\n\t\t__u64 flags;\n\t};\n};\n',
      code: null,
    };
    const found = runChange('include/uapi/linux/corpus.h', side, ['x86_64', 'i386']);
    expect(found.map((f) => f.rule)).not.toContain('uapi.member-removed');
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
  });
});

describe("a reserved member spelled resvd given a meaning (nexthop.h's nexthop_grp, 6.12)", () => {
  it('is not a rename', () => {
    const side = {
      before: 'struct demo_grp {\n\t__u32 id;\n\t__u8 weight;\n\t__u8 resvd1;\n\t__u16 resvd2;\n};\n',
      after: 'struct demo_grp {\n\t__u32 id;\n\t__u8 weight;\n\t__u8 weight_high;\n\t__u16 resvd2;\n};\n',
      code: null,
    };
    expect(runChange('include/uapi/linux/demo_grp.h', side, ['x86_64']).filter((f) => f.rule === 'uapi.member-renamed')).toEqual([]);
  });
});

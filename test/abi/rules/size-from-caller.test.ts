/**
 * Appending to a struct whose size the kernel takes from the caller (RDMA
 * driver udata, union bpf_attr, copy_struct_from_user syscalls) is how those
 * structs grow: a note, not a size error. The same append anywhere else is a
 * warning (uapi.struct-appended); a member inserted in the middle is a size
 * change.
 */
import { describe, expect, it } from 'vitest';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { runChange } from './corpus-runner.ts';

const ABIS: AbiName[] = ['x86_64', 'i386'];
const BEFORE = 'struct demo_cq_resp {\n\t__u32 cqid;\n\t__u32 tail;\n};\n';
const APPENDED = 'struct demo_cq_resp {\n\t__u32 cqid;\n\t__u32 tail;\n\t__aligned_u64 comp_mask;\n};\n';
const INSERTED = 'struct demo_cq_resp {\n\t__u32 cqid;\n\t__aligned_u64 comp_mask;\n\t__u32 tail;\n};\n';

function run(path: string, before: string, after: string) {
  const side = { before, after, code: null };
  return runChange(path, side, ABIS);
}

describe('appending to a struct sized by its caller', () => {
  it('in an RDMA driver ABI header is a note', () => {
    const found = run('include/uapi/rdma/demo-abi.h', BEFORE, APPENDED);
    expect(found.filter((f) => f.level === 'error')).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('an RDMA driver udata struct');
  });

  it('union bpf_attr grows by appending', () => {
    const u = (extra: string) => `union bpf_attr {\n\tstruct {\n\t\t__u32 map_type;\n\t\t__u32 key_size;\n${extra}\t};\n};\n`;
    const found = run('include/uapi/linux/bpf.h', u(''), u('\t\t__u64 map_extra;\n'));
    expect(found.filter((f) => f.level === 'error').map((f) => f.rule)).toEqual([]);
  });

  it('a virtio configuration space grows at the end under a feature bit: a note', () => {
    const cfg = (extra: string) => `struct virtio_demo_config {\n\t__virtio64 capacity;\n\t__virtio32 seg_max;\n\t__virtio32 blk_size;\n${extra}};\n`;
    const prologue = 'typedef __u32 __virtio32;\ntypedef __u64 __virtio64;\n';
    const found = run('include/uapi/linux/virtio_demo.h', prologue + cfg(''), prologue + cfg('\t__virtio64 zone_capacity;\n'));
    expect(found.filter((f) => f.level !== 'note')).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('a virtio device\'s configuration space');
  });

  it('elsewhere it is a warning to check how the kernel copies it; inserted in the middle, a size change', () => {
    const elsewhere = run('include/uapi/linux/demo.h', BEFORE, APPENDED);
    expect(elsewhere.filter((f) => f.rule === 'uapi.struct-appended').map((f) => f.level)).toEqual(['warning']);
    expect(elsewhere.map((f) => f.rule)).not.toContain('uapi.size-changed');
    expect(run('include/uapi/rdma/demo-abi.h', BEFORE, INSERTED).map((f) => f.rule)).toContain('uapi.size-changed');
  });
});

describe('a struct that lives only inside a union whose size is pinned', () => {
  const fmt = (extra: string) => `struct demo_meta_format {\n\t__u32 dataformat;\n\t__u32 buffersize;\n${extra}};\nstruct demo_format {\n\t__u32 type;\n\tunion {\n\t\tstruct demo_meta_format meta;\n\t\t__u8 raw_data[200];\n\t} fmt;\n};\n`;

  it('grows into the space the union already had: a note, no warning (v4l2_meta_format in v4l2_format)', () => {
    const found = run('include/uapi/linux/demo.h', fmt(''), fmt('\t__u32 width;\n\t__u32 height;\n'));
    expect(found.filter((f) => f.level !== 'note')).toEqual([]);
    expect(found.find((f) => f.rule === 'uapi.member-added')?.message).toContain('is embedded in `fmt.meta` of struct demo_format, whose size is unchanged, and no request of this file passes it on its own');
  });

  it('still a warning when the request passes it on its own', () => {
    const withIoctl = (extra: string) => `${fmt(extra)}#define DEMO_G_META _IOWR('V', 1, struct demo_meta_format)\n`;
    const found = run('include/uapi/linux/demo.h', withIoctl(''), withIoctl('\t__u32 width;\n'));
    expect(found.map((f) => f.rule)).toContain('uapi.struct-appended');
  });
});

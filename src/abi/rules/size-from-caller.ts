/**
 * uAPI structs whose size the kernel takes from the caller instead of from
 * sizeof, so that appending members is their sanctioned way to grow (old
 * callers pass the old size, the kernel copies what they gave and treats the
 * rest as zero or unset):
 *  - the driver-private udata structs of RDMA (include/uapi/rdma/*-abi.h):
 *    the uverbs core passes each command's in/out lengths, and drivers copy
 *    min(length, sizeof) (ib_copy_from_udata, ib_respond_udata);
 *  - union bpf_attr: bpf(2) takes its size and requires an unknown tail to be zero;
 *  - struct bpf_{prog,map,btf,link}_info: BPF_OBJ_GET_INFO_BY_FD copies min(info_len, sizeof);
 *  - the syscalls that read their argument with copy_struct_from_user() and a
 *    size argument (openat2's open_how, clone3's clone_args, mount_setattr's mount_attr).
 *  - virtio configuration spaces (`struct virtio_*_config` in
 *    include/uapi/linux/virtio_*.h): the device defines the layout, drivers
 *    read fields with virtio_cread*(), and new fields are appended under a
 *    feature bit (virtio spec, "Device Configuration Space");
 *  - the argument of an ioctl whose dispatcher takes the size from the request
 *    (DRM, DMA-BUF heaps: ioctl-dispatch.ts).
 * Structs that carry their own size (argsz) are recognised from their members
 * (record-facts.ts, sizeField).
 */
import type { FileDiff } from '../diff/types.ts';
import { sizedByRequest } from './ioctl-dispatch.ts';

const BPF_INFO = /^struct bpf_(prog|map|btf|link)_info$/;
const COPY_STRUCT = new Set(['struct open_how', 'struct clone_args', 'struct mount_attr']);

const answers = new WeakMap<FileDiff, Map<string, string | null>>();

/** Why `symbol` in the file `diff` compares is sized by its caller, or null (asked by several rules per record: answered once). */
export function sizeFromCaller(diff: FileDiff, symbol: string): string | null {
  let known = answers.get(diff);
  if (!known) answers.set(diff, (known = new Map()));
  let why = known.get(symbol);
  if (why === undefined) known.set(symbol, (why = whySizedByCaller(diff, symbol)));
  return why;
}

function whySizedByCaller(diff: FileDiff, symbol: string): string | null {
  const path = diff.path;
  if (/(^|\/)include\/uapi\/rdma\/[^/]+-abi\.h$/.test(path)) return 'an RDMA driver udata struct, whose length the uverbs core passes (drivers copy min(length, sizeof))';
  if (symbol === 'union bpf_attr') return 'bpf(2) takes the size of union bpf_attr from the caller and requires an unknown tail to be zero';
  if (BPF_INFO.test(symbol)) return `BPF_OBJ_GET_INFO_BY_FD takes the size of ${symbol} from the caller (info_len)`;
  if (COPY_STRUCT.has(symbol)) return `its syscall takes the size of ${symbol} from the caller (copy_struct_from_user)`;
  if (/(^|\/)include\/uapi\/linux\/virtio_[^/]+\.h$/.test(path) && /^struct virtio_\w+_config$/.test(symbol)) {
    return `${symbol} is a virtio device's configuration space, which drivers read field by field (virtio_cread) and extend at the end under a feature bit the device offers`;
  }
  return sizedByRequest(diff, symbol);
}

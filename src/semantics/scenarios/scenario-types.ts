/**
 * Userspace scenarios as data: what a process does (ioctls on a vfio-pci
 * device, MR registration on an RDMA device, close), against which uAPI
 * header it was compiled, and the devices it runs on.
 */

/** Values of a flexible-array element by member path; nested objects name nested members. */
export interface EntrySpec {
  [member: string]: number | string | EntrySpec;
}

export interface DmaBufRequest {
  region_index: number;
  open_flags: number;
  flags: number | string;
  /** Numbers beyond 2^53 as strings ("0xffffffff"). */
  nr_ranges: number | string;
  entries: EntrySpec[];
  /** argsz as userspace states it; default: the bytes it built. */
  argsz?: number;
  /** Only this many bytes of the argument are mapped (the rest of what the kernel reads faults). */
  mappedBytes?: number;
  /** vfio_device_feature.flags; default VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_DMA_BUF. */
  featureFlags?: number;
}

export type ScenarioStep =
  | { op: 'dma-buf-feature'; request: DmaBufRequest }
  /** ibv_reg_dmabuf_mr() on the mlx5 device with the fd the last dma-buf-feature step returned. */
  | { op: 'register-mr'; offset?: number; length?: number; accessFlags?: number; fd?: number }
  | { op: 'close'; fd?: number }
  /** A driver asking mlx5 for the steering-tag index of a CPU (what a DMA handle does); released at the end. */
  | { op: 'st-alloc-index'; cpu: number; memType?: number };

export interface BarSpec {
  index: number;
  start: string;
  length: string;
  p2p: boolean;
}

export interface DeviceSpec {
  bars: BarSpec[];
  memoryEnabled: boolean;
  registered: boolean;
}

export interface ImporterSpec {
  /** PCI_TPH_REQ_*: 0 none, 1 TPH (8-bit steering tags), 3 extended TPH (16-bit). */
  tphReqType: number;
  stMode: 'direct' | 'table' | 'none';
  tableSize: number;
}

export interface Scenario {
  name: string;
  /** What it shows, in one sentence. */
  purpose: string;
  /** The uAPI header the userspace program was compiled against. */
  userspace: 'before' | 'after';
  device?: Partial<DeviceSpec>;
  importer?: Partial<ImporterSpec>;
  steps: ScenarioStep[];
  /** Fail the allocation with this key ("<site> #<ordinal>"), for fault injection. */
  failAllocation?: string;
  /** The input carries a value the kernel should refuse (reserved field, unknown flag): acceptance is a finding. */
  mustReject?: string;
  /** Which generator rule produced it (absent for hand-written ones). */
  generatedBy?: string;
}

export const DEFAULT_DEVICE: DeviceSpec = {
  bars: [
    { index: 0, start: '0xf0000000', length: '0x100000', p2p: true },
    { index: 2, start: '0xe0000000', length: '0x10000', p2p: false },
  ],
  memoryEnabled: true,
  registered: true,
};

export const DEFAULT_IMPORTER: ImporterSpec = { tphReqType: 3, stMode: 'direct', tableSize: 64 };

/**
 * VFIO (drivers/vfio/vfio_main.c, vfio_pci_core.c) around the device-feature
 * ioctl: a vfio-pci device with BARs, its registration reference
 * (vfio_device_try_get_registration / put), the VFIO_DEVICE_FEATURE ioctl's
 * own checks and dispatch to the feature handler, vfio_check_feature.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { INT, ULONG, UINT, ptrTo } from '../interpreter/types.ts';
import { asScalar, scalar } from '../interpreter/values.ts';
import { ERRNO } from './errno.ts';
import { arg, fieldAddr, int, ptr, readField, sizeofTag, writeField } from './model-helpers.ts';
import { addP2pProvider } from './p2pdma.ts';
import { copyFromUser, userState } from './user-memory.ts';

export const VFIO_DEVICE_FEATURE_MASK = 0xffff;
export const VFIO_DEVICE_FEATURE_GET = 1 << 16;
export const VFIO_DEVICE_FEATURE_SET = 1 << 17;
export const VFIO_DEVICE_FEATURE_PROBE = 1 << 18;
export const VFIO_DEVICE_FEATURE_DMA_BUF = 11;

export interface BarConfig {
  index: number;
  start: bigint;
  length: bigint;
  p2p: boolean;
}

export interface VfioDeviceConfig {
  bars: BarConfig[];
  memoryEnabled: boolean;
  registered: boolean;
}

export interface VfioDevice {
  vdev: bigint;
  pdev: bigint;
  memoryEnabled: boolean;
  initialRegistration: number;
}

/** Device features with a handler on this path: feature number → C function. */
const FEATURE_HANDLERS: Record<number, string> = { [VFIO_DEVICE_FEATURE_DMA_BUF]: 'vfio_pci_core_feature_dma_buf' };

export function vfioDevices(m: Machine): Map<bigint, VfioDevice> {
  return m.stateOf('vfio', () => new Map<bigint, VfioDevice>());
}

export function createVfioPciDevice(m: Machine, cfg: VfioDeviceConfig): VfioDevice {
  const pdev = m.mem.allocate(sizeofTag(m, 'pci_dev'), 'kernel', 'model', 'vfio-pci pci_dev').base;
  for (const bar of cfg.bars) {
    writeField(m, fieldAddr(m, pdev, 'pci_dev', 'resource') + BigInt(bar.index * sizeofTag(m, 'resource')), 'resource', 'start', bar.start);
    writeField(m, fieldAddr(m, pdev, 'pci_dev', 'resource') + BigInt(bar.index * sizeofTag(m, 'resource')), 'resource', 'end', bar.start + bar.length - 1n);
    if (bar.p2p) addP2pProvider(m, pdev, bar.index, 0n);
  }
  const ops = m.mem.allocate(sizeofTag(m, 'vfio_pci_device_ops'), 'kernel', 'model', 'vfio_pci_device_ops').base;
  writeField(m, ops, 'vfio_pci_device_ops', 'get_dmabuf_phys', m.funcAddr('vfio_pci_core_get_dmabuf_phys'));
  const vdev = m.mem.allocate(sizeofTag(m, 'vfio_pci_core_device'), 'kernel', 'model', 'vfio_pci_core_device').base;
  writeField(m, vdev, 'vfio_pci_core_device', 'pdev', pdev);
  writeField(m, vdev, 'vfio_pci_core_device', 'pci_ops', ops);
  writeField(m, vdev, 'vfio_pci_core_device', 'vdev.refcount.refs.counter', cfg.registered ? 1n : 0n);
  const list = fieldAddr(m, vdev, 'vfio_pci_core_device', 'dmabufs');
  writeField(m, list, 'list_head', 'next', list);
  writeField(m, list, 'list_head', 'prev', list);
  const dev: VfioDevice = { vdev, pdev, memoryEnabled: cfg.memoryEnabled, initialRegistration: cfg.registered ? 1 : 0 };
  vfioDevices(m).set(vdev, dev);
  return dev;
}

export function registrationCount(m: Machine, dev: VfioDevice): number {
  return Number(readField(m, dev.vdev, 'vfio_pci_core_device', 'vdev.refcount.refs.counter'));
}

/**
 * ioctl(fd, VFIO_DEVICE_FEATURE, arg) on the device: the checks of
 * vfio_ioctl_device_feature(), then the device's feature handler.
 */
export function vfioDeviceFeatureIoctl(m: Machine, dev: VfioDevice, argp: bigint): number {
  const minsz = 8;
  const hdr = m.mem.allocate(minsz, 'kernel', 'stack', 'struct vfio_device_feature (ioctl header)');
  try {
    if (copyFromUser(m, hdr.base, argp, minsz, 'vfio_ioctl_device_feature')) return -ERRNO.EFAULT;
    const t = m.env.recordByTag('vfio_device_feature');
    const argsz = Number(m.mem.readUInt(hdr.base + BigInt(m.env.field(t, 'argsz').offset), 4));
    const flags = Number(m.mem.readUInt(hdr.base + BigInt(m.env.field(t, 'flags').offset), 4));
    userState(m).declared = { start: argp, length: argsz };
    if (argsz < minsz) return -ERRNO.EINVAL;
    if (flags & ~(VFIO_DEVICE_FEATURE_MASK | VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_PROBE) >>> 0) return -ERRNO.EINVAL;
    if (!(flags & VFIO_DEVICE_FEATURE_PROBE) && flags & VFIO_DEVICE_FEATURE_SET && flags & VFIO_DEVICE_FEATURE_GET) return -ERRNO.EINVAL;
    const handler = FEATURE_HANDLERS[flags & VFIO_DEVICE_FEATURE_MASK];
    if (!handler) return -ERRNO.ENOTTY;
    const dataOffset = m.env.field(t, 'data').offset;
    const r = m.call(handler, [
      scalar(ptrTo(m.env.recordByTag('vfio_pci_core_device')), dev.vdev),
      scalar(UINT, BigInt(flags >>> 0)),
      ptr(argp + BigInt(dataOffset)),
      scalar(ULONG, BigInt(argsz - minsz)),
    ], 'ioctl(VFIO_DEVICE_FEATURE)');
    return Number(BigInt.asIntN(32, asScalar(r, handler).v));
  } finally {
    m.mem.free(hdr, 'end of ioctl');
  }
}

export function vfioModels(): Record<string, KernelModel> {
  return {
    vfio_check_feature: {
      call: (m, a) => {
        const flags = Number(arg(a, 0, 'vfio_check_feature'));
        const argsz = arg(a, 1, 'vfio_check_feature');
        const supported = Number(arg(a, 2, 'vfio_check_feature'));
        const minsz = arg(a, 3, 'vfio_check_feature');
        if ((flags & (VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET)) & ~supported) return int(-ERRNO.EINVAL);
        if (flags & VFIO_DEVICE_FEATURE_PROBE) return int(0);
        if (!(flags & (VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET))) return int(-ERRNO.EINVAL);
        if (argsz < minsz) return int(-ERRNO.EINVAL);
        return int(1);
      },
    },
    vfio_device_try_get_registration: {
      call: (m, a) => {
        const p = fieldAddr(m, arg(a, 0, 'vfio_device_try_get_registration'), 'vfio_device', 'refcount');
        const c = m.mem.readUInt(p, 4);
        if (c === 0n) return scalar(INT, 0n);
        m.mem.writeUInt(p, 4, c + 1n);
        return scalar(INT, 1n);
      },
    },
    vfio_device_put_registration: {
      call: (m, a, site) => {
        const p = fieldAddr(m, arg(a, 0, 'vfio_device_put_registration'), 'vfio_device', 'refcount');
        const c = BigInt.asIntN(32, m.mem.readUInt(p, 4));
        if (c <= 0n) m.event('refcount-warning', `vfio registration put below zero at ${site}`, site);
        m.mem.writeUInt(p, 4, c - 1n);
        return { k: 'void' };
      },
    },
    __vfio_pci_memory_enabled: {
      call: (m, a) => int(vfioDevices(m).get(arg(a, 0, '__vfio_pci_memory_enabled'))?.memoryEnabled ? 1 : 0),
    },
    pci_resource_start: {
      call: (m, a) => {
        const r = fieldAddr(m, arg(a, 0, 'pci_resource_start'), 'pci_dev', 'resource') + arg(a, 1, 'pci_resource_start') * BigInt(sizeofTag(m, 'resource'));
        return scalar({ kind: 'builtin', name: 'unsigned long long' }, readField(m, r, 'resource', 'start'));
      },
    },
    pci_resource_len: {
      call: (m, a) => {
        const r = fieldAddr(m, arg(a, 0, 'pci_resource_len'), 'pci_dev', 'resource') + arg(a, 1, 'pci_resource_len') * BigInt(sizeofTag(m, 'resource'));
        const start = readField(m, r, 'resource', 'start');
        const end = readField(m, r, 'resource', 'end');
        return scalar({ kind: 'builtin', name: 'unsigned long long' }, end ? end - start + 1n : 0n);
      },
    },
  };
}

/**
 * The RDMA importer of a dma-buf: an mlx5 device (PCIe function with a TPH
 * requester type, a steering-tag table or direct mode), the ib_core helpers
 * reg_user_mr_dmabuf() uses (umem from a dma-buf fd, MR allocation), and
 * what the MR ends up with (steering-tag index and processing hint).
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { ERRNO } from './errno.ts';
import { errPtr, isErrValue } from './err-ptr.ts';
import { dmaBufAttach, dmaBufDetach, dmaBufGet, dmaBufPut } from './dma-buf.ts';
import { arg, fieldAddr, ptr, readField, sizeofTag, writeField } from './model-helpers.ts';
import { slabAlloc, slabFree } from './slab.ts';
import { tphState } from './tph.ts';

export interface Mlx5Config {
  /** PCI_TPH_REQ_*: 0 none, 1 TPH (8-bit tags), 3 extended TPH (16-bit tags). */
  tphReqType: number;
  /** Steering tags: 'direct' (index = tag), 'table' (a table of tableSize entries), 'none' (no mlx5_st). */
  stMode: 'direct' | 'table' | 'none';
  tableSize: number;
}

export interface Mlx5Device {
  ibdev: bigint;
  mdev: bigint;
  pdev: bigint;
  pd: bigint;
  st: bigint;
}

export interface RegisteredMr {
  mr: bigint;
  umem: bigint;
  stIndex: number;
  ph: number;
}

export interface ImporterState {
  device: Mlx5Device | null;
  mrs: RegisteredMr[];
}

export function importerState(m: Machine): ImporterState {
  return m.stateOf<ImporterState>('mlx5', () => ({ device: null, mrs: [] }));
}

export function createMlx5Device(m: Machine, cfg: Mlx5Config): Mlx5Device {
  const pdev = m.mem.allocate(sizeofTag(m, 'pci_dev'), 'kernel', 'model', 'mlx5 pci_dev').base;
  writeField(m, pdev, 'pci_dev', 'tph_req_type', BigInt(cfg.tphReqType));
  writeField(m, pdev, 'pci_dev', 'tph_enabled', cfg.tphReqType ? 1n : 0n);
  writeField(m, pdev, 'pci_dev', 'tph_st_table_size', BigInt(cfg.tableSize));
  tphState(m).devices.set(pdev, { tableSize: cfg.tableSize, table: new Map(), cpuTags: new Map([[0, 0x11], [1, 0x22]]) });
  const mdev = m.mem.allocate(sizeofTag(m, 'mlx5_core_dev'), 'kernel', 'model', 'mlx5_core_dev').base;
  writeField(m, mdev, 'mlx5_core_dev', 'pdev', pdev);
  let st = 0n;
  if (cfg.stMode !== 'none') {
    // struct mlx5_st is private to lib/st.c: laid out from the image that defines it.
    st = m.mem.allocate(sizeofTag(m, 'mlx5_st'), 'kernel', 'model', 'mlx5_st').base;
    writeField(m, st, 'mlx5_st', 'direct_mode', cfg.stMode === 'direct' ? 1n : 0n);
    writeField(m, st, 'mlx5_st', 'index_limit.max', BigInt(Math.max(0, cfg.tableSize - 1)));
    // As mlx5_st_create(): entry 0 is reserved for "no steering tag".
    writeField(m, st, 'mlx5_st', 'index_limit.min', 1n);
  }
  writeField(m, mdev, 'mlx5_core_dev', 'st', st);
  const ibdev = m.mem.allocate(sizeofTag(m, 'mlx5_ib_dev'), 'kernel', 'model', 'mlx5_ib_dev').base;
  writeField(m, ibdev, 'mlx5_ib_dev', 'mdev', mdev);
  const pd = m.mem.allocate(sizeofTag(m, 'ib_pd'), 'kernel', 'model', 'ib_pd').base;
  writeField(m, pd, 'ib_pd', 'device', fieldAddr(m, ibdev, 'mlx5_ib_dev', 'ib_dev'));
  const dev: Mlx5Device = { ibdev, mdev, pdev, pd, st };
  importerState(m).device = dev;
  return dev;
}

/** The steering tag an MR's index stands for: the index itself in direct mode, the table entry otherwise. */
export function tagOfIndex(m: Machine, dev: Mlx5Device, index: number): number | null {
  if (!dev.st) return null;
  if (readField(m, dev.st, 'mlx5_st', 'direct_mode')) return index;
  return tphState(m).devices.get(dev.pdev)?.table.get(index) ?? null;
}

/** Release what an MR holds (what dereg does with a dma-buf MR): its umem and the MR itself. */
export function deregisterMr(m: Machine, mr: RegisteredMr): void {
  releaseUmem(m, mr.umem, 'dereg_mr');
  slabFree(m, mr.mr, 'dereg_mr');
}

function releaseUmem(m: Machine, umem: bigint, site: string): void {
  const at = readField(m, umem, 'ib_umem_dmabuf', 'attach');
  const buf = readField(m, at, 'dma_buf_attachment', 'dmabuf');
  dmaBufDetach(m, buf, at, site);
  slabFree(m, umem, site);
}

export function mlx5ImporterModels(): Record<string, KernelModel> {
  return {
    to_mdev: {
      call: (m, a) => ptr(arg(a, 0, 'to_mdev') - BigInt(m.env.field(m.env.recordByTag('mlx5_ib_dev'), 'ib_dev').offset), m.env.recordByTag('mlx5_ib_dev')),
    },
    to_mdmah: {
      call: (m, a) => ptr(arg(a, 0, 'to_mdmah') - BigInt(m.env.field(m.env.recordByTag('mlx5_ib_dmah'), 'ibdmah').offset), m.env.recordByTag('mlx5_ib_dmah')),
    },
    ib_umem_dmabuf_get: {
      call: (m, a, site) => {
        const ibdev = arg(a, 0, 'ib_umem_dmabuf_get');
        const offset = arg(a, 1, 'ib_umem_dmabuf_get');
        const size = arg(a, 2, 'ib_umem_dmabuf_get');
        const fd = Number(BigInt.asIntN(32, arg(a, 3, 'ib_umem_dmabuf_get')));
        const ops = arg(a, 5, 'ib_umem_dmabuf_get');
        const t = m.env.recordByTag('ib_umem_dmabuf');
        const umem = slabAlloc(m, BigInt(m.env.sizeOf(t)), `ib_umem_dmabuf_get (from ${site})`, true);
        if (!umem) return ptr(errPtr(m, -ERRNO.ENOMEM), t);
        const buf = dmaBufGet(m, fd);
        if (isErrValue(m, buf)) {
          slabFree(m, umem, 'ib_umem_dmabuf_get error path');
          return ptr(buf, t);
        }
        const end = offset + size;
        if (end >= 1n << 64n || end > readField(m, buf, 'dma_buf', 'size')) {
          dmaBufPut(m, buf, 'ib_umem_dmabuf_get error path');
          slabFree(m, umem, 'ib_umem_dmabuf_get error path');
          return ptr(errPtr(m, -ERRNO.EINVAL), t);
        }
        writeField(m, umem, 'ib_umem_dmabuf', 'umem.ibdev', ibdev);
        writeField(m, umem, 'ib_umem_dmabuf', 'umem.length', size);
        const at = dmaBufAttach(m, buf, fieldAddr(m, ibdev, 'ib_device', 'dev'), ops, umem, site);
        dmaBufPut(m, buf, 'ib_umem_dmabuf_get');
        if (isErrValue(m, at)) {
          slabFree(m, umem, 'ib_umem_dmabuf_get error path');
          return ptr(at, t);
        }
        writeField(m, umem, 'ib_umem_dmabuf', 'attach', at);
        return ptr(umem, t);
      },
    },
    // The device can take the PAS of any length the scenarios use (UMR limits are not modelled).
    mlx5r_umr_can_load_pas: { call: () => ({ k: 'scalar', t: { kind: 'builtin', name: '_Bool' }, v: 1n }) },
    ib_umem_release: {
      call: (m, a, site) => {
        releaseUmem(m, arg(a, 0, 'ib_umem_release'), site);
        return { k: 'void' };
      },
    },
    alloc_cacheable_mr: {
      call: (m, a, site) => {
        const t = m.env.recordByTag('mlx5_ib_mr');
        const mr = slabAlloc(m, BigInt(m.env.sizeOf(t)), `alloc_cacheable_mr (from ${site})`, true);
        if (!mr) return ptr(errPtr(m, -ERRNO.ENOMEM), t);
        const umem = arg(a, 1, 'alloc_cacheable_mr');
        const stIndex = Number(BigInt.asUintN(16, arg(a, 5, 'alloc_cacheable_mr')));
        const ph = Number(BigInt.asUintN(8, arg(a, 6, 'alloc_cacheable_mr')));
        writeField(m, mr, 'mlx5_ib_mr', 'umem', umem);
        writeField(m, mr, 'mlx5_ib_mr', 'st_index', BigInt(stIndex));
        writeField(m, mr, 'mlx5_ib_mr', 'ph', BigInt(ph));
        importerState(m).mrs.push({ mr, umem, stIndex, ph });
        return ptr(mr, t);
      },
    },
  };
}


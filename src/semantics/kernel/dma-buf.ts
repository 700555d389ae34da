/**
 * The dma-buf core (drivers/dma-buf/dma-buf.c) as the exporter and importer
 * see it: export (ops validation, allocation), fd install, get/put with the
 * exporter's release op on the last reference, dynamic attach/detach through
 * the exporter's attach op, map/unmap, and any op of the exporter's
 * dma_buf_ops table called by name — including ops a patch adds.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { KernelFault } from '../interpreter/run-errors.ts';
import { declareLocal } from '../interpreter/statements.ts';
import { asScalar } from '../interpreter/values.ts';
import { ERRNO } from './errno.ts';
import { errPtr, isErrValue, ptrErr } from './err-ptr.ts';
import { arg, fieldAddr, int, ptr, readField, sizeofTag, writeField } from './model-helpers.ts';
import { slabAlloc, slabFree } from './slab.ts';

export interface DmaBufState {
  refs: Map<bigint, number>;
  fds: Map<number, bigint>;
  nextFd: number;
  /** Highest fd number the process may open (RLIMIT_NOFILE - 1). */
  maxFd: number;
  exported: bigint[];
}

export function dmaBufState(m: Machine): DmaBufState {
  return m.stateOf<DmaBufState>('dma-buf', () => ({ refs: new Map(), fds: new Map(), nextFd: 3, maxFd: 1023, exported: [] }));
}

/** The function an op slot of a dma-buf's ops table points to, or null. */
export function dmaBufOp(m: Machine, dmabuf: bigint, op: string): bigint {
  const ops = readField(m, dmabuf, 'dma_buf', 'ops');
  if (!ops) return 0n;
  return readField(m, ops, 'dma_buf_ops', op);
}

export function dmaBufExport(m: Machine, info: bigint, site: string): bigint {
  const ops = readField(m, info, 'dma_buf_export_info', 'ops');
  const priv = readField(m, info, 'dma_buf_export_info', 'priv');
  const opSet = (name: string) => (ops ? readField(m, ops, 'dma_buf_ops', name) !== 0n : false);
  if (!priv || !ops || !opSet('map_dma_buf') || !opSet('unmap_dma_buf') || !opSet('release')) {
    m.event('warning', `dma_buf_export: WARN_ON(missing priv/ops/map/unmap/release) at ${site}`, site);
    return errPtr(m, -ERRNO.EINVAL);
  }
  if (opSet('pin') !== opSet('unpin')) {
    m.event('warning', `dma_buf_export: pin without unpin at ${site}`, site);
    return errPtr(m, -ERRNO.EINVAL);
  }
  const size = sizeofTag(m, 'dma_buf') + sizeofTag(m, 'dma_resv');
  const buf = slabAlloc(m, BigInt(size), `dma_buf_export (from ${site})`, true);
  if (!buf) return errPtr(m, -ERRNO.ENOMEM);
  writeField(m, buf, 'dma_buf', 'size', readField(m, info, 'dma_buf_export_info', 'size'));
  writeField(m, buf, 'dma_buf', 'ops', ops);
  writeField(m, buf, 'dma_buf', 'priv', priv);
  writeField(m, buf, 'dma_buf', 'exp_name', readField(m, info, 'dma_buf_export_info', 'exp_name'));
  const resv = readField(m, info, 'dma_buf_export_info', 'resv');
  writeField(m, buf, 'dma_buf', 'resv', resv || buf + BigInt(sizeofTag(m, 'dma_buf')));
  // A non-NULL file pointer stands for the anon inode file dma_buf_getfile() creates.
  writeField(m, buf, 'dma_buf', 'file', buf);
  const s = dmaBufState(m);
  s.refs.set(buf, 1);
  s.exported.push(buf);
  return buf;
}

export function dmaBufPut(m: Machine, buf: bigint, site: string): void {
  const s = dmaBufState(m);
  const n = s.refs.get(buf);
  if (n === undefined) throw new KernelFault('bug', `dma_buf_put(0x${buf.toString(16)}) at ${site}: not a dma-buf`);
  if (n <= 0) throw new KernelFault('use-after-free', `dma_buf_put at ${site} on a dma-buf already released`);
  s.refs.set(buf, n - 1);
  if (n - 1 === 0) {
    const release = dmaBufOp(m, buf, 'release');
    if (release) m.callAddress(release, [ptr(buf)], `dma_buf_release (last reference dropped at ${site})`);
    slabFree(m, buf, `dma_buf_release (from ${site})`);
  }
}

export function dmaBufGet(m: Machine, fd: number): bigint {
  const s = dmaBufState(m);
  const buf = s.fds.get(fd);
  if (buf === undefined) return errPtr(m, -ERRNO.EBADF);
  s.refs.set(buf, (s.refs.get(buf) ?? 0) + 1);
  return buf;
}

/** close(fd) from userspace. */
export function closeFd(m: Machine, fd: number): number {
  const s = dmaBufState(m);
  const buf = s.fds.get(fd);
  if (buf === undefined) return -ERRNO.EBADF;
  s.fds.delete(fd);
  dmaBufPut(m, buf, `close(${fd})`);
  return 0;
}

export function dmaBufAttach(m: Machine, buf: bigint, dev: bigint, importerOps: bigint, importerPriv: bigint, site: string): bigint {
  const at = slabAlloc(m, BigInt(sizeofTag(m, 'dma_buf_attachment')), `dma_buf_dynamic_attach (from ${site})`, true);
  if (!at) return errPtr(m, -ERRNO.ENOMEM);
  writeField(m, at, 'dma_buf_attachment', 'dmabuf', buf);
  writeField(m, at, 'dma_buf_attachment', 'dev', dev);
  writeField(m, at, 'dma_buf_attachment', 'importer_ops', importerOps);
  writeField(m, at, 'dma_buf_attachment', 'importer_priv', importerPriv);
  const p2p = importerOps ? readField(m, importerOps, 'dma_buf_attach_ops', 'allow_peer2peer') : 0n;
  writeField(m, at, 'dma_buf_attachment', 'peer2peer', p2p ? 1n : 0n);
  const attach = dmaBufOp(m, buf, 'attach');
  if (attach) {
    const r = Number(BigInt.asIntN(32, asScalar(m.callAddress(attach, [ptr(buf), ptr(at)], `dma_buf_dynamic_attach at ${site}`), 'attach op').v));
    if (r) {
      slabFree(m, at, `dma_buf_dynamic_attach error path (from ${site})`);
      return errPtr(m, r);
    }
  }
  const s = dmaBufState(m);
  s.refs.set(buf, (s.refs.get(buf) ?? 0) + 1);
  return at;
}

export function dmaBufDetach(m: Machine, buf: bigint, at: bigint, site: string): void {
  const detach = dmaBufOp(m, buf, 'detach');
  if (detach) m.callAddress(detach, [ptr(buf), ptr(at)], `dma_buf_detach at ${site}`);
  slabFree(m, at, `dma_buf_detach (from ${site})`);
  dmaBufPut(m, buf, `dma_buf_detach (from ${site})`);
}

export function dmaBufModels(): Record<string, KernelModel> {
  return {
    dma_buf_export: { call: (m, a, site) => ptr(dmaBufExport(m, arg(a, 0, 'dma_buf_export'), site)) },
    dma_buf_fd: {
      call: (m, a) => {
        const buf = arg(a, 0, 'dma_buf_fd');
        const flags = arg(a, 1, 'dma_buf_fd');
        if (!buf || isErrValue(m, buf) || !readField(m, buf, 'dma_buf', 'file')) return int(-ERRNO.EINVAL);
        const s = dmaBufState(m);
        if (s.nextFd > s.maxFd) return int(-ERRNO.EMFILE);
        const fd = s.nextFd++;
        s.fds.set(fd, buf);
        m.event('fd-installed', `fd ${fd} installed for dma-buf (flags 0x${flags.toString(16)})`);
        return int(fd);
      },
    },
    dma_buf_get: { call: (m, a) => ptr(dmaBufGet(m, Number(BigInt.asIntN(32, arg(a, 0, 'dma_buf_get'))))) },
    dma_buf_put: {
      call: (m, a, site) => {
        dmaBufPut(m, arg(a, 0, 'dma_buf_put'), site);
        return { k: 'void' };
      },
    },
    dma_buf_dynamic_attach: {
      call: (m, a, site) => ptr(dmaBufAttach(m, arg(a, 0, 'attach'), arg(a, 1, 'attach'), arg(a, 2, 'attach'), arg(a, 3, 'attach'), site)),
    },
    dma_buf_detach: {
      call: (m, a, site) => {
        dmaBufDetach(m, arg(a, 0, 'dma_buf_detach'), arg(a, 1, 'dma_buf_detach'), site);
        return { k: 'void' };
      },
    },
    dma_buf_map_attachment: {
      call: (m, a, site) => {
        const at = arg(a, 0, 'dma_buf_map_attachment');
        const buf = readField(m, at, 'dma_buf_attachment', 'dmabuf');
        const map = dmaBufOp(m, buf, 'map_dma_buf');
        return m.callAddress(map, [ptr(at), a[1]!], `dma_buf_map_attachment at ${site}`);
      },
    },
    dma_buf_unmap_attachment: {
      call: (m, a, site) => {
        const at = arg(a, 0, 'dma_buf_unmap_attachment');
        const buf = readField(m, at, 'dma_buf_attachment', 'dmabuf');
        m.callAddress(dmaBufOp(m, buf, 'unmap_dma_buf'), [ptr(at), a[1]!, a[2]!], `dma_buf_unmap_attachment at ${site}`);
        return { k: 'void' };
      },
    },
  };
}


/** DEFINE_DMA_BUF_EXPORT_INFO(name): a local struct dma_buf_export_info with exp_name and owner set. */
export function exportInfoMacro(): Record<string, KernelModel> {
  return {
    DEFINE_DMA_BUF_EXPORT_INFO: {
      callSyntax: (m, f, a) => {
        const name = a[0]!.text;
        const t = m.env.recordByTag('dma_buf_export_info');
        const addr = declareLocal(m, f, name, t);
        m.mem.write(addr, new Uint8Array(m.env.sizeOf(t)));
        const label = m.mem.allocate(16, 'kernel', 'rodata', 'KBUILD_MODNAME');
        m.mem.write(label.base, new TextEncoder().encode('vfio_pci\0'));
        writeField(m, addr, 'dma_buf_export_info', 'exp_name', label.base);
        return { k: 'void' };
      },
    },
  };
}

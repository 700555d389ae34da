/**
 * The xarray API (lib/xarray.c) on this path: allocation of free indices in
 * a limit (xa_alloc), lookup, iteration (xa_find/xa_find_after, which
 * xa_for_each expands to) and erase.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { Unsupported } from '../interpreter/run-errors.ts';
import { ERRNO } from './errno.ts';
import { arg, int, ptr } from './model-helpers.ts';

export function xaEntries(m: Machine, xa: bigint): Map<bigint, bigint> {
  const all = m.stateOf('xarray', () => new Map<bigint, Map<bigint, bigint>>());
  let e = all.get(xa);
  if (!e) all.set(xa, (e = new Map()));
  return e;
}

function find(m: Machine, xa: bigint, from: bigint, max: bigint): [bigint, bigint] | null {
  const keys = [...xaEntries(m, xa).keys()].filter((k) => k >= from && k <= max).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!keys.length) return null;
  return [keys[0]!, xaEntries(m, xa).get(keys[0]!)!];
}

export function xarrayModels(): Record<string, KernelModel> {
  const ul = (m: Machine) => m.env.abi.longBytes;
  return {
    xa_find: {
      call: (m, a) => {
        const xa = arg(a, 0, 'xa_find');
        const ip = arg(a, 1, 'xa_find');
        const r = find(m, xa, m.mem.readUInt(ip, ul(m)), arg(a, 2, 'xa_find'));
        if (!r) return ptr(0n);
        m.mem.writeUInt(ip, ul(m), r[0]);
        return ptr(r[1]);
      },
    },
    xa_find_after: {
      call: (m, a) => {
        const xa = arg(a, 0, 'xa_find_after');
        const ip = arg(a, 1, 'xa_find_after');
        const r = find(m, xa, m.mem.readUInt(ip, ul(m)) + 1n, arg(a, 2, 'xa_find_after'));
        if (!r) return ptr(0n);
        m.mem.writeUInt(ip, ul(m), r[0]);
        return ptr(r[1]);
      },
    },
    xa_load: { call: (m, a) => ptr(xaEntries(m, arg(a, 0, 'xa_load')).get(arg(a, 1, 'xa_load')) ?? 0n) },
    xa_erase: {
      call: (m, a) => {
        const e = xaEntries(m, arg(a, 0, 'xa_erase'));
        const i = arg(a, 1, 'xa_erase');
        const old = e.get(i) ?? 0n;
        e.delete(i);
        return ptr(old);
      },
    },
    xa_empty: { call: (m, a) => int(xaEntries(m, arg(a, 0, 'xa_empty')).size === 0 ? 1 : 0) },
    xa_alloc: {
      call: (m, a) => {
        const xa = arg(a, 0, 'xa_alloc');
        const idp = arg(a, 1, 'xa_alloc');
        const entry = arg(a, 2, 'xa_alloc');
        const limit = a[3];
        if (!limit || limit.k !== 'agg') throw new Unsupported('xa_alloc: limit is not a struct xa_limit');
        const t = m.env.recordByTag('xa_limit');
        const max = m.mem.decode(limit.bytes.subarray(m.env.field(t, 'max').offset, m.env.field(t, 'max').offset + 4));
        const min = m.mem.decode(limit.bytes.subarray(m.env.field(t, 'min').offset, m.env.field(t, 'min').offset + 4));
        const e = xaEntries(m, xa);
        for (let i = min; i <= max; i++) {
          if (!e.has(i)) {
            e.set(i, entry);
            m.mem.writeUInt(idp, 4, i);
            return int(0);
          }
        }
        return int(-ERRNO.EBUSY);
      },
    },
    XA_LIMIT: {
      call: (m, a) => {
        const t = m.env.recordByTag('xa_limit');
        const bytes = new Uint8Array(m.env.sizeOf(t));
        bytes.set(m.mem.encode(arg(a, 1, 'XA_LIMIT'), 4), m.env.field(t, 'max').offset);
        bytes.set(m.mem.encode(arg(a, 0, 'XA_LIMIT'), 4), m.env.field(t, 'min').offset);
        return { k: 'agg', t, bytes };
      },
    },
    xa_init_flags: { call: () => ({ k: 'void' }) },
    xa_destroy: { call: (m, a) => (xaEntries(m, arg(a, 0, 'xa_destroy')).clear(), { k: 'void' }) },
  };
}


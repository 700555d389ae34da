/**
 * Locks and reference counts: mutexes and rw-semaphores (unbalanced unlock
 * is a fault, a lock still held when the scenario ends is reported),
 * refcount_t, and dma_resv locking.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { KernelFault } from '../interpreter/run-errors.ts';
import { INT } from '../interpreter/types.ts';
import { scalar } from '../interpreter/values.ts';
import { arg, int } from './model-helpers.ts';

export interface LockState {
  held: Map<bigint, string>;
}

export function lockState(m: Machine): LockState {
  return m.stateOf<LockState>('locks', () => ({ held: new Map() }));
}

function lock(name: string): KernelModel {
  return {
    call: (m, a, site) => {
      const addr = arg(a, 0, name);
      const s = lockState(m);
      if (s.held.has(addr)) throw new KernelFault('bug', `${name} at ${site}: deadlock, lock already held since ${s.held.get(addr)}`);
      s.held.set(addr, site);
      return { k: 'void' };
    },
  };
}

function unlock(name: string): KernelModel {
  return {
    call: (m, a, site) => {
      const addr = arg(a, 0, name);
      const s = lockState(m);
      if (!s.held.delete(addr)) throw new KernelFault('bug', `${name} at ${site}: unlocking a lock that is not held`);
      return { k: 'void' };
    },
  };
}

function counter(m: Machine, addr: bigint): bigint {
  return BigInt.asIntN(32, m.mem.readUInt(addr, 4));
}

export function lockingModels(): Record<string, KernelModel> {
  return {
    mutex_lock: lock('mutex_lock'),
    mutex_unlock: unlock('mutex_unlock'),
    down_write: lock('down_write'),
    up_write: unlock('up_write'),
    down_read: lock('down_read'),
    up_read: unlock('up_read'),
    dma_resv_lock: { call: (m, a, site) => (lock('dma_resv_lock').call!(m, [a[0]!], site), int(0)) },
    dma_resv_unlock: unlock('dma_resv_unlock'),
    might_sleep: { call: () => ({ k: 'void' }) },
    lockdep_assert_held: { call: () => ({ k: 'void' }) },
    refcount_set: {
      call: (m, a) => {
        m.mem.writeUInt(arg(a, 0, 'refcount_set'), 4, arg(a, 1, 'refcount_set'));
        return { k: 'void' };
      },
    },
    refcount_read: { call: (m, a) => scalar(INT, counter(m, arg(a, 0, 'refcount_read'))) },
    refcount_inc: {
      call: (m, a, site) => {
        const p = arg(a, 0, 'refcount_inc');
        const c = counter(m, p);
        if (c <= 0n) m.event('refcount-warning', `refcount_inc on ${c} (use after free?) at ${site}`, site);
        m.mem.writeUInt(p, 4, c + 1n);
        return { k: 'void' };
      },
    },
    refcount_inc_not_zero: {
      call: (m, a) => {
        const p = arg(a, 0, 'refcount_inc_not_zero');
        const c = counter(m, p);
        if (c === 0n) return int(0);
        m.mem.writeUInt(p, 4, c + 1n);
        return int(1);
      },
    },
    refcount_dec_and_test: {
      call: (m, a, site) => {
        const p = arg(a, 0, 'refcount_dec_and_test');
        const c = counter(m, p) - 1n;
        if (c < 0n) m.event('refcount-warning', `refcount underflow at ${site}`, site);
        m.mem.writeUInt(p, 4, c);
        return int(c === 0n ? 1 : 0);
      },
    },
  };
}

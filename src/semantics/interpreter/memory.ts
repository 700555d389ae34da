/**
 * A byte-addressed memory with separate user and kernel address spaces.
 * Every object lives in a block; addresses between blocks (red zones) and
 * freed blocks are kept so out-of-bounds and use-after-free accesses are
 * caught. Kernel code touching user addresses directly is a fault (SMAP):
 * user memory is reached only through the copy_*_user models.
 */
import { BudgetExceeded, KernelFault } from './run-errors.ts';

export type Space = 'user' | 'kernel';
export type BlockKind = 'slab' | 'stack' | 'global' | 'model' | 'user' | 'rodata';

export interface Block {
  id: number;
  base: bigint;
  size: number;
  bytes: Uint8Array;
  space: Space;
  kind: BlockKind;
  /** What it is, for reports: `kzalloc(48) in vfio_pci_core_feature_dma_buf`, `stack: priv`. */
  label: string;
  freed: boolean;
  /** Where it was freed, for use-after-free/double-free reports. */
  freedAt?: string;
  /** Per byte: written since allocation (only for memory that starts uninitialised: locals, kmalloc). */
  init?: Uint8Array;
}

const RED_ZONE = 64n;

export interface MemoryOptions {
  pointerBytes: 4 | 8;
  littleEndian: boolean;
  /** Total bytes that may be live at once. */
  capBytes: number;
}

export class Memory {
  readonly opts: MemoryOptions;
  private readonly blocks: Block[] = [];
  private next: Record<Space, bigint>;
  private live = 0;
  private nextId = 1;
  private last: Block | null = null;

  constructor(opts: MemoryOptions) {
    this.opts = opts;
    this.next = opts.pointerBytes === 8
      ? { kernel: 0xffff888000100000n, user: 0x00007f0000000000n }
      : { kernel: 0xc0100000n, user: 0x08000000n };
  }

  /** Highest address + 1 of the kernel's usable range; above it are ERR_PTR values. */
  get errPtrFloor(): bigint {
    return (1n << BigInt(this.opts.pointerBytes * 8)) - 4095n;
  }

  allocate(size: number, space: Space, kind: BlockKind, label: string, trackInit = false): Block {
    if (!Number.isSafeInteger(size) || size < 0) throw new BudgetExceeded(`allocation of ${size} bytes`);
    if (this.live + size > this.opts.capBytes) {
      throw new BudgetExceeded(`memory cap of ${this.opts.capBytes} bytes reached (allocating ${size} for ${label})`);
    }
    const base = this.next[space];
    const block: Block = { id: this.nextId++, base, size, bytes: new Uint8Array(size), space, kind, label, freed: false };
    if (trackInit) block.init = new Uint8Array(size);
    this.next[space] = base + ((BigInt(size) + 15n) & ~15n) + RED_ZONE;
    // Keep blocks sorted by address (user and kernel allocations interleave).
    let i = this.blocks.length;
    while (i > 0 && this.blocks[i - 1]!.base > base) i--;
    this.blocks.splice(i, 0, block);
    this.live += size;
    return block;
  }

  free(block: Block, where: string): void {
    block.freed = true;
    block.freedAt = where;
    this.live -= block.size;
  }

  /** The block containing addr (live or freed), or null. */
  find(addr: bigint): Block | null {
    const l = this.last;
    if (l && addr >= l.base && addr < l.base + BigInt(l.size === 0 ? 1 : l.size)) return l;
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid]!;
      if (addr < b.base) hi = mid - 1;
      else if (addr >= b.base + BigInt(b.size === 0 ? 1 : b.size)) lo = mid + 1;
      else {
        this.last = b;
        return b;
      }
    }
    return null;
  }

  /** The block with the highest base not above addr. */
  private below(addr: bigint): Block | null {
    let lo = 0;
    let hi = this.blocks.length - 1;
    let best: Block | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid]!;
      if (b.base <= addr) {
        best = b;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  blockAt(base: bigint): Block | null {
    const b = this.find(base);
    return b && b.base === base ? b : null;
  }

  allBlocks(): readonly Block[] {
    return this.blocks;
  }

  describe(addr: bigint): string {
    return `0x${addr.toString(16)}`;
  }

  /** Resolve [addr, addr+n) to one block for an access by `who` ('kernel' direct access or a user copy). */
  private locate(addr: bigint, n: number, who: Space | 'any', write: boolean): { block: Block; off: number } {
    if (addr < 4096n) throw new KernelFault('null-deref', `NULL pointer dereference (address ${this.describe(addr)})`);
    if (addr >= this.errPtrFloor) {
      const e = Number((1n << BigInt(this.opts.pointerBytes * 8)) - addr);
      throw new KernelFault('err-ptr-deref', `dereference of ERR_PTR(-${e})`);
    }
    const block = this.find(addr);
    if (!block) {
      const below = this.below(addr);
      if (below && addr < below.base + BigInt(below.size) + RED_ZONE && below.space !== 'user') {
        throw new KernelFault('out-of-bounds', `out-of-bounds ${write ? 'write' : 'read'} of ${n} bytes at offset ${addr - below.base} of ${below.label} (size ${below.size})`);
      }
      throw new KernelFault(who === 'user' ? 'user-access' : 'wild-pointer', `access to unmapped address ${this.describe(addr)}`);
    }
    if (block.freed) throw new KernelFault('use-after-free', `use after free: ${write ? 'write to' : 'read of'} ${block.label} (freed ${block.freedAt ?? ''})`);
    if (who === 'kernel' && block.space === 'user') {
      throw new KernelFault('user-access', `kernel dereferenced user pointer ${this.describe(addr)} without copy_from_user`);
    }
    const off = Number(addr - block.base);
    if (off + n > block.size) {
      throw new KernelFault('out-of-bounds', `out-of-bounds ${write ? 'write' : 'read'} of ${n} bytes at offset ${off} of ${block.label} (size ${block.size})`);
    }
    return { block, off };
  }

  read(addr: bigint, n: number, who: Space | 'any' = 'kernel'): Uint8Array {
    if (n === 0) return new Uint8Array(0);
    const { block, off } = this.locate(addr, n, who, false);
    return block.bytes.subarray(off, off + n);
  }

  write(addr: bigint, bytes: Uint8Array, who: Space | 'any' = 'kernel'): void {
    if (bytes.length === 0) return;
    const { block, off } = this.locate(addr, bytes.length, who, true);
    block.bytes.set(bytes, off);
    block.init?.fill(1, off, off + bytes.length);
  }

  /** The block and offset when [addr, addr+n) holds bytes never written since allocation, else null. */
  uninitialised(addr: bigint, n: number): { block: Block; offset: number } | null {
    const block = this.find(addr);
    if (!block?.init) return null;
    const off = Number(addr - block.base);
    for (let i = off; i < off + n && i < block.size; i++) if (!block.init[i]) return { block, offset: off };
    return null;
  }

  /** How many bytes from addr are mapped in `space` (stops at the first hole, freed or foreign block). */
  mappedBytes(addr: bigint, n: number, space: Space): number {
    let done = 0;
    while (done < n) {
      const b = this.find(addr + BigInt(done));
      if (!b || b.freed || b.space !== space) break;
      const off = Number(addr + BigInt(done) - b.base);
      done += Math.min(b.size - off, n - done);
    }
    return done;
  }

  readUInt(addr: bigint, size: number, who: Space | 'any' = 'kernel'): bigint {
    return this.decode(this.read(addr, size, who));
  }

  writeUInt(addr: bigint, size: number, value: bigint, who: Space | 'any' = 'kernel'): void {
    this.write(addr, this.encode(value, size), who);
  }

  decode(bytes: Uint8Array): bigint {
    const le = this.opts.littleEndian;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    switch (bytes.length) {
      case 1: return BigInt(bytes[0]!);
      case 2: return BigInt(dv.getUint16(0, le));
      case 4: return BigInt(dv.getUint32(0, le));
      case 8: return dv.getBigUint64(0, le);
    }
    let v = 0n;
    const n = bytes.length;
    if (this.opts.littleEndian) for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
    else for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(bytes[i]!);
    return v;
  }

  encode(value: bigint, size: number): Uint8Array {
    const out = new Uint8Array(size);
    const le = this.opts.littleEndian;
    const dv = new DataView(out.buffer);
    switch (size) {
      case 1: out[0] = Number(BigInt.asUintN(8, value)); return out;
      case 2: dv.setUint16(0, Number(BigInt.asUintN(16, value)), le); return out;
      case 4: dv.setUint32(0, Number(BigInt.asUintN(32, value)), le); return out;
      case 8: dv.setBigUint64(0, BigInt.asUintN(64, value), le); return out;
    }
    let v = BigInt.asUintN(size * 8, value);
    for (let i = 0; i < size; i++) {
      const idx = this.opts.littleEndian ? i : size - 1 - i;
      out[idx] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }
}

/**
 * ioctl request numbers per ABI (include/uapi/asm-generic/ioctl.h and the
 * powerpc, mips and sparc overrides): `dir << DIRSHIFT | size << SIZESHIFT |
 * type << 8 | nr`. Encoding sizeof(argument) is what makes a struct size change
 * an ioctl number change.
 */
import type { AbiName } from '../layout-types.ts';
import type { IoctlNumber } from './types.ts';

interface IoctlBits {
  sizeBits: number;
  dirBits: number;
  none: number;
  read: number;
  write: number;
}

const GENERIC: IoctlBits = { sizeBits: 14, dirBits: 2, none: 0, read: 2, write: 1 };
const THREE_DIR_BITS: IoctlBits = { sizeBits: 13, dirBits: 3, none: 1, read: 2, write: 4 };

export function ioctlBits(abi: AbiName): IoctlBits {
  switch (abi) {
    case 'ppc64le': case 'ppc64': case 'ppc32':
    case 'mips': case 'mips64':
    case 'sparc64':
      return THREE_DIR_BITS;
    default:
      return GENERIC;
  }
}

export type IoctlDir = IoctlNumber['dir'];

export function encodeIoctl(abi: AbiName, dir: IoctlDir, type: number, nr: number, size: number): bigint {
  const b = ioctlBits(abi);
  const d = dir === 'none' ? b.none : dir === 'read' ? b.read : dir === 'write' ? b.write : b.read | b.write;
  const sizeShift = 16;
  const dirShift = sizeShift + b.sizeBits;
  const sizeMask = (1 << b.sizeBits) - 1;
  return (BigInt(d) << BigInt(dirShift)) | (BigInt(size & sizeMask) << BigInt(sizeShift)) | (BigInt(type & 0xff) << 8n) | BigInt(nr & 0xff);
}

export function decodeIoctl(abi: AbiName, value: bigint): Omit<IoctlNumber, 'argType'> {
  const b = ioctlBits(abi);
  const v = BigInt.asUintN(32, value);
  const nr = Number(v & 0xffn);
  const type = Number((v >> 8n) & 0xffn);
  const size = Number((v >> 16n) & BigInt((1 << b.sizeBits) - 1));
  const d = Number((v >> BigInt(16 + b.sizeBits)) & BigInt((1 << b.dirBits) - 1));
  let dir: IoctlDir;
  if (d === b.none) dir = 'none';
  else if (d === (b.read | b.write)) dir = 'read|write';
  else if (d === b.read) dir = 'read';
  else dir = 'write';
  return { dir, type, nr, size, value: v };
}

/** Splits `a, f(b, c), d` at top-level commas. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

export interface IoctlCall {
  dir: IoctlDir;
  type: string;
  nr: string;
  /** Argument type text for _IOR/_IOW/_IOWR, size expression for _IOC. */
  arg: string | null;
  viaIoc: boolean;
}

/** A function-like macro: its parameter names and body. */
export type FunctionMacro = { params: string[]; body: string };

/** Wrappers unwrapped before giving up (`DRM_IOWR` → `_IOWR`; a wrapper of a wrapper). */
const MAX_WRAPPERS = 4;

/**
 * `NAME(args)` with NAME a function-like macro of `wrappers` whose body
 * neither stringifies nor pastes: its body with the arguments put in, else null.
 */
function unwrap(s: string, wrappers: (name: string) => FunctionMacro | undefined): string | null {
  const m = /^(\w+)\s*\(([\s\S]*)\)$/.exec(s);
  const w = m ? wrappers(m[1]!) : undefined;
  if (!m || !w || w.body.includes('#')) return null;
  const args = splitArgs(m[2]!);
  if (args.length !== w.params.length) return null;
  const byName = new Map(w.params.map((p, i) => [p, args[i]!]));
  return w.body.replace(/\b\w+\b/g, (id) => byName.get(id) ?? id);
}

/**
 * Recognises `_IO(t,n)`, `_IOR/_IOW/_IOWR(t,n,T)` and `_IOC(dir,t,n,size)`
 * bodies, also behind function-like wrappers such as DRM's
 * `DRM_IOWR(nr, type)` → `_IOWR(DRM_IOCTL_BASE, nr, type)` (`wrappers`: the
 * unit's function-like macros).
 */
export function parseIoctlBody(body: string, wrappers?: (name: string) => FunctionMacro | undefined): IoctlCall | null {
  let s = body.trim().replace(/^\((.*)\)$/s, '$1').trim();
  let m = /^(_IOWR|_IOW|_IOR|_IO|_IOC)\s*\(([\s\S]*)\)$/.exec(s);
  for (let depth = 0; !m && wrappers && depth < MAX_WRAPPERS; depth++) {
    const inner = unwrap(s, wrappers);
    if (inner === null) break;
    s = inner.trim().replace(/^\((.*)\)$/s, '$1').trim();
    m = /^(_IOWR|_IOW|_IOR|_IO|_IOC)\s*\(([\s\S]*)\)$/.exec(s);
  }
  if (!m) return null;
  const args = splitArgs(m[2]);
  switch (m[1]) {
    case '_IO': return args.length === 2 ? { dir: 'none', type: args[0], nr: args[1], arg: null, viaIoc: false } : null;
    case '_IOR': return args.length === 3 ? { dir: 'read', type: args[0], nr: args[1], arg: args[2], viaIoc: false } : null;
    case '_IOW': return args.length === 3 ? { dir: 'write', type: args[0], nr: args[1], arg: args[2], viaIoc: false } : null;
    case '_IOWR': return args.length === 3 ? { dir: 'read|write', type: args[0], nr: args[1], arg: args[2], viaIoc: false } : null;
    case '_IOC': {
      if (args.length !== 4) return null;
      const d = args[0].replace(/\s+/g, '');
      const dir: IoctlDir = /_IOC_READ\|_IOC_WRITE|_IOC_WRITE\|_IOC_READ/.test(d) ? 'read|write' : /_IOC_READ/.test(d) ? 'read' : /_IOC_WRITE/.test(d) ? 'write' : 'none';
      return { dir, type: args[1], nr: args[2], arg: args[3], viaIoc: true };
    }
  }
  return null;
}

export function formatIoctl(n: IoctlNumber): string {
  return `0x${n.value.toString(16).padStart(8, '0')} (dir ${n.dir}, type 0x${n.type.toString(16)}, nr ${n.nr}, size ${n.size})`;
}

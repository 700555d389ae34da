/**
 * The bytes a userspace program compiled against one side's uAPI header
 * puts in memory for VFIO_DEVICE_FEATURE(DMA_BUF): struct
 * vfio_device_feature, then struct vfio_device_feature_dma_buf and its
 * flexible array, laid out for the emulated ABI.
 */
import type { CType } from '../c/type-model.ts';
import { InputError } from '../errors.ts';
import type { TypeEnv } from './interpreter/types.ts';
import { VFIO_DEVICE_FEATURE_DMA_BUF, VFIO_DEVICE_FEATURE_GET } from './kernel/vfio.ts';
import type { DmaBufRequest, EntrySpec } from './scenarios/scenario-types.ts';

export interface UserRequest {
  bytes: Uint8Array;
  /** The bytes userspace built before any truncation (argsz default). */
  built: number;
  argsz: number;
}

function big(v: number | string): bigint {
  return typeof v === 'number' ? BigInt(v) : BigInt(v);
}

function writeInt(env: TypeEnv, buf: Uint8Array, off: number, size: number, v: bigint, le: boolean): void {
  let x = BigInt.asUintN(size * 8, v);
  for (let i = 0; i < size; i++) {
    buf[off + (le ? i : size - 1 - i)] = Number(x & 0xffn);
    x >>= 8n;
  }
  void env;
}

function writeMember(env: TypeEnv, buf: Uint8Array, base: number, t: CType, path: string, v: number | string | EntrySpec, le: boolean): void {
  const f = env.field(t, path);
  if (typeof v === 'object') {
    for (const [k, sub] of Object.entries(v)) writeMember(env, buf, base + f.offset, f.type, k, sub, le);
    return;
  }
  if (f.bitSize !== undefined) throw new InputError('scenario', `bitfield ${path} in a request is not supported`);
  writeInt(env, buf, base + f.offset, env.sizeOf(f.type), big(v), le);
}

/** The flexible array member of the request and its element type. */
function flexibleArray(env: TypeEnv, recordId: string): { name: string; of: CType } {
  const decl = env.record(recordId);
  const last = decl?.members[decl.members.length - 1];
  const t = last ? env.strip(last.type) : null;
  if (!last?.name || !t || t.kind !== 'array' || (t.length !== null && t.length !== 0)) {
    throw new InputError('scenario', `struct ${recordId} has no flexible array member`);
  }
  return { name: last.name, of: t.of };
}

export function buildDmaBufRequest(env: TypeEnv, req: DmaBufRequest): UserRequest {
  const le = env.abi.littleEndian;
  const hdr = env.recordByTag('vfio_device_feature');
  const body = env.recordByTag('vfio_device_feature_dma_buf');
  if (hdr.kind !== 'record' || body.kind !== 'record') throw new InputError('scenario', 'uAPI records missing');
  const dataOff = env.field(hdr, 'data').offset;
  const bodySize = env.sizeOf(body);
  const flex = flexibleArray(env, body.id);
  const elemSize = env.sizeOf(flex.of);
  const built = dataOff + bodySize + req.entries.length * elemSize;
  const buf = new Uint8Array(built);
  const argsz = req.argsz ?? built;
  writeMember(env, buf, 0, hdr, 'argsz', argsz, le);
  writeMember(env, buf, 0, hdr, 'flags', req.featureFlags ?? VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_DMA_BUF, le);
  for (const k of ['region_index', 'open_flags', 'flags', 'nr_ranges'] as const) writeMember(env, buf, dataOff, body, k, req[k], le);
  const flexOff = dataOff + env.field(body, flex.name).offset;
  req.entries.forEach((e, i) => {
    for (const [k, v] of Object.entries(e)) writeMember(env, buf, flexOff + i * elemSize, flex.of, k, v, le);
  });
  const bytes = req.mappedBytes !== undefined ? buf.slice(0, req.mappedBytes) : buf;
  return { bytes, built, argsz };
}

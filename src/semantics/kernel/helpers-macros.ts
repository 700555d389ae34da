/**
 * The kernel's small helper macros on this path, modelled with their
 * semantics: BIT, PAGE_ALIGNED, check_{add,mul}_overflow (typed by the
 * destination), likely/unlikely, WARN_ON, list heads, logging.
 */
import type { KernelModel, Machine } from '../interpreter/machine.ts';
import { evalExpr, evalLValue, load, store, typeName } from '../interpreter/expressions.ts';
import { ULONG } from '../interpreter/types.ts';
import { asScalar, scalar, wrap } from '../interpreter/values.ts';
import { Unsupported } from '../interpreter/run-errors.ts';
import { arg, int } from './model-helpers.ts';

function overflowOp(op: (a: bigint, b: bigint) => bigint): KernelModel {
  return {
    callSyntax: (m, f, a) => {
      const x = asScalar(evalExpr(m, f, a[0]!), 'check_*_overflow a');
      const y = asScalar(evalExpr(m, f, a[1]!), 'check_*_overflow b');
      const dptr = asScalar(evalExpr(m, f, a[2]!), 'check_*_overflow d');
      const dt = m.env.strip(dptr.t);
      if (dt.kind !== 'pointer') throw new Unsupported('check_*_overflow destination is not a pointer');
      const sx = signedValue(m, x.t, x.v);
      const sy = signedValue(m, y.t, y.v);
      const exact = op(sx, sy);
      const stored = wrap(m.env, dt.to, exact);
      store(m, { addr: dptr.v, t: dt.to }, scalar(dt.to, stored));
      return int(signedValue(m, dt.to, stored) !== exact ? 1 : 0);
    },
  };
}

function signedValue(m: Machine, t: Parameters<Machine['env']['intInfo']>[0], v: bigint): bigint {
  const info = m.env.intInfo(t);
  return info.signed ? BigInt.asIntN(info.bits, v) : BigInt.asUintN(info.bits, v);
}

const passThrough: KernelModel = { call: (_m, a) => a[0] ?? int(0) };

function log(kind: string): KernelModel {
  return {
    callSyntax: (m, _f, a, site) => {
      m.event('log', `${kind}: ${a.map((x) => x.text).join(', ')}`, site);
      return { k: 'void' };
    },
  };
}

export function helperMacroModels(): Record<string, KernelModel> {
  return {
    BIT: { call: (m, a) => scalar(ULONG, wrap(m.env, ULONG, 1n << arg(a, 0, 'BIT'))) },
    BIT_ULL: { call: (_m, a) => scalar({ kind: 'builtin', name: 'unsigned long long' }, 1n << arg(a, 0, 'BIT_ULL')) },
    PAGE_ALIGNED: { call: (_m, a) => int((arg(a, 0, 'PAGE_ALIGNED') & 4095n) === 0n ? 1 : 0) },
    check_add_overflow: overflowOp((a, b) => a + b),
    check_sub_overflow: overflowOp((a, b) => a - b),
    check_mul_overflow: overflowOp((a, b) => a * b),
    likely: passThrough,
    unlikely: passThrough,
    WARN_ON: {
      call: (_m, a) => a[0] ?? int(0),
      callSyntax: (m, f, a, site) => {
        const v = evalExpr(m, f, a[0]!);
        if (asScalar(v, 'WARN_ON').v !== 0n) m.event('warning', `WARN_ON(${a[0]!.text}) fired`, site);
        return int(asScalar(v, 'WARN_ON').v !== 0n ? 1 : 0);
      },
    },
    WARN_ON_ONCE: {
      callSyntax: (m, f, a, site) => {
        const v = asScalar(evalExpr(m, f, a[0]!), 'WARN_ON_ONCE').v !== 0n;
        if (v) m.event('warning', `WARN_ON_ONCE(${a[0]!.text}) fired`, site);
        return int(v ? 1 : 0);
      },
    },
    INIT_LIST_HEAD: {
      call: (m, a) => {
        const p = arg(a, 0, 'INIT_LIST_HEAD');
        const pb = m.env.abi.pointerBytes;
        m.mem.writeUInt(p, pb, p);
        m.mem.writeUInt(p + BigInt(pb), pb, p);
        return { k: 'void' };
      },
    },
    list_add_tail: {
      call: (m, a) => {
        const entry = arg(a, 0, 'list_add_tail');
        const head = arg(a, 1, 'list_add_tail');
        const pb = m.env.abi.pointerBytes;
        const prev = m.mem.readUInt(head + BigInt(pb), pb);
        m.mem.writeUInt(entry, pb, head);
        m.mem.writeUInt(entry + BigInt(pb), pb, prev);
        m.mem.writeUInt(prev, pb, entry);
        m.mem.writeUInt(head + BigInt(pb), pb, entry);
        return { k: 'void' };
      },
    },
    list_del_init: {
      call: (m, a) => {
        const entry = arg(a, 0, 'list_del_init');
        const pb = m.env.abi.pointerBytes;
        const next = m.mem.readUInt(entry, pb);
        const prev = m.mem.readUInt(entry + BigInt(pb), pb);
        if (next && prev) {
          m.mem.writeUInt(prev, pb, next);
          m.mem.writeUInt(next + BigInt(pb), pb, prev);
        }
        m.mem.writeUInt(entry, pb, entry);
        m.mem.writeUInt(entry + BigInt(pb), pb, entry);
        return { k: 'void' };
      },
    },
    // Logging: recorded, arguments not evaluated (format strings only).
    mlx5_ib_dbg: log('mlx5_ib_dbg'),
    mlx5_ib_warn: log('mlx5_ib_warn'),
    mlx5_core_dbg: log('mlx5_core_dbg'),
    mlx5_core_warn: log('mlx5_core_warn'),
    pci_dbg: log('pci_dbg'),
    pci_warn: log('pci_warn'),
    dev_dbg: log('dev_dbg'),
    dev_warn: log('dev_warn'),
    pr_debug: log('pr_debug'),
    pr_warn: log('pr_warn'),
    // container_of(), as kernel-source.ts rewrites it: the containing object of a member.
    __container_of: {
      callSyntax: (m, f, a, site) => {
        const p = asScalar(evalExpr(m, f, a[0]!), 'container_of pointer');
        const cast = a[1]!;
        if (cast.type !== 'cast_expression') throw new Unsupported(`container_of type at ${site}`);
        const t = typeName(m, f, cast.childForFieldName('type')!);
        const st = m.env.strip(t);
        if (st.kind !== 'pointer') throw new Unsupported(`container_of type at ${site}`);
        let offset = 0;
        let rt = st.to;
        for (const part of a[2]!.text.split('.')) {
          const fi = m.env.field(rt, part.trim());
          offset += fi.offset;
          rt = fi.type;
        }
        return scalar(t, p.v - BigInt(offset));
      },
    },
    min: minMax((a, b) => (a < b ? a : b)),
    max: minMax((a, b) => (a > b ? a : b)),
    READ_ONCE: { callSyntax: (m, f, a) => load(m, evalLValue(m, f, a[0]!)) },
  };
}

function minMax(pick: (a: bigint, b: bigint) => bigint): KernelModel {
  return {
    call: (m, a) => {
      const x = asScalar(a[0]!, 'min/max');
      const y = asScalar(a[1]!, 'min/max');
      const sx = signedValue(m, x.t, x.v);
      const sy = signedValue(m, y.t, y.v);
      return pick(sx, sy) === sx ? x : y;
    },
  };
}

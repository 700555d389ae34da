/**
 * Generated scenarios, from the request layout and from what the base runs
 * observed: every flag bit, counts 0/1/many/huge, non-zero reserved fields,
 * a user buffer shorter than what the kernel reads, both steering-tag widths,
 * and each allocation the base runs made failing in turn.
 */
import type { DmaBufRequest, Scenario } from './scenario-types.ts';

const RANGE = { offset: 0, length: 4096 };
const TPH = { tph: { steering_tag: 0x2a, ph: 1 } };

function request(over: Partial<DmaBufRequest>): DmaBufRequest {
  return { region_index: 0, open_flags: 2, flags: 0, nr_ranges: 1, entries: [RANGE], ...over };
}

function exportOnly(name: string, purpose: string, userspace: 'before' | 'after', req: DmaBufRequest, extra: Partial<Scenario> = {}): Scenario {
  return { name, purpose, userspace, steps: [{ op: 'dma-buf-feature', request: req }], ...extra };
}

/** Scenarios from the shape of the request (no run needed). `flagBits`: width of the flags field. */
export function generateInputScenarios(flagBits = 32): Scenario[] {
  const out: Scenario[] = [];
  for (let bit = 0; bit < flagBits; bit++) {
    const flags = String(2 ** bit);
    const tph = bit === 0;
    out.push(exportOnly(`flags bit ${bit}`, `flags = 1 << ${bit}${tph ? ' (VFIO_DMABUF_FLAG_TPH in the new header)' : ''}`, tph ? 'after' : 'before',
      request({ flags, entries: tph ? [RANGE, TPH] : [RANGE] }),
      { generatedBy: 'each flag bit', ...(tph ? {} : { mustReject: `undefined flag bit ${bit}` }) }));
  }
  const many = Array.from({ length: 8 }, (_, i) => ({ offset: i * 8192, length: 4096 }));
  out.push(exportOnly('nr_ranges 0', 'an empty range list', 'before', request({ nr_ranges: 0, entries: [] }), { generatedBy: 'counts', mustReject: 'nr_ranges 0' }));
  out.push(exportOnly('nr_ranges 1', 'one range', 'before', request({}), { generatedBy: 'counts' }));
  out.push(exportOnly('nr_ranges many', 'eight ranges', 'before', request({ nr_ranges: 8, entries: many }), { generatedBy: 'counts' }));
  out.push(exportOnly('nr_ranges huge', 'nr_ranges = 0xffffffff with one range written', 'before', request({ nr_ranges: '0xffffffff' }), { generatedBy: 'counts', mustReject: 'nr_ranges larger than the buffer' }));
  out.push(exportOnly('nr_ranges huge, TPH', 'nr_ranges = 0xffffffff with the TPH flag (the count + 1 wraps in u32)', 'after', request({ nr_ranges: '0xffffffff', flags: 1, entries: [RANGE, TPH] }), { generatedBy: 'counts', mustReject: 'nr_ranges larger than the buffer' }));
  out.push(exportOnly('TPH reserved byte non-zero', 'tph.reserved = 0x5a', 'after', request({ flags: 1, entries: [RANGE, { tph: { steering_tag: 0x2a, ph: 1, reserved: 0x5a } }] }), { generatedBy: 'reserved fields', mustReject: 'tph.reserved non-zero' }));
  out.push(exportOnly('TPH reserved2 non-zero', 'tph.reserved2 = 0xdeadbeef', 'after', request({ flags: 1, entries: [RANGE, { tph: { steering_tag: 0x2a, ph: 1, reserved2: 0xdeadbeef } }] }), { generatedBy: 'reserved fields', mustReject: 'tph.reserved2 non-zero' }));
  out.push(exportOnly('TPH entry reserved (length slot) non-zero', 'the TPH entry\'s second union member = 1', 'after', request({ flags: 1, entries: [RANGE, { tph: { steering_tag: 0x2a, ph: 1 }, reserved: 1 }] }), { generatedBy: 'reserved fields', mustReject: 'TPH entry reserved non-zero' }));
  for (const ph of [3, 4, 0xff]) {
    out.push({
      name: `TPH processing hint ${ph}`,
      purpose: `ph = ${ph} (a PCIe processing hint has 2 bits: 0–3)`,
      userspace: 'after',
      steps: [
        { op: 'dma-buf-feature', request: request({ flags: 1, entries: [RANGE, { tph: { steering_tag: 0x2a, ph } }] }) },
        { op: 'register-mr', length: 4096 },
      ],
      generatedBy: 'reserved fields',
      ...(ph > 3 ? { mustReject: `processing hint ${ph} does not fit the 2-bit PCIe field` } : {}),
    });
  }
  out.push(exportOnly('TPH flag without the extra entry (short user buffer)', 'the TPH flag set but the buffer holds only nr_ranges entries, the next page unmapped', 'after', request({ flags: 1, entries: [RANGE] }), { generatedBy: 'short user buffer' }));
  out.push({
    name: 'TPH flag, argsz without the extra entry, memory after it mapped',
    purpose: 'argsz covers nr_ranges entries only; the bytes after them (mapped) become the steering tag',
    userspace: 'after',
    steps: [
      { op: 'dma-buf-feature', request: { ...request({ flags: 1, entries: [RANGE, { tph: { steering_tag: 0xbeef, ph: 3 } }] }), argsz: 8 + 16 + 16 } },
      { op: 'register-mr', length: 4096 },
    ],
    generatedBy: 'short user buffer',
  });
  out.push(exportOnly('argsz shorter than the ranges', 'argsz covers the header only; the ranges follow in mapped memory', 'before', { ...request({ nr_ranges: 2, entries: [RANGE, { offset: 8192, length: 4096 }] }), argsz: 24 }, { generatedBy: 'short user buffer' }));
  out.push(exportOnly('ranges not mapped', 'nr_ranges 2 but only one range mapped', 'before', { ...request({ nr_ranges: 2, entries: [RANGE, { offset: 8192, length: 4096 }] }), mappedBytes: 8 + 16 + 16 }, { generatedBy: 'short user buffer' }));
  for (const [width, tphReqType] of [[8, 1], [16, 3]] as const) {
    for (const tag of [0xff, 0x100, 0xffff]) {
      out.push({
        name: `steering tag 0x${tag.toString(16)} into a ${width}-bit importer`,
        purpose: `tag ${tag > (width === 8 ? 0xff : 0xffff) ? 'wider than' : 'within'} the importer's ${width}-bit width`,
        userspace: 'after',
        importer: { tphReqType, stMode: 'direct' },
        steps: [
          { op: 'dma-buf-feature', request: request({ flags: 1, entries: [RANGE, { tph: { steering_tag: tag, ph: 0 } }] }) },
          { op: 'register-mr', length: 4096 },
        ],
        generatedBy: 'steering-tag widths',
      });
    }
  }
  return out;
}

/** One scenario per allocation a base scenario made (on either image), that allocation failing. */
export function generateAllocationFailures(base: Scenario, allocationKeys: string[]): Scenario[] {
  return allocationKeys.map((key) => ({
    ...base,
    name: `${base.name} / allocation fails: ${key}`,
    purpose: `${base.purpose}, with the allocation ${key} failing`,
    failAllocation: key,
    generatedBy: 'every allocation failing in turn',
  }));
}

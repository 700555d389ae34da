/**
 * Test inputs for the delivery sinks: the real example series (the bundled
 * mbox, read by the acquisition stage) and a realistic hand-built Report of
 * the kind the pipeline produces for it.
 */
import { acquireSeries } from '../../../src/patchwork/acquire.ts';
import type { Series } from '../../../src/patchwork/series.ts';
import type { Finding, Report } from '../../../src/report/report.ts';
import type { RecordLayout } from '../../../src/abi/layout-types.ts';
import { ABI_NAMES } from '../../../src/abi/layout-types.ts';

export const EXAMPLE_MBOX = new URL('../../../fixtures/mail/series-tph-v1.mbox', import.meta.url);

/**
 * The example series as the acquisition stage reads it offline from the
 * bundled mbox, with the ids the recorded Patchwork 3.1.3 server
 * (fixtures/patchwork/local-3.1.3) gave these mails: series 1, patches 1 and
 * 2, cover 1, project linux-pci.
 */
export async function loadExampleSeries(): Promise<Series> {
  const s = await acquireSeries(undefined, { offline: true });
  return {
    ...s,
    id: s.id ?? 1,
    project: s.project ?? 'linux-pci',
    cover: s.cover && { ...s.cover, id: s.cover.id ?? 1 },
    patches: s.patches.map((p) => ({ ...p, id: p.id ?? p.index })),
  };
}

const I386_LIKE = new Set(['i386', 'm68k']);

function dmaRange(abi: string, after: boolean): RecordLayout {
  const align = I386_LIKE.has(abi) ? (abi === 'm68k' ? 2 : 4) : 8;
  if (!after) {
    return {
      kind: 'struct', name: 'vfio_region_dma_range', size: 16, align,
      members: [
        { name: 'offset', offset: 0, size: 8, type: '__u64' },
        { name: 'length', offset: 8, size: 8, type: '__u64' },
      ],
    };
  }
  return {
    kind: 'struct', name: 'vfio_region_dma_range', size: 16, align,
    members: [
      { name: '(anon)', offset: 0, size: 8, kind: 'union', members: [
        { name: 'offset', offset: 0, size: 8, type: '__u64' },
        { name: 'tph', offset: 0, size: 8, type: 'struct vfio_region_dma_tph' },
      ] },
      { name: '(anon)', offset: 8, size: 8, kind: 'union', members: [
        { name: 'length', offset: 0, size: 8, type: '__u64' },
        { name: 'reserved', offset: 0, size: 8, type: '__u64' },
      ] },
    ],
  };
}

function featureDmaBuf(abi: string, after: boolean): RecordLayout {
  const align = I386_LIKE.has(abi) ? (abi === 'm68k' ? 2 : 4) : 8;
  return {
    kind: 'struct', name: 'vfio_device_feature_dma_buf', size: 16, align,
    members: [
      { name: 'region_index', offset: 0, size: 4, type: '__u32' },
      { name: 'open_flags', offset: 4, size: 4, type: '__u32' },
      { name: 'flags', offset: 8, size: 4, type: '__u32' },
      { name: 'nr_ranges', offset: 12, size: 4, type: '__u32' },
      { name: after ? 'entries' : 'dma_ranges', offset: 16, size: 0, type: 'struct vfio_region_dma_range[]' },
    ],
  };
}

function layoutsFor(build: (abi: string, after: boolean) => RecordLayout) {
  return Object.fromEntries(ABI_NAMES.map((abi) => [abi, { before: build(abi, false), after: build(abi, true) }]));
}

export function exampleFindings(): Finding[] {
  return [
    {
      rule: 'uapi.member-renamed', level: 'error', kind: 'source', patch: 1,
      file: 'include/uapi/linux/vfio.h', line: 1530,
      symbol: 'struct vfio_device_feature_dma_buf.dma_ranges', abis: [...ABI_NAMES],
      message: 'Member dma_ranges of struct vfio_device_feature_dma_buf was renamed to entries at the same offset; userspace that fills arg->dma_ranges[] no longer compiles against the new header.',
      before: 'dma_ranges', after: 'entries',
      suggestion: 'Keep dma_ranges as the name, or add entries as an alias in an anonymous union with it.',
    },
    {
      rule: 'uapi.counted-by-dropped', level: 'warning', kind: 'source', patch: 1,
      file: 'include/uapi/linux/vfio.h', line: 1530,
      symbol: 'struct vfio_device_feature_dma_buf.entries', abis: [...ABI_NAMES],
      message: 'The flexible array lost __counted_by(nr_ranges); with VFIO_DMABUF_FLAG_TPH the array holds nr_ranges + 1 entries, which no annotation describes.',
      before: '__counted_by(nr_ranges)', after: null,
    },
    {
      rule: 'kabi.ops-changed', level: 'note', kind: 'kabi', patch: 1,
      file: 'include/linux/dma-buf.h', line: 130,
      symbol: 'struct dma_buf_ops.get_tph', abis: [],
      message: 'struct dma_buf_ops gained the optional callback get_tph.',
    },
    {
      rule: 'behaviour.new-accepted', level: 'note', kind: 'semantic', patch: 1,
      file: 'drivers/vfio/pci/vfio_pci_dmabuf.c', line: 256,
      symbol: 'vfio_pci_core_feature_dma_buf', abis: ['x86_64'],
      message: 'VFIO_DEVICE_FEATURE_DMA_BUF with flags = VFIO_DMABUF_FLAG_TPH returned -EINVAL before and is accepted now.',
    },
  ];
}

export function exampleReport(findings: Finding[] = exampleFindings()): Report {
  const count = (l: string) => findings.filter((f) => f.level === l).length;
  const errors = count('error');
  return {
    schema: 'abi-check/report@1',
    tool: { name: 'abi-check', version: '0.1.0' },
    input: {
      kind: 'mbox',
      target: 'fixtures/mail/series-tph-v1.mbox',
      server: null,
      series: {
        id: 1, name: 'Retrieve TPH from dma-buf for PCIe P2P memory access', version: 1, url: null,
        receivedAll: true, total: 2,
        cover: { msgid: '20260420183920.3626389-1-zhipingz@meta.com', subject: '[PATCH v1 0/2] Retrieve TPH from dma-buf for PCIe P2P memory access' },
      },
    },
    base: { source: 'diff-context', files: [{ path: 'include/uapi/linux/vfio.h', blob: 'bb7b89330d35', exact: false }] },
    patches: [
      {
        index: 1, id: 1, msgid: '20260420183920.3626389-2-zhipingz@meta.com',
        subject: '[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf',
        author: 'Zhiping Zhang <zhipingz@meta.com>', date: '2026-04-20T18:39:15.000Z',
        applied: [{ path: 'include/uapi/linux/vfio.h', hunks: [{ status: 'exact', offset: 0, fuzz: 0 }, { status: 'exact', offset: 0, fuzz: 0 }] }],
      },
      {
        index: 2, id: 2, msgid: '20260420183920.3626389-3-zhipingz@meta.com',
        subject: '[PATCH v1 2/2] RDMA/mlx5: get tph for p2p access when registering dma-buf mr',
        author: 'Zhiping Zhang <zhipingz@meta.com>', date: '2026-04-20T18:39:16.000Z',
        applied: [],
      },
    ],
    findings,
    layouts: {
      vfio_device_feature_dma_buf: layoutsFor(featureDmaBuf),
      vfio_region_dma_range: layoutsFor(dmaRange),
    },
    behaviour: { scenarios: [] },
    notes: ['base files reconstructed from diff context'],
    summary: {
      errors, warnings: count('warning'), notes: count('note'),
      verdict: errors > 0 ? 'breaking' : findings.length > 0 ? 'additive' : 'compatible',
    },
  };
}

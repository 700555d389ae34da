/**
 * A realistic analysed series for TUI tests: the real patch texts from the
 * bundled mbox (split here with a minimal reader so these tests do not depend
 * on the acquisition stage) and a hand-made report over them.
 */
import { readFileSync } from 'node:fs';
import type { Report } from '../../src/report/report.ts';
import type { Series, Patch } from '../../src/patchwork/series.ts';
import type { RecordLayout } from '../../src/abi/layout-types.ts';

function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function samplePatches(): Patch[] {
  const mbox = readFileSync(new URL('../../fixtures/mail/series-tph-v1.mbox', import.meta.url), 'utf8');
  const mails = mbox.split(/^From MAILER-DAEMON .*$/m).filter((m) => m.trim());
  return mails.slice(1).map((m, i) => {
    const [head, ...rest] = m.split(/\n\n/);
    const body = decodeQuotedPrintable(rest.join('\n\n'));
    const subject = /^Subject: (.*)$/m.exec(head)?.[1] ?? '';
    const msgid = /^Message-ID: <(.*)>$/m.exec(head)?.[1] ?? '';
    const d = body.indexOf('diff --git');
    return {
      index: i + 1, id: i + 1, webUrl: null, msgid, subject,
      author: { name: 'Zhiping Zhang', email: 'zhipingz@meta.com' }, date: '2026-04-20T18:39:15Z',
      inReplyTo: null, references: [], to: [], cc: [],
      commitMessage: body.slice(0, body.indexOf('\n---\n')), diff: body.slice(d), baseCommit: null,
    };
  });
}

export function sampleSeries(): Series {
  return {
    input: { kind: 'example', target: '(bundled example)', server: null, apiVersion: null },
    id: null, name: 'Retrieve TPH from dma-buf for PCIe P2P memory access', version: 1, webUrl: null, project: null,
    receivedAll: true, total: 2, cover: null, patches: samplePatches(), baseCommit: null, notes: [],
  };
}

const BEFORE: RecordLayout = {
  kind: 'struct', name: 'vfio_device_feature_dma_buf', size: 16, align: 4,
  members: [
    { name: 'region_index', offset: 0, size: 4 }, { name: 'open_flags', offset: 4, size: 4 },
    { name: 'flags', offset: 8, size: 4 }, { name: 'nr_ranges', offset: 12, size: 4 },
    { name: 'dma_ranges', offset: 16, size: 0 },
  ],
};
const AFTER: RecordLayout = { ...BEFORE, members: [...BEFORE.members.slice(0, 4), { name: 'entries', offset: 16, size: 0 }] };

export function sampleReport(): Report {
  const series = sampleSeries();
  return {
    schema: 'abi-check/report@1',
    tool: { name: 'abi-check', version: '0.1.0' },
    input: { kind: 'example', series: { id: null, name: series.name, version: 1, url: null, receivedAll: true, total: 2, cover: null } },
    base: { source: 'diff-context', files: [] },
    patches: series.patches.map((p) => ({ index: p.index, id: p.id, msgid: p.msgid, subject: p.subject, author: 'Zhiping Zhang <zhipingz@meta.com>', date: p.date, applied: [] })),
    findings: [
      { rule: 'uapi.member-renamed', level: 'error', kind: 'source', patch: 1, file: 'include/uapi/linux/vfio.h', line: 1530,
        symbol: 'struct vfio_device_feature_dma_buf.dma_ranges', abis: ['x86_64', 'i386'],
        message: 'member dma_ranges renamed to entries: userspace naming it stops compiling' },
      { rule: 'uapi.counted-by-dropped', level: 'warning', kind: 'design', patch: 1, file: 'include/uapi/linux/vfio.h', line: 1530,
        symbol: 'struct vfio_device_feature_dma_buf.entries', abis: ['x86_64'], message: '__counted_by(nr_ranges) dropped' },
      { rule: 'kabi.ops-changed', level: 'note', kind: 'kabi', patch: 1, file: 'include/linux/dma-buf.h', line: 130,
        symbol: 'struct dma_buf_ops.get_tph', abis: ['x86_64'], message: 'get_tph inserted before map_dma_buf' },
      { rule: 'behaviour.new-accepted', level: 'note', kind: 'semantic', patch: 2, file: 'drivers/infiniband/hw/mlx5/mr.c', line: 1627,
        symbol: 'get_tph_mr_dmabuf', abis: ['x86_64'], message: 'importer reads the steering tag \u001b[31mfrom\u001b[0m the exporter' },
    ],
    layouts: { 'struct vfio_device_feature_dma_buf': { x86_64: { before: BEFORE, after: AFTER }, i386: { before: BEFORE, after: AFTER } } },
    behaviour: { scenarios: [
      { name: 'legacy flags=0', input: {}, before: { result: 'fd' }, after: { result: 'fd' }, verdict: 'unchanged' },
      { name: 'tph flag set', input: {}, before: { result: '-EINVAL' }, after: { result: 'fd' }, verdict: 'new-accepted' },
    ] },
    notes: [],
    summary: { errors: 1, warnings: 1, notes: 2, verdict: 'breaking' },
  };
}

/**
 * Analysis results for the watch tests' injected `analyse`: a Series with
 * Patchwork patch ids and a Report whose findings (and summary, computed by
 * the real summarise) have the asked-for levels.
 */
import type { PipelineResult } from '../../../src/pipeline/run-pipeline.ts';
import type { Finding, Report } from '../../../src/report/report.ts';
import type { Patch, Series } from '../../../src/patchwork/series.ts';
import { summarise } from '../../../src/report/summary.ts';

export interface FakeOutcome {
  errors?: number;
  warnings?: number;
  notes?: number;
  /** Patchwork ids of the series' patches; default [seriesId * 10 + 1]. */
  patchIds?: number[];
  failedHunk?: boolean;
}

function finding(level: Finding['level'], n: number): Finding {
  const rule = level === 'error' ? 'uapi.member-renamed' : level === 'warning' ? 'uapi.implicit-padding' : 'uapi.member-added';
  return { rule, level, kind: 'source', patch: 1, file: 'include/uapi/linux/vfio.h', line: 10 + n, symbol: `struct s.m${n}`, abis: ['x86_64'], message: `${level} ${n}` };
}

export function fakeResult(seriesId: number, o: FakeOutcome = {}): PipelineResult {
  const ids = o.patchIds ?? [seriesId * 10 + 1];
  const patches: Patch[] = ids.map((id, i) => ({
    index: i + 1, id, webUrl: null, msgid: `p${id}@example.org`, subject: `[PATCH ${i + 1}/${ids.length}] change ${id}`,
    author: { name: 'A Developer', email: 'dev@example.org' }, date: '2026-11-25T10:00:00.000Z',
    inReplyTo: null, references: [], to: [], cc: [], commitMessage: 'change', diff: '', baseCommit: null,
  }));
  const series: Series = {
    input: { kind: 'patchwork-series', target: String(seriesId), server: null, apiVersion: '1.3' },
    id: seriesId, name: `analysed series ${seriesId}`, version: 1, webUrl: null, project: 'linux-pci',
    receivedAll: true, total: ids.length, cover: null, patches, baseCommit: null, notes: [],
  };
  const findings = [
    ...Array.from({ length: o.errors ?? 0 }, (_, i) => finding('error', i)),
    ...Array.from({ length: o.warnings ?? 0 }, (_, i) => finding('warning', i)),
    ...Array.from({ length: o.notes ?? 0 }, (_, i) => finding('note', i)),
  ];
  const report: Report = {
    schema: 'abi-check/report@1',
    tool: { name: 'abi-check', version: '0.0.0-test' },
    input: { kind: 'patchwork-series', series: { id: seriesId, name: series.name, version: 1, url: null, receivedAll: true, total: ids.length, cover: null } },
    base: { source: 'diff-context', files: [] },
    patches: patches.map((p) => ({
      index: p.index, id: p.id, msgid: p.msgid, subject: p.subject, author: 'A Developer <dev@example.org>', date: p.date,
      applied: [{ path: 'include/uapi/linux/vfio.h', hunks: [{ status: o.failedHunk ? 'failed' : 'exact', offset: 0, fuzz: 0 }] }],
    })),
    findings,
    layouts: {},
    behaviour: { scenarios: [] },
    notes: [],
    summary: summarise(findings),
  };
  return { report, series, images: { source: 'diff-context', base: [], files: {}, applied: [], notes: [] } };
}

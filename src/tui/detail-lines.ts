/**
 * Everything the detail pane shows for one finding, as plain lines: the
 * message, the diff hunk with changed lines marked, the before/after layout
 * table on the chosen ABI, and the behaviour table. Pure, so it is tested
 * without a terminal.
 */
import type { Finding, Report } from '../report/report.ts';
import type { Series } from '../patchwork/series.ts';
import { layoutKeyFor } from '../report/layout-key.ts';
import { hunkForLine } from './hunk-for-line.ts';
import { layoutRows } from './layout-table.ts';
import { sanitize } from './sanitize.ts';
import { wrap } from './wrap.ts';

export type LineTone = 'plain' | 'title' | 'added' | 'removed' | 'changed' | 'dim' | 'error' | 'warning' | 'note';

export interface DetailLine {
  text: string;
  tone: LineTone;
}

export function abisWithLayout(report: Report, key: string | null): string[] {
  return key ? Object.keys(report.layouts[key] ?? {}) : [];
}

function pad(s: string, n: number): string {
  return s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length);
}

export function detailLines(
  report: Report,
  series: Series,
  finding: Finding | null,
  abi: string,
  width: number,
): DetailLine[] {
  const out: DetailLine[] = [];
  const push = (text: string, tone: LineTone = 'plain') => out.push({ text: sanitize(text), tone });
  if (finding) {
    push(`[${finding.level}] ${finding.rule}  ${finding.symbol}`, finding.level);
    push(`${finding.file}${finding.line ? `:${finding.line}` : ''}  patch ${finding.patch || 'series'}  ABIs: ${finding.abis.length === 14 ? 'all 14' : finding.abis.join(', ') || '—'}`, 'dim');
    for (const l of wrap(sanitize(finding.message), width)) push(l);
    if (finding.suggestion) for (const l of wrap(`Suggestion: ${sanitize(finding.suggestion)}`, width)) push(l, 'dim');

    const patch = series.patches.find((p) => p.index === finding.patch);
    const hunk = patch ? hunkForLine(patch.diff, finding.file, finding.line) : null;
    push('');
    if (hunk) {
      push(`Diff: ${hunk.header}`, 'title');
      for (const l of hunk.lines) {
        const mark = finding.line !== null && l.newLine === finding.line ? '▶' : ' ';
        push(`${mark}${l.kind}${l.text}`, l.kind === '+' ? 'added' : l.kind === '-' ? 'removed' : 'plain');
      }
    } else {
      push('Diff: (no hunk of this file in the patch)', 'dim');
    }

    const key = layoutKeyFor(report, finding.symbol);
    push('');
    if (key && report.layouts[key]?.[abi]) {
      const { before, after } = report.layouts[key][abi];
      push(`Layout of ${key} on ${abi}  (a: next ABI)`, 'title');
      const w1 = Math.max(12, Math.min(32, width - 36));
      push(`${pad('member', w1)} ${pad('before off:size', 17)} after off:size`, 'dim');
      for (const r of layoutRows(before, after)) {
        push(`${pad(r.member, w1)} ${pad(r.before, 17)} ${r.after}`, r.changed ? 'changed' : 'plain');
      }
      const partial = after?.partial ?? before?.partial;
      if (partial) for (const l of wrap(`Partial: ${partial.reason} (?+N: offset N after lines the diff does not show; ≥: lower bound)`, width)) push(l, 'dim');
    } else {
      push('Layout: none recorded for this finding', 'dim');
    }
  } else {
    push('No finding selected.', 'dim');
  }

  push('');
  const scenarios = report.behaviour.scenarios;
  push(`Behaviour (${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}): scenario | before | after | verdict`, 'title');
  for (const s of scenarios) {
    const cell = (r: Record<string, unknown>) =>
      r.ran === false ? 'not run' : String(r.result ?? JSON.stringify(r)).slice(0, 14);
    const tone: LineTone = s.verdict === 'unchanged' ? 'plain' : s.verdict === 'error' ? 'warning' : 'changed';
    push(`${pad(s.name, Math.max(16, width - 46))} ${pad(cell(s.before), 14)} ${pad(cell(s.after), 14)} ${s.verdict}`, tone);
  }
  const reasons = new Set(scenarios.flatMap((sc) => [sc.before, sc.after]).filter((r) => r.ran === false).map((r) => String(r.reason ?? '')));
  for (const r of reasons) for (const l of wrap(`not run: ${r}`, width)) push(l, 'dim');
  for (const n of report.behaviour.notes ?? []) for (const l of wrap(n, width)) push(l, 'dim');
  return out;
}

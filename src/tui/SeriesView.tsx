/**
 * One analysed series: patches with per-patch verdicts, findings grouped by
 * level, and the detail pane (message, hunk, layout table, behaviour table).
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { Report } from '../report/report.ts';
import type { Series } from '../patchwork/series.ts';
import { clip, sanitize } from './sanitize.ts';
import type { Theme } from './theme.ts';
import { visibleWindow } from './window.ts';
import { groupedRows, patchVerdict, visibleFindings } from './findings-list.ts';
import { detailLines, type LineTone } from './detail-lines.ts';

export type Pane = 'patches' | 'findings' | 'detail';

export interface SeriesViewProps {
  report: Report;
  series: Series;
  pane: Pane;
  patchSel: number;
  findingSel: number;
  detailScroll: number;
  abi: string;
  search: string;
  width: number;
  height: number;
  theme: Theme;
}

function toneColour(theme: Theme, tone: LineTone): string | undefined {
  switch (tone) {
    case 'added': return theme.color('added');
    case 'removed': return theme.color('removed');
    case 'changed': return theme.color('warning');
    case 'dim': return theme.color('dim');
    case 'error': return theme.color('error');
    case 'warning': return theme.color('warning');
    case 'note': return theme.color('note');
    case 'title': return theme.color('accent');
    default: return undefined;
  }
}

/** Rows of each pane, titles included; together they fill `height`. */
export function paneHeights(height: number, patches: number): { patches: number; findings: number; detail: number } {
  const body = Math.max(9, height);
  const p = Math.min(patches + 2, Math.max(4, Math.floor(body / 6)));
  const f = Math.max(3, Math.floor((body - p) * 0.4));
  return { patches: p, findings: f, detail: Math.max(2, body - p - f) };
}

export function SeriesView(p: SeriesViewProps): React.ReactElement {
  const { report, series, theme, width } = p;
  const h = paneHeights(p.height, series.patches.length);
  const title = (pane: Pane, label: string) => (
    <Text bold inverse={p.pane === pane} color={p.pane === pane ? undefined : theme.color('dim')}>
      {clip(label, width)}
    </Text>
  );

  const patchItems = [{ label: `all patches — verdict ${report.summary.verdict}`, index: 0 },
    ...series.patches.map((pt) => ({ label: `${pt.index}/${series.patches.length} [${patchVerdict(report, pt.index)}] ${sanitize(pt.subject)}`, index: pt.index }))];
  const patchWin = visibleWindow(patchItems, p.patchSel, h.patches - 1);

  const findings = visibleFindings(report, p.patchSel, p.search);
  const rows = groupedRows(findings);
  const selRow = rows.findIndex((r) => r.kind === 'finding' && r.index === p.findingSel);
  const findWin = visibleWindow(rows, Math.max(0, selRow), h.findings - 1 - (rows.length === 0 ? 1 : 0));
  const s = report.summary;

  const detail = detailLines(report, series, findings[p.findingSel] ?? null, p.abi, width - 1);
  const detailWin = detail.slice(p.detailScroll, p.detailScroll + h.detail - 1);

  return (
    <Box flexDirection="column">
      {title('patches', `Patches — ${sanitize(series.name ?? 'series')}`)}
      {patchWin.items.map((it, i) => (
        <Text key={`p${it.index}`} inverse={patchWin.start + i === p.patchSel && p.pane === 'patches'}
          color={it.index && patchVerdict(report, it.index) === 'fail' ? theme.color('error') : undefined}>
          {clip(`${patchWin.start + i === p.patchSel ? '>' : ' '} ${it.label}`, width)}
        </Text>
      ))}
      {title('findings', `Findings — ${s.errors} errors, ${s.warnings} warnings, ${s.notes} notes${p.search ? ` — search: ${sanitize(p.search)}` : ''}`)}
      {rows.length === 0 && <Text color={theme.color('dim')}>  no findings</Text>}
      {findWin.items.map((r, i) =>
        r.kind === 'header' ? (
          <Text key={`h${r.level}`} bold color={theme.color(r.level)}>{`  ${r.level}s (${r.count})`}</Text>
        ) : (
          <Text key={`f${findWin.start + i}`} inverse={r.index === p.findingSel && p.pane === 'findings'}>
            {clip(`${r.index === p.findingSel ? '>' : ' '}   ${r.finding.rule}  ${sanitize(r.finding.symbol)}  [${r.finding.patch || 'series'}]`, width)}
          </Text>
        ),
      )}
      {title('detail', `Detail — ABI ${p.abi}${detail.length > h.detail - 1 ? `  (${p.detailScroll + 1}–${Math.min(detail.length, p.detailScroll + h.detail - 1)} of ${detail.length})` : ''}`)}
      {detailWin.map((l, i) => (
        <Text key={`d${p.detailScroll + i}`} color={toneColour(theme, l.tone)}>{clip(l.text || ' ', width)}</Text>
      ))}
    </Box>
  );
}

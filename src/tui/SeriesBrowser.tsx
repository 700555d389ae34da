/**
 * The project's recent series: name, version, submitter, date, patches
 * received/total and a verdict badge once analysed. Text filter and paging.
 */
import React from 'react';
import { Box, Text } from 'ink';
import type { SeriesSummary } from './series-summary.ts';
import { clip, sanitize } from './sanitize.ts';
import type { Theme } from './theme.ts';
import { visibleWindow } from './window.ts';

export interface SeriesBrowserProps {
  project: string;
  page: number;
  rows: SeriesSummary[];
  selected: number;
  filter: string;
  loading: boolean;
  error: string | null;
  width: number;
  height: number;
  theme: Theme;
}

function badge(s: SeriesSummary): string {
  if (!s.verdict) return '    ';
  return { compatible: ' ok ', additive: ' add', breaking: 'BRK!' }[s.verdict];
}

export function SeriesBrowser(p: SeriesBrowserProps): React.ReactElement {
  const list = visibleWindow(p.rows, p.selected, p.height - 2);
  const nameWidth = Math.max(10, p.width - 52);
  return (
    <Box flexDirection="column">
      <Text bold>
        {clip(`Series of ${sanitize(p.project)} — page ${p.page}${p.filter ? ` — filter: ${sanitize(p.filter)}` : ''}`, p.width)}
      </Text>
      <Text color={p.theme.color('dim')}>{clip(`${'  id'.padEnd(8)}${'name'.padEnd(nameWidth)} ver submitter    date        recv  ABI`, p.width)}</Text>
      {p.loading && <Text>Loading series…</Text>}
      {p.error && <Text color={p.theme.color('error')}>{clip(sanitize(p.error), p.width)}</Text>}
      {!p.loading && !p.error && p.rows.length === 0 && <Text>No series match.</Text>}
      {list.items.map((s, i) => {
        const index = list.start + i;
        const mark = index === p.selected ? '>' : ' ';
        const line =
          `${mark} ${String(s.id).padEnd(6)}${clip(sanitize(s.name), nameWidth - 1).padEnd(nameWidth)}` +
          ` v${String(s.version).padEnd(2)} ${clip(sanitize(s.submitter), 12).padEnd(12)} ${s.date.slice(0, 10).padEnd(10)}` +
          ` ${`${s.received}/${s.total}`.padEnd(5)} ${badge(s)}`;
        const colour = s.verdict === 'breaking' ? p.theme.color('error') : undefined;
        return (
          <Text key={s.id} inverse={index === p.selected} color={colour}>
            {clip(line, p.width)}
          </Text>
        );
      })}
    </Box>
  );
}

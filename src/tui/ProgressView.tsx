/** Analysis progress, one line per pipeline stage, with the latest message. */
import React from 'react';
import { Box, Text } from 'ink';
import type { StageName } from '../pipeline/options.ts';
import { clip, sanitize } from './sanitize.ts';
import type { Theme } from './theme.ts';

export const STAGES: { name: StageName; label: string }[] = [
  { name: 'fetch', label: 'fetch series' },
  { name: 'apply', label: 'apply patches' },
  { name: 'layouts', label: 'parse + layouts (all ABIs)' },
  { name: 'emulator', label: 'emulator scenarios' },
  { name: 'report', label: 'report' },
];

export type StageState = { status: 'pending' | 'running' | 'done'; ms?: number };

const SPIN = ['|', '/', '-', '\\'];

export function ProgressView(p: {
  title: string;
  stages: Record<string, StageState>;
  message: string;
  tick: number;
  error: string | null;
  width: number;
  theme: Theme;
}): React.ReactElement {
  return (
    <Box flexDirection="column">
      <Text bold>{clip(`Analysing ${sanitize(p.title)}`, p.width)}</Text>
      <Text> </Text>
      {STAGES.map((s) => {
        const st = p.stages[s.name] ?? { status: 'pending' };
        const icon = st.status === 'done' ? '✓' : st.status === 'running' ? SPIN[p.tick % SPIN.length] : '·';
        const tail = st.status === 'done' && st.ms !== undefined ? `  ${st.ms} ms` : '';
        return (
          <Text key={s.name} color={st.status === 'done' ? p.theme.color('added') : undefined}>
            {`  ${icon} ${s.label}${tail}`}
          </Text>
        );
      })}
      <Text> </Text>
      {p.message && <Text color={p.theme.color('dim')}>{clip(sanitize(p.message), p.width)}</Text>}
      {p.error && <Text color={p.theme.color('error')}>{clip(`failed: ${sanitize(p.error)}`, p.width)}</Text>}
      {p.error && <Text>esc: back</Text>}
    </Box>
  );
}

/** Key reference. */
import React from 'react';
import { Box, Text } from 'ink';

export const HELP_LINES = [
  'abi-check TUI — keys',
  '',
  '  ↑/↓  j/k      move',
  '  enter         open series / show finding detail',
  '  tab           next pane (patches → findings → detail)',
  '  /             search (series names, or findings)',
  '  n / p         next / previous page of series',
  '  a             next ABI in the layout table',
  '  m             write the reply mail to an mbox file',
  '  s             send the reply mail (SMTP)',
  '  c             post Patchwork checks',
  '  w             write the JSON report to a file',
  '  ?             this help',
  '  esc / q       back; q on the first screen quits',
];

export function HelpScreen(): React.ReactElement {
  return (
    <Box flexDirection="column">
      {HELP_LINES.map((l, i) => (
        <Text key={i} bold={i === 0}>{l || ' '}</Text>
      ))}
      <Text> </Text>
      <Text>press any key to go back</Text>
    </Box>
  );
}

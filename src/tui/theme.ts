/** Colours, switched off entirely under NO_COLOR (https://no-color.org). */

export interface Theme {
  color: (name: 'error' | 'warning' | 'note' | 'added' | 'removed' | 'accent' | 'dim') => string | undefined;
  noColor: boolean;
}

const PALETTE = {
  error: 'red',
  warning: 'yellow',
  note: 'cyan',
  added: 'green',
  removed: 'red',
  accent: 'blue',
  dim: 'gray',
} as const;

export function makeTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { noColor, color: (name) => (noColor ? undefined : PALETTE[name]) };
}

/**
 * What the TUI can do with an analysed series. Each action returns one line
 * to show in the status bar; the App asks for confirmation before any runs.
 */
import type { Report } from '../report/report.ts';
import type { Series } from '../patchwork/series.ts';

export interface Analysed {
  report: Report;
  series: Series;
}

export interface TuiActions {
  writeMail(a: Analysed): Promise<string>;
  sendMail(a: Analysed): Promise<string>;
  postCheck(a: Analysed): Promise<string>;
  writeJson(a: Analysed): Promise<string>;
}

export type ActionName = keyof TuiActions;

export const ACTION_KEYS: Record<string, { action: ActionName; question: string }> = {
  m: { action: 'writeMail', question: 'Write the reply mail to an mbox file?' },
  s: { action: 'sendMail', question: 'SEND the reply mail to the list now?' },
  c: { action: 'postCheck', question: 'Post a check for each patch to Patchwork?' },
  w: { action: 'writeJson', question: 'Write the JSON report to a file?' },
};

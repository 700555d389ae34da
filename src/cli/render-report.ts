/**
 * Chooses the renderer for --format. Renderers are pure functions of the
 * report (and, for mail, of the series it answers).
 */
import type { PipelineResult } from '../pipeline/run-pipeline.ts';
import { renderText } from '../report/render-text.ts';
import { renderJson } from '../report/render-json.ts';
import { renderSarif } from '../report/sarif/render-sarif.ts';
import { composeReplyMail } from '../report/email/compose-reply.ts';
import { defaultFromAddress } from './git-identity.ts';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'email';

export function reproduceCommand(argv: string[]): string {
  const quoted = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return ['abi-check', ...quoted].join(' ');
}

export function renderReport(
  format: OutputFormat,
  result: PipelineResult,
  opts: { from?: string; attachJson: boolean; argv: string[] },
): string {
  switch (format) {
    case 'text':
      return renderText(result.report);
    case 'json':
      return renderJson(result.report);
    case 'sarif':
      return `${JSON.stringify(renderSarif(result.report), null, 2)}\n`;
    case 'email':
      return composeReplyMail(result.report, result.series, {
        from: opts.from ?? defaultFromAddress(),
        attachJson: opts.attachJson,
        command: reproduceCommand(opts.argv),
      }).raw;
  }
}

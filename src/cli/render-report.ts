/**
 * Chooses the renderer for --format. Renderers are pure functions of the
 * report (and, for mail, of the series it answers); each is loaded only when
 * its format is asked for.
 */
import type { PipelineResult } from '../pipeline/run-pipeline.ts';
import { defaultFromAddress } from './git-identity.ts';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'email';

export function reproduceCommand(argv: string[]): string {
  const quoted = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  return ['abi-check', ...quoted].join(' ');
}

export async function renderReport(
  format: OutputFormat,
  result: PipelineResult,
  opts: { from?: string; attachJson: boolean; argv: string[] },
): Promise<string> {
  switch (format) {
    case 'text': {
      const { renderText } = await import('../report/render-text.ts');
      return renderText(result.report);
    }
    case 'json': {
      const { renderJson } = await import('../report/render-json.ts');
      return renderJson(result.report);
    }
    case 'sarif': {
      const { renderSarif } = await import('../report/sarif/render-sarif.ts');
      return `${JSON.stringify(renderSarif(result.report), null, 2)}\n`;
    }
    case 'email': {
      const { composeReplyMail } = await import('../report/email/compose-reply.ts');
      const mail = await composeReplyMail(result.report, result.series, {
        from: opts.from ?? defaultFromAddress(),
        attachJson: opts.attachJson,
        command: reproduceCommand(opts.argv),
      });
      return mail.raw;
    }
  }
}

/**
 * Sends the finished report where the flags ask: reply mail (SMTP or mbox),
 * Patchwork checks, GitHub check run. Each sink says what it did on stderr.
 */
import type { PipelineResult } from '../pipeline/run-pipeline.ts';
import { UsageError } from '../errors.ts';
import type { AnalyseFlags } from './analyse-command.ts';
import { composeReplyMail } from '../report/email/compose-reply.ts';
import { writeMbox } from '../report/sinks/mbox-write.ts';
import { deliverReply, resolveSmtpConfig } from '../report/sinks/smtp-send.ts';
import { postPatchworkChecks } from '../report/sinks/patchwork-checks.ts';
import { createGithubCheckRun } from '../report/sinks/github-check-run.ts';
import { defaultFromAddress } from './git-identity.ts';
import { reproduceCommand } from './render-report.ts';

function say(msg: string): void {
  process.stderr.write(`abi-check: ${msg}\n`);
}

export async function deliver(
  result: PipelineResult,
  flags: AnalyseFlags,
  pw: { server: string; apiVersion: string; token: string | null },
): Promise<void> {
  if (flags.reply || flags.mbox) {
    const mail = await composeReplyMail(result.report, result.series, {
      from: flags.from ?? defaultFromAddress(),
      attachJson: flags.attachJson,
      command: reproduceCommand(process.argv.slice(2)),
    });
    if (flags.mbox) {
      await writeMbox(flags.mbox, mail.raw);
      say(`reply mail written to ${flags.mbox}`);
    }
    if (flags.reply) {
      const smtp = resolveSmtpConfig({ smtpUrl: flags.smtp });
      const outcome = await deliverReply(mail, smtp, { reply: true, yes: !!flags.yes, ci: !!process.env.CI });
      say(outcome.message);
    }
  }
  if (flags.postCheck) {
    if (result.series.id === null && result.series.patches.every((p) => p.id === null)) {
      throw new UsageError('--post-check needs a series fetched from Patchwork (patch ids unknown for this input)');
    }
    const posted = await postPatchworkChecks(result.report, result.series, {
      server: pw.server,
      apiVersion: pw.apiVersion,
      token: pw.token ?? undefined,
      context: flags.checkContext,
      reportUrl: flags.reportUrl,
    });
    for (const p of posted) say(`patchwork check on patch ${p.patch}: ${p.state}${p.posted ? '' : ' (unchanged, not posted)'}`);
  }
  if (flags.githubCheck) {
    const { GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_API_URL } = process.env;
    if (!GITHUB_TOKEN || !GITHUB_REPOSITORY || !GITHUB_SHA) {
      throw new UsageError('--github-check needs GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_SHA (as set in GitHub Actions)');
    }
    const run = await createGithubCheckRun(result.report, {
      token: GITHUB_TOKEN,
      repository: GITHUB_REPOSITORY,
      sha: GITHUB_SHA,
      baseUrl: GITHUB_API_URL,
    });
    say(`GitHub check run ${run.id} created with ${run.annotations} annotation(s)`);
  }
}

/**
 * `abi-check tui`: wires the App to real IO — the Patchwork series list,
 * analysis in a worker thread, and the delivery sinks for actions.
 */
import React from 'react';
import { render } from 'ink';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ABI_NAMES } from '../abi/layout-types.ts';
import { UsageError } from '../errors.ts';
import { App } from './App.tsx';
import { analyseInWorker } from './analyse-in-worker.ts';
import type { Analysed, TuiActions } from './actions.ts';
import { makeTheme } from './theme.ts';
import { loadSeriesList } from './load-series-list.ts';
import { resolvePatchworkConfig } from '../cli/config.ts';
import { gitConfig, defaultFromAddress } from '../cli/git-identity.ts';
import { renderJson } from '../report/render-json.ts';
import { composeReplyMail } from '../report/email/compose-reply.ts';
import type { PipelineOptions } from '../pipeline/options.ts';
import { writeMbox } from '../report/sinks/mbox-write.ts';
import { deliverReply, resolveSmtpConfig } from '../report/sinks/smtp-send.ts';
import { postPatchworkChecks } from '../report/sinks/patchwork-checks.ts';

/** The acquisition flags the TUI shares with the pipeline, and the Patchwork project it browses. */
export type TuiFlags = Pick<PipelineOptions, 'server' | 'token' | 'apiVersion' | 'offline' | 'cacheDir' | 'tree' | 'github'> & {
  project?: string;
};

function baseName(a: Analysed): string {
  return a.series.id !== null ? `series-${a.series.id}` : a.series.patches[0]?.msgid.replace(/[^\w.-]+/g, '_') ?? 'series';
}

export async function runTuiCommand(target: string | undefined, flags: TuiFlags): Promise<number> {
  if (!process.stdin.isTTY) throw new UsageError('the TUI needs an interactive terminal (stdin is not a TTY)');
  const pw = resolvePatchworkConfig({
    flags: { server: flags.server, token: flags.token, apiVersion: flags.apiVersion ?? '1.3' },
    env: process.env,
  });
  const project = flags.project ?? gitConfig('pw.project') ?? '';
  const browse = !flags.offline && target === undefined && project !== '';
  const offlineExample = target === undefined && !browse;
  const command = ['abi-check', 'tui', ...process.argv.slice(3)].join(' ');

  const analyse = (t: string | undefined, onProgress: Parameters<typeof analyseInWorker>[1]) =>
    analyseInWorker(
      {
        target: t,
        server: pw.server,
        token: pw.token ?? undefined,
        apiVersion: pw.apiVersion,
        offline: flags.offline || (t === undefined && !flags.tree && !flags.github),
        cacheDir: flags.cacheDir,
        tree: flags.tree,
        github: flags.github ?? (flags.offline || flags.tree || t === undefined ? undefined : 'torvalds/linux'),
        githubToken: process.env.GITHUB_TOKEN,
        abis: [...ABI_NAMES],
        emulateAbi: 'x86_64',
        behaviour: true,
      },
      onProgress,
    );

  const actions: TuiActions = {
    async writeMail(a) {
      const mail = await composeReplyMail(a.report, a.series, { from: defaultFromAddress(), attachJson: true, command });
      const path = resolve(`abi-check-reply-${baseName(a)}.mbox`);
      await writeMbox(path, mail.raw);
      return `reply mail written to ${path}`;
    },
    async sendMail(a) {
      const mail = await composeReplyMail(a.report, a.series, { from: defaultFromAddress(), attachJson: true, command });
      const outcome = await deliverReply(mail, resolveSmtpConfig({}), { reply: true, yes: true, ci: false });
      return outcome.message;
    },
    async postCheck(a) {
      const res = await postPatchworkChecks(a.report, a.series, {
        server: pw.server,
        apiVersion: pw.apiVersion,
        token: pw.token ?? undefined,
        context: 'abi-check',
      });
      return res.map((r) => `patch ${r.patch}: ${r.state}${r.posted ? '' : ' (unchanged)'}`).join(', ') || 'no patches to check';
    },
    async writeJson(a) {
      const path = resolve(`abi-check-report-${baseName(a)}.json`);
      await writeFile(path, renderJson(a.report));
      return `JSON report written to ${path}`;
    },
  };

  const app = render(
    <App
      project={project || 'bundled example'}
      listSeries={browse ? (page) => loadSeriesList({ server: pw.server, apiVersion: pw.apiVersion, project, page, cacheDir: flags.cacheDir }) : null}
      analyse={analyse}
      actions={actions}
      openDirect={browse ? null : { target, title: offlineExample ? 'the bundled example series' : String(target) }}
      theme={makeTheme()}
    />,
  );
  await app.waitUntilExit();
  return 0;
}

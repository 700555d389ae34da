/**
 * `abi-check [target]`: resolve configuration, run the pipeline, render the
 * report in the chosen format, deliver it to the requested sinks, and turn the
 * verdict into an exit code.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AbiName } from '../abi/layout-types.ts';
import { UsageError } from '../errors.ts';
import type { PipelineOptions, ProgressEvent } from '../pipeline/options.ts';
import { runPipeline } from '../pipeline/run-pipeline.ts';
import { resolvePatchworkConfig } from './config.ts';
import { renderReport, type OutputFormat } from './render-report.ts';
import { exitCodeFor } from '../report/summary.ts';

export interface AnalyseFlags {
  patch?: number;
  server?: string;
  token?: string;
  apiVersion: string;
  offline?: boolean;
  cacheDir?: string;
  tree?: string;
  /** A repo spec, or false for --no-github. */
  github?: string | false;
  abi: AbiName[];
  emulateAbi: AbiName;
  behaviour: boolean;
  format: OutputFormat;
  output?: string;
  reply?: boolean;
  yes?: boolean;
  mbox?: string;
  from?: string;
  smtp?: string;
  attachJson: boolean;
  postCheck?: boolean;
  checkContext: string;
  reportUrl?: string;
  githubCheck?: boolean;
  quiet?: boolean;
}

/** The current directory is taken as the kernel tree when it looks like one. */
function currentKernelTree(): string | undefined {
  const cwd = process.cwd();
  if (!existsSync(join(cwd, 'include', 'uapi')) || !existsSync(join(cwd, 'Kbuild'))) return undefined;
  try {
    execFileSync('git', ['rev-parse', '--git-dir'], { cwd, stdio: 'ignore' });
    return cwd;
  } catch {
    return undefined;
  }
}

function progressPrinter(quiet: boolean): ((e: ProgressEvent) => void) | undefined {
  if (quiet) return undefined;
  return (e) => {
    if (e.status === 'info' && e.message) process.stderr.write(`abi-check: ${e.stage}: ${e.message}\n`);
    else if (e.status === 'done' && process.stderr.isTTY) process.stderr.write(`abi-check: ${e.stage} done (${e.ms} ms)\n`);
  };
}

export async function runAnalyseCommand(target: string | undefined, flags: AnalyseFlags): Promise<number> {
  const abis = flags.abi;
  const emulateAbi = flags.emulateAbi;
  if (target !== undefined && flags.patch !== undefined) {
    throw new UsageError('give either a target or --patch, not both');
  }
  const example = target === undefined && flags.patch === undefined;
  if (example && !flags.quiet) {
    process.stderr.write('abi-check: no target given: analysing the bundled example series (fixtures/mail/series-tph-v1.mbox)\n');
  }
  const pw = resolvePatchworkConfig({
    flags: { server: flags.server, token: flags.token, apiVersion: flags.apiVersion },
    env: process.env,
  });
  const tree = flags.tree ?? currentKernelTree();
  // The bundled example runs offline unless a base source is asked for explicitly.
  const offline = flags.offline ?? (example && !tree && !flags.github);
  const github = flags.github === false ? undefined : (flags.github ?? (tree || offline ? undefined : 'torvalds/linux'));

  const options: PipelineOptions = {
    target,
    patchId: flags.patch,
    server: pw.server,
    token: pw.token ?? undefined,
    apiVersion: pw.apiVersion,
    offline,
    cacheDir: flags.cacheDir,
    tree,
    github,
    githubToken: process.env.GITHUB_TOKEN,
    abis,
    emulateAbi,
    behaviour: flags.behaviour,
    onProgress: progressPrinter(!!flags.quiet),
  };
  const result = await runPipeline(options);
  const rendered = await renderReport(flags.format, result, { from: flags.from, attachJson: flags.attachJson, argv: process.argv.slice(2) });
  if (flags.output) await writeFile(flags.output, rendered);
  else process.stdout.write(rendered);

  if (flags.reply || flags.mbox || flags.postCheck || flags.githubCheck) {
    const { deliver } = await import('./deliver.ts');
    await deliver(result, flags, pw);
  }
  return exitCodeFor(result.report);
}

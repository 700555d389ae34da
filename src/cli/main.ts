/**
 * The `abi-check` command line: argument parsing and dispatch only. Each
 * subcommand's work lives in its own module, loaded when it runs.
 */
import { Command, CommanderError, Option } from 'commander';
import { InputError, UsageError } from '../errors.ts';
import { toolVersion } from '../pipeline/tool-version.ts';
import { ABI_NAMES } from '../abi/layout-types.ts';

const EXAMPLES = `
Examples:
  abi-check                               analyse the bundled example series (offline)
  abi-check 500663 --server https://patchwork.ozlabs.org
  abi-check https://patchwork.kernel.org/project/linux-pci/list/?series=1012345
  abi-check --patch 2225265 --server https://patchwork.ozlabs.org
  abi-check '<20260420183920.3626389-2-zhipingz@meta.com>'
  abi-check series.mbox --tree ~/src/linux --format json > report.json
  abi-check series.mbox --format email --from 'You <you@example.org>'
  abi-check 12345 --post-check --token $PW_TOKEN
  abi-check layout -I /usr/include --abi all --struct vfio_region_dma_range linux/vfio.h
  abi-check tui --offline
  abi-check watch --project linux-pci --post-check --once

Exit codes (abidiff's bitmask): 0 nothing changed; 4 ABI changed, all compatible;
12 incompatible change; 1 tool error; 3 usage error.

Configuration: --server, $ABI_CHECK_SERVER or git config pw.server (default
https://patchwork.kernel.org); --token, $ABI_CHECK_TOKEN or git config pw.token;
SMTP from --smtp or git send-email's sendemail.* settings; $GITHUB_TOKEN for GitHub.`;

function parseAbis(value: string): string[] {
  if (value === 'all') return [...ABI_NAMES];
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError('--abi needs at least one ABI');
  for (const a of list) {
    if (!(ABI_NAMES as readonly string[]).includes(a)) {
      throw new UsageError(`unknown ABI '${a}' (known: ${ABI_NAMES.join(', ')}, or 'all')`);
    }
  }
  return list;
}

function parseOneAbi(value: string): string {
  const list = parseAbis(value);
  if (list.length !== 1) throw new UsageError(`--emulate-abi takes one ABI, got '${value}'`);
  return list[0];
}

function parseIntOption(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${name} expects a number, got '${value}'`);
    return Number(value);
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Where the series and its base come from (main command, watch, tui). */
function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--server <url>', 'Patchwork server (default: $ABI_CHECK_SERVER, git config pw.server, https://patchwork.kernel.org)')
    .option('--token <token>', 'Patchwork API token (default: $ABI_CHECK_TOKEN, git config pw.token)')
    .option('--api-version <v>', 'Patchwork REST API version 1.0–1.3', '1.3')
    .option('--offline', 'use only the HTTP cache and the bundled fixtures; no network')
    .option('--cache-dir <dir>', 'HTTP and blob cache directory (default ~/.cache/abi-check)')
    .option('--tree <path>', 'kernel tree for the base: a git work tree or a plain source directory (default: the current directory when it is one)')
    .option('--github <owner/repo[@ref]>', 'fetch base files from GitHub (default torvalds/linux without --tree/--offline)')
    .option('--no-github', 'never ask GitHub for base files (use the tree, else the diff context)');
}

/** What the analysis computes (main command, watch). */
function addAnalysisOptions(cmd: Command): Command {
  return cmd
    .option('--abi <list>', `ABIs to compare: comma list or 'all' (${ABI_NAMES.join(', ')})`, parseAbis, [...ABI_NAMES])
    .option('--emulate-abi <abi>', 'ABI whose layouts the emulator uses for userspace arguments', parseOneAbi, 'x86_64')
    .option('--no-behaviour', 'skip running the changed code in the emulator');
}

/** Patchwork checks (main command, watch). */
function addCheckOptions(cmd: Command): Command {
  return cmd
    .option('--post-check', 'post a check per patch to Patchwork (needs a token with maintainer rights)')
    .option('--check-context <slug>', 'Patchwork check context', 'abi-check')
    .option('--report-url <url>', 'target_url of Patchwork checks');
}

export function buildProgram(): Command {
  const program = new Command();
  // Options belong to the command they follow: `layout --abi` and `--format`
  // are the layout command's own, not the main command's.
  program.enablePositionalOptions();
  program
    .name('abi-check')
    .description('Review a Linux patch series for uAPI/ABI compatibility and behaviour changes.')
    .version(toolVersion(), '-V, --version')
    .argument('[target]', 'series id, Patchwork URL, message-id, git range (A..B, with --tree), or path to .mbox/.eml/.patch/.diff/saved API page (default: the bundled example)')
    .option('--patch <id>', 'analyse the series of this Patchwork patch id', parseIntOption('--patch'));
  addSourceOptions(program);
  addAnalysisOptions(program);
  program
    .addOption(new Option('--format <fmt>', 'output format').choices(['text', 'json', 'sarif', 'email']).default('text'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option('--reply', 'send the review as a reply mail to the thread (needs --from; SMTP from --smtp or sendemail.*)')
    .option('--yes', 'confirm sending in non-interactive/CI runs')
    .option('--mbox <file>', 'write the reply mail to an mbox for git send-email or mutt')
    .option('--from <addr>', 'From: address of the reply (default: git config sendemail.from or user.name/user.email)')
    .option('--smtp <url>', 'SMTP server URL, e.g. smtps://user:pass@host:465')
    .option('--no-attach-json', 'do not attach abi-check-report.json to the reply mail');
  addCheckOptions(program);
  program
    .option('--github-check', 'create a GitHub check run (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA)')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', EXAMPLES)
    .action(async (target: string | undefined, opts: Record<string, unknown>) => {
      const { runAnalyseCommand } = await import('./analyse-command.ts');
      program.setOptionValue('__exit', await runAnalyseCommand(target, opts as never));
    });

  program
    .command('layout')
    .description('print struct layouts of headers per ABI (pahole-style text or the GCC-oracle JSON shape)')
    .argument('<files...>', 'header paths, or include names like linux/vfio.h resolved through -I')
    .option('-I, --include <dir>', 'include directory (repeatable)', collect, [])
    .option('--tree <dir>', "a kernel source tree: its uAPI headers as 'make headers_install' exports them (no install needed)")
    .option('--kernel', "with --tree: read the files as the tree's in-kernel code (__KERNEL__, its includes and configuration), as pahole reads a build")
    .option('--abi <name>', "ABI name or 'all'", 'x86_64')
    .option('--struct <name>', 'only this struct/union')
    .addOption(new Option('--format <fmt>', 'output format').choices(['text', 'json']).default('text'))
    .option('-j, --jobs <n>', 'threads laying out headers (default: one per core but one for large runs, else 1)')
    .addHelpText('after', '\nExamples:\n  abi-check layout --abi i386 --struct vfio_region_info linux/vfio.h\n  abi-check layout -I ~/linux/usr/include --abi all --format json linux/vfio.h\n  abi-check layout --tree ~/linux --abi all linux/vfio.h\n  abi-check layout --tree ~/linux --kernel --abi i386 --struct vfio_device include/linux/vfio.h')
    .action(async (files: string[], opts: { include: string[]; tree?: string; kernel?: boolean; abi: string; struct?: string; format: 'text' | 'json'; jobs?: string }) => {
      const { runLayoutCommand } = await import('./layout-command.ts');
      program.setOptionValue(
        '__exit',
        await runLayoutCommand(
          { includeDirs: opts.include, tree: opts.tree, kernel: opts.kernel, abi: opts.abi, struct: opts.struct, format: opts.format, files, jobs: opts.jobs },
          { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) },
        ),
      );
    });

  const tui = program
    .command('tui')
    .description('terminal UI: browse a project\'s series, analyse, read findings and layouts, act')
    .argument('[target]', 'series to open directly')
    .option('--project <name>', 'Patchwork project (default: git config pw.project)');
  addSourceOptions(tui).action(async (target: string | undefined, opts: Record<string, unknown>) => {
    if (process.stdin.isTTY) {
      const { dropCiDetection } = await import('../tui/interactive-env.ts');
      dropCiDetection();
    }
    const { runTuiCommand } = await import('../tui/run-tui.tsx');
    program.setOptionValue('__exit', await runTuiCommand(target, opts as never));
  });

  program
    .command('rules')
    .description('list the rules: id (it names the rule\'s file), level, kind and what each checks')
    .addOption(new Option('--format <fmt>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: string }) => {
      const { runRulesCommand } = await import('./rules-command.ts');
      program.setOptionValue('__exit', runRulesCommand(opts, { stdout: (s) => process.stdout.write(s) }));
    });

  program
    .command('b4-check')
    .description("read one RFC 2822 patch mail on stdin and print b4 review's check-cmd JSON")
    .option('--offline', 'no network (base from the diff context)')
    .action(async (opts: { offline?: boolean }) => {
      const { runB4CheckCommand } = await import('./b4-check-command.ts');
      program.setOptionValue('__exit', await runB4CheckCommand(opts));
    });

  const watch = program
    .command('watch')
    .description('follow a Patchwork project: analyse each series once all its patches have arrived (a CI bot)')
    .option('--project <name>', 'Patchwork project link name or id (default: $ABI_CHECK_PROJECT, git config pw.project)')
    .option('--interval <seconds>', 'seconds between polls', parseIntOption('--interval'), 300)
    .option('--once', 'poll once, analyse what is new, exit with the worst exit code (12/4/0; 1 if any series failed)')
    .option('--since <when>', 'start here instead of the saved cursor: a date (UTC unless zoned) or an age (90m, 12h, 3d, 1w)')
    .option('--state-file <file>', 'the saved cursor (default ~/.cache/abi-check/watch-<host>-<project>.json)')
    .option('--max-series <n>', 'analyse at most N series per poll; the rest wait for the next', parseIntOption('--max-series'))
    .option('--report-dir <dir>', 'write each JSON report to DIR/<series-id>.json');
  addSourceOptions(watch);
  addAnalysisOptions(watch);
  addCheckOptions(watch)
    .addHelpText('after', '\nExample:\n  abi-check watch --project linux-pci --post-check --report-dir /srv/abi-check/reports')
    .action(async (opts: Record<string, unknown>) => {
      const { runWatchCommand } = await import('./watch-command.ts');
      program.setOptionValue(
        '__exit',
        await runWatchCommand({ ...opts, abis: opts.abi } as never, { log: (line: string) => process.stdout.write(`${line}\n`) }),
      );
    });

  return program;
}

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  program.configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: (s, write) => write(`abi-check: ${s.replace(/^error: /, '')}`),
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    const code = program.getOptionValue('__exit');
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 3;
  }
  if (err instanceof InputError) {
    process.stderr.write(`abi-check: ${err.message}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  process.stderr.write(`abi-check: internal error: ${e?.message ?? String(err)}\n`);
  if (process.env.ABI_CHECK_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  else process.stderr.write('abi-check: (set ABI_CHECK_DEBUG=1 for details; please report this)\n');
  return 1;
}

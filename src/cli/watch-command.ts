/**
 * `abi-check watch`: follow a Patchwork project and review every series as
 * soon as Patchwork has all of its patches (a CI bot's main loop).
 *
 * Each poll reads GET /api/<v>/events/?category=series-completed&project=P&since=CURSOR
 * (every page), takes the series not handled yet, oldest first, and for each:
 * runs the pipeline, logs one line (`series 123 "name" v2: breaking — 1 error,
 * 2 warnings (exit 12)`), optionally writes <reportDir>/<id>.json and posts
 * Patchwork checks, then saves the cursor (watch-state.ts) before the next.
 *
 * Failures: a series that cannot be analysed (404, a patch that does not
 * apply, …) is logged and counted, and the watch goes on. A transient one
 * (network, timeout, 429, 5xx) stops the poll there and is retried at the next
 * poll (or run: the count is saved), in order, up to TRANSIENT_ATTEMPTS times
 * before it is given up. A poll
 * that fails is retried after the interval, except the very first poll failing
 * for a reason retrying cannot fix (wrong project, server, token), which ends
 * the command with that error, as does any failed poll with --once.
 *
 * Stopping: the abort signal (SIGINT/SIGTERM when the caller passes none) ends
 * the watch between series — the series being analysed is finished and saved.
 * With --once a single poll is made and the result is the worst exit code seen:
 * 12 breaking, 4 additive, 0 compatible, or 1 when any series failed. A watch
 * ended by a signal returns 0.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AbiName } from '../abi/layout-types.ts';
import { InputError, UsageError } from '../errors.ts';
import { fetchSeriesCompletedEvents, keyToPatchworkDate, type SeriesCompletedEvent } from '../patchwork/events.ts';
import { HttpError, PatchworkHttp, type FetchLike } from '../patchwork/http.ts';
import type { PipelineResult } from '../pipeline/run-pipeline.ts';
import { EXIT, type Report } from '../report/report.ts';
import { exitCodeFor, failedHunks } from '../report/summary.ts';
import { resolvePatchworkConfig } from './config.ts';
import {
  dateToKey,
  defaultStateFile,
  emptyWatchState,
  hasSeen,
  lockStateFile,
  parseSince,
  readWatchState,
  recordHandled,
  recordTransientFailure,
  writeWatchState,
  type WatchState,
} from './watch-state.ts';
import { plural } from '../report/plural.ts';

export interface WatchFlags {
  /** Project link name or id (default $ABI_CHECK_PROJECT, git config pw.project). */
  project?: string;
  server?: string;
  token?: string;
  apiVersion?: string;
  /** Seconds between polls; default 300. */
  interval?: number;
  /** One poll, then exit with the worst exit code. */
  once?: boolean;
  /** Where to start: a date (UTC unless zoned) or an age (90m, 12h, 3d, 1w); overrides the saved cursor. */
  since?: string;
  /** Default ~/.cache/abi-check/watch-<host>-<project>.json. */
  stateFile?: string;
  postCheck?: boolean;
  checkContext?: string;
  /** target_url of the posted checks. */
  reportUrl?: string;
  /** Write <series-id>.json reports there. */
  reportDir?: string;
  abis: AbiName[];
  emulateAbi: AbiName;
  behaviour: boolean;
  /** At most this many series per poll; the rest wait for the next poll. */
  maxSeries?: number;
  /** Base sources for the pipeline, as for `abi-check` itself; `github: false` (--no-github) reads bases from the diff context only. */
  tree?: string;
  github?: string | false;
  cacheDir?: string;
}

export interface WatchIo {
  log: (line: string) => void;
  /** Waits between polls; default setTimeout. Cut short by the abort signal either way. */
  sleep?: (ms: number) => Promise<void>;
  /** Ends the watch between series; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
  /** Analyses one series; default runPipeline on the server's series URL. */
  analyse?: (seriesId: number) => Promise<PipelineResult>;
  env?: NodeJS.ProcessEnv;
  gitConfig?: (key: string) => string | undefined;
  now?: () => Date;
  fetchImpl?: FetchLike;
  /** HTTP tuning of the events client (tests make failures fast). */
  http?: { retries?: number; retryBaseMs?: number; timeoutMs?: number };
}

export const DEFAULT_INTERVAL_SECONDS = 300;
/** The longest wait a Node timer can hold (2^31 - 1 ms). */
const MAX_INTERVAL_SECONDS = Math.floor(0x7fffffff / 1000);
/** Polls at which one series may fail transiently before it is given up. */
export const TRANSIENT_ATTEMPTS = 3;

const CHECK_CONTEXT = /^[-a-zA-Z0-9_]+$/;

/** `series 123 "name" v2` — from the event, falling back to the analysed series. */
export function seriesLabel(event: SeriesCompletedEvent, result?: PipelineResult): string {
  const name = event.series.name ?? result?.series.name ?? null;
  const version = event.series.version ?? result?.series.version ?? null;
  return `series ${event.series.id}${name ? ` ${JSON.stringify(name)}` : ''}${version ? ` v${version}` : ''}`;
}

/** `breaking — 1 error, 2 warnings` (notes and failed hunks only when there are some). */
export function describeVerdict(report: Report): string {
  const { errors, warnings, notes, verdict } = report.summary;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (notes > 0) parts.push(plural(notes, 'note'));
  const failed = failedHunks(report);
  if (failed > 0) parts.push(`${plural(failed, 'hunk')} failed to apply`);
  return `${verdict} — ${parts.join(', ')}`;
}

/** The exit code of several series: 1 when any failed, else the most severe verdict code. */
export function worstExitCode(codes: number[]): number {
  if (codes.includes(EXIT.toolError)) return EXIT.toolError;
  return codes.reduce((worst, c) => Math.max(worst, c), EXIT.ok);
}

/** Failures that another attempt later may not repeat. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  return error.status !== null && (error.status === 429 || error.status >= 500);
}

function describeError(error: unknown): string {
  // An HTTP error's problem already names its URL.
  if (error instanceof InputError) return error.problem.includes(error.input) ? error.problem : error.message;
  return `internal error: ${(error as Error)?.message ?? String(error)}`;
}

function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** An AbortSignal fired by the first SIGINT or SIGTERM; `dispose` removes the handlers. */
function signalFromProcess(log: (line: string) => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    log(`${name}: stopping after the current series (send it again to quit at once)`);
    controller.abort();
    dispose();
  };
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  const dispose = () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return { signal: controller.signal, dispose };
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal, sleep?: (ms: number) => Promise<void>): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    const done = () => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    if (sleep) sleep(ms).then(done, done);
    else timer = setTimeout(done, ms);
  });
}

interface Config {
  server: string;
  apiVersion: string;
  token: string | null;
  project: string;
  stateFile: string;
  intervalMs: number;
  maxSeries: number | null;
}

function resolveConfig(flags: WatchFlags, io: WatchIo): Config {
  const env = io.env ?? process.env;
  const pw = resolvePatchworkConfig({
    flags: { server: flags.server, token: flags.token, apiVersion: flags.apiVersion, project: flags.project },
    env,
    gitConfig: io.gitConfig,
  });
  if (!pw.project) throw new UsageError('watch needs a project: --project NAME, $ABI_CHECK_PROJECT or `git config pw.project`');
  const interval = flags.interval ?? DEFAULT_INTERVAL_SECONDS;
  if (!(Number.isFinite(interval) && interval >= 1 && interval <= MAX_INTERVAL_SECONDS)) {
    throw new UsageError(`--interval wants a number of seconds from 1 to ${MAX_INTERVAL_SECONDS}, not ${interval}`);
  }
  if (flags.maxSeries !== undefined && !(Number.isInteger(flags.maxSeries) && flags.maxSeries > 0)) {
    throw new UsageError(`--max-series wants a positive whole number, not ${flags.maxSeries}`);
  }
  if (flags.postCheck) {
    if (!pw.token) throw new UsageError('--post-check needs a Patchwork API token (--token, $ABI_CHECK_TOKEN or `git config pw.token`) of a maintainer of the project');
    if (flags.checkContext !== undefined && !CHECK_CONTEXT.test(flags.checkContext)) {
      throw new UsageError(`--check-context ${JSON.stringify(flags.checkContext)}: letters, digits, - and _ only`);
    }
  }
  return {
    server: pw.server,
    apiVersion: pw.apiVersion,
    token: pw.token,
    project: pw.project,
    stateFile: flags.stateFile ?? defaultStateFile(pw.server, pw.project, env),
    intervalMs: Math.round(interval * 1000),
    maxSeries: flags.maxSeries ?? null,
  };
}

/** The pipeline on one series of the watched server, as `abi-check <series URL>` would run it. */
function pipelineAnalyser(flags: WatchFlags, config: Config, env: NodeJS.ProcessEnv): (seriesId: number) => Promise<PipelineResult> {
  return async (seriesId) => {
    const { runPipeline } = await import('../pipeline/run-pipeline.ts');
    return runPipeline({
      target: `${config.server}/api/${config.apiVersion}/series/${seriesId}/`,
      server: config.server,
      token: config.token ?? undefined,
      apiVersion: config.apiVersion,
      cacheDir: flags.cacheDir,
      tree: flags.tree,
      github: flags.github === false ? undefined : (flags.github ?? (flags.tree ? undefined : 'torvalds/linux')),
      githubToken: env.GITHUB_TOKEN,
      abis: flags.abis,
      emulateAbi: flags.emulateAbi,
      behaviour: flags.behaviour,
    });
  };
}

/** The starting state: --since wins over the saved cursor; a first run starts now. */
function startState(flags: WatchFlags, config: Config, now: Date, log: (line: string) => void): WatchState {
  const saved = readWatchState(config.stateFile, config.server, config.project);
  if (flags.since !== undefined) {
    const cursor = parseSince(flags.since, now);
    log(`watching ${config.project} on ${config.server}: series completed since ${keyToPatchworkDate(cursor)} UTC (--since)`);
    return saved ? { ...saved, cursor } : emptyWatchState(config.server, config.project, cursor);
  }
  if (saved) {
    const from = saved.cursor ? `${keyToPatchworkDate(saved.cursor)} UTC` : 'the start';
    log(`watching ${config.project} on ${config.server}: resuming at ${from} (${saved.seen.length} handled series remembered in ${config.stateFile})`);
    return saved;
  }
  const cursor = dateToKey(now);
  log(`watching ${config.project} on ${config.server}: no saved state, so series completed from now on (${keyToPatchworkDate(cursor)} UTC); use --since 1d to catch up`);
  return emptyWatchState(config.server, config.project, cursor);
}

interface SeriesOutcome {
  code: number;
  /** Analysis failed in a way a later attempt may not repeat. */
  transient: boolean;
}

export async function runWatchCommand(flags: WatchFlags, io: WatchIo): Promise<number> {
  const config = resolveConfig(flags, io);
  const now = io.now ?? (() => new Date());
  const log = io.log;
  const unlock = lockStateFile(config.stateFile);
  try {
    return await watch(flags, io, config, log, now);
  } finally {
    unlock();
  }
}

async function watch(flags: WatchFlags, io: WatchIo, config: Config, log: (line: string) => void, now: () => Date): Promise<number> {
  const env = io.env ?? process.env;
  let state = startState(flags, config, now(), log);
  writeWatchState(config.stateFile, state);

  const http = new PatchworkHttp({
    token: config.token,
    tokenOrigin: config.server,
    fetchImpl: io.fetchImpl,
    retries: io.http?.retries,
    retryBaseMs: io.http?.retryBaseMs,
    timeoutMs: io.http?.timeoutMs,
  });
  const analyse = io.analyse ?? pipelineAnalyser(flags, config, env);
  const own = io.signal ? null : signalFromProcess(log);
  const signal = io.signal ?? own!.signal;
  const codes: number[] = [];

  const handle = async (event: SeriesCompletedEvent): Promise<SeriesOutcome> => {
    let result: PipelineResult;
    try {
      result = await analyse(event.series.id);
    } catch (error) {
      let retry = false;
      let attempt = 0;
      if (isTransient(error)) {
        ({ state, attempts: attempt } = recordTransientFailure(state, event.series.id));
        retry = attempt < TRANSIENT_ATTEMPTS;
        if (retry) writeWatchState(config.stateFile, state);
      }
      const next = retry ? `; will retry at the next poll (attempt ${attempt} of ${TRANSIENT_ATTEMPTS})` : '';
      log(`${seriesLabel(event)}: failed — ${describeError(error)}${next} (exit ${EXIT.toolError})`);
      return { code: EXIT.toolError, transient: retry };
    }
    let code = exitCodeFor(result.report);
    log(`${seriesLabel(event, result)}: ${describeVerdict(result.report)} (exit ${code})`);
    if (flags.reportDir) {
      const file = path.join(flags.reportDir, `${event.series.id}.json`);
      try {
        const { renderJson } = await import('../report/render-json.ts');
        writeFileAtomic(file, renderJson(result.report));
        log(`  report written to ${file}`);
      } catch (error) {
        log(`  report not written to ${file}: ${(error as Error).message}`);
        code = EXIT.toolError;
      }
    }
    if (flags.postCheck) {
      try {
        const { postPatchworkChecks } = await import('../report/sinks/patchwork-checks.ts');
        const posted = await postPatchworkChecks(result.report, result.series, {
          server: config.server,
          apiVersion: config.apiVersion,
          token: config.token,
          context: flags.checkContext,
          reportUrl: flags.reportUrl,
          fetch: io.fetchImpl,
        });
        const states = posted.map((p) => `patch ${p.id} ${p.state}${p.posted ? '' : ' (unchanged)'}`).join(', ');
        log(`  Patchwork checks: ${states}`);
      } catch (error) {
        log(`  Patchwork checks not posted: ${describeError(error)}`);
        code = EXIT.toolError;
      }
    }
    return { code, transient: false };
  };

  try {
    for (let poll = 1; !signal.aborted; poll++) {
      let events: SeriesCompletedEvent[];
      try {
        const since = state.cursor === null ? null : keyToPatchworkDate(state.cursor);
        const fetched = await fetchSeriesCompletedEvents(http, { server: config.server, apiVersion: config.apiVersion, project: config.project, since });
        for (const reason of fetched.skipped) log(`ignoring an entry of the event list: ${reason}`);
        events = fetched.events;
      } catch (error) {
        if (flags.once || !(error instanceof InputError) || (poll === 1 && !isTransient(error))) throw error;
        log(`poll failed: ${describeError(error)}; trying again in ${config.intervalMs / 1000} s`);
        await pause(config.intervalMs, signal, io.sleep);
        continue;
      }
      // The server's `since` is inclusive, and one that ignored it must not replay history.
      const cursor = state.cursor;
      const firstOfSeries = new Map<number, SeriesCompletedEvent>();
      for (const e of events) if (!firstOfSeries.has(e.series.id)) firstOfSeries.set(e.series.id, e);
      const pending = [...firstOfSeries.values()].filter((e) => !hasSeen(state, e) && (cursor === null || e.dateKey >= cursor));
      const batch = config.maxSeries === null ? pending : pending.slice(0, config.maxSeries);
      let handled = 0;
      for (const event of batch) {
        if (signal.aborted) break;
        const outcome = await handle(event);
        codes.push(outcome.code);
        if (outcome.transient) break;
        state = recordHandled(state, event, outcome.code === EXIT.toolError ? 'failed' : 'analysed');
        writeWatchState(config.stateFile, state);
        handled++;
      }
      const waiting = pending.length - handled;
      if (waiting > 0 && !signal.aborted) log(`${waiting} completed series left for the next poll`);
      if (flags.once || signal.aborted) break;
      await pause(config.intervalMs, signal, io.sleep);
    }
  } finally {
    own?.dispose();
  }
  if (signal.aborted && !flags.once) return EXIT.ok;
  return worstExitCode(codes);
}

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWatchCommand, type WatchFlags, type WatchIo } from '../../../src/cli/watch-command.ts';
import { readWatchState } from '../../../src/cli/watch-state.ts';
import { HttpError } from '../../../src/patchwork/http.ts';
import { InputError, UsageError } from '../../../src/errors.ts';
import type { PipelineResult } from '../../../src/pipeline/run-pipeline.ts';
import { RECORDED_ORIGIN, startReplay, type ReplayServer } from '../../patchwork/replay-server.ts';
import { EventFeed } from './events-feed.ts';
import { fakeResult, type FakeOutcome } from './fake-result.ts';

const NOW = new Date('2026-11-26T12:00:00.000Z');

let server: ReplayServer;
let feed: EventFeed;
let dir: string;
let stateFile: string;
let lines: string[];

beforeAll(async () => {
  server = await startReplay();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.faults.length = 0;
  server.requests.length = 0;
  feed = new EventFeed(server);
  dir = mkdtempSync(path.join(os.tmpdir(), 'abi-check-watch-'));
  stateFile = path.join(dir, 'state.json');
  lines = [];
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function flags(extra: Partial<WatchFlags> = {}): WatchFlags {
  return {
    project: 'linux-pci',
    server: server.origin,
    apiVersion: '1.3',
    interval: 300,
    stateFile,
    abis: ['x86_64'],
    emulateAbi: 'x86_64',
    behaviour: false,
    ...extra,
  };
}

/** An injected analysis: records the order of calls and answers from `outcomes` (an Error is thrown). */
function analyser(outcomes: Record<number, FakeOutcome | Error> = {}): { calls: number[]; analyse: (id: number) => Promise<PipelineResult> } {
  const calls: number[] = [];
  return {
    calls,
    analyse: async (id) => {
      calls.push(id);
      const o = outcomes[id] ?? {};
      if (o instanceof Error) throw o;
      return fakeResult(id, o);
    },
  };
}

function io(analyse: WatchIo['analyse'], extra: Partial<WatchIo> = {}): WatchIo {
  return {
    log: (l) => lines.push(l),
    analyse,
    env: {},
    gitConfig: () => undefined,
    now: () => NOW,
    http: { retries: 0, timeoutMs: 5000 },
    signal: new AbortController().signal,
    ...extra,
  };
}

/** Patches that exist on the server, with no checks yet (what postPatchworkChecks reads first). */
function serveChecksOf(...patchIds: number[]): void {
  for (const id of patchIds) server.addJson(`${RECORDED_ORIGIN}/api/1.3/patches/${id}/checks/`, []);
}

const seriesLines = () => lines.filter((l) => l.startsWith('series '));

describe('abi-check watch --once', () => {
  it('analyses completed series oldest first across pages and exits with the worst verdict', async () => {
    feed.pageSize = 2;
    feed.addRecorded(); // series 1, 2026-11-25T14:00:16.279532
    feed.add(
      { series: 4, date: '2026-11-26T08:00:00', name: 'add a flag', version: 2 },
      { series: 2, date: '2026-11-25T15:00:00' },
      { series: 3, date: '2026-11-25T15:00:00' },
      { series: 5, date: '2026-11-20T00:00:00' }, // before --since
    );
    const a = analyser({ 1: { errors: 1, warnings: 2 }, 2: { notes: 3 }, 4: {} });
    const code = await runWatchCommand(flags({ once: true, since: '2026-11-25' }), io(a.analyse));
    expect(a.calls).toEqual([1, 2, 3, 4]);
    expect(code).toBe(12);
    expect(seriesLines()).toEqual([
      'series 1 "Retrieve TPH from dma-buf for PCIe P2P memory access" v1: breaking — 1 error, 2 warnings (exit 12)',
      'series 2 "series number 2" v1: additive — 0 errors, 0 warnings, 3 notes (exit 4)',
      'series 3 "series number 3" v1: compatible — 0 errors, 0 warnings (exit 0)',
      'series 4 "add a flag" v2: compatible — 0 errors, 0 warnings (exit 0)',
    ]);
    expect(feed.queries.map((q) => [q.since, q.page ?? '1'])).toEqual([
      ['2026-11-25T00:00:00', '1'],
      ['2026-11-25T00:00:00', '2'],
    ]);
    const state = readWatchState(stateFile, server.origin, 'linux-pci')!;
    expect(state.cursor).toBe('2026-11-26T08:00:00.000000');
    expect(state.seen.map((s) => s.series)).toEqual([1, 2, 3, 4]);
  });

  it('a series announced twice in one poll is analysed once', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00', event: 20 }, { series: 2, date: '2026-11-26T10:05:00', event: 21 }, { series: 3, date: '2026-11-26T10:10:00' });
    const a = analyser();
    await runWatchCommand(flags({ once: true, since: '1d' }), io(a.analyse));
    expect(a.calls).toEqual([2, 3]);
  });

  it('speaks older API versions, whose events lack fields', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' });
    const old = feed.events[0] as Record<string, any>;
    delete old.actor;
    old.payload.series = { id: 2, url: old.payload.series.url, date: null, name: null };
    const a = analyser();
    await runWatchCommand(flags({ once: true, since: '1d', apiVersion: '1.0' }), io(a.analyse));
    expect(a.calls).toEqual([2]);
    expect(server.requests.map((r) => new URL(r.url, server.origin).pathname)).toEqual(['/api/1.0/events/']);
    // no name nor version in the event: the analysed series supplies them
    expect(seriesLines()).toEqual(['series 2 "analysed series 2" v1: compatible — 0 errors, 0 warnings (exit 0)']);
  });

  it('exit 4 when the worst is additive, 0 when all are compatible, 0 with nothing to do', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T11:00:00' });
    expect(await runWatchCommand(flags({ once: true, since: '1d' }), io(analyser({ 2: { warnings: 1 } }).analyse))).toBe(4);
    rmSync(stateFile);
    expect(await runWatchCommand(flags({ once: true, since: '1d' }), io(analyser().analyse))).toBe(0);
    expect(await runWatchCommand(flags({ once: true }), io(analyser().analyse))).toBe(0);
  });

  it('a series that fails is logged, recorded, and the others are still analysed; exit 1', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' }, { series: 4, date: '2026-11-26T11:00:00' });
    const gone = new HttpError(`${server.origin}/api/1.3/series/3/`, 'status', `not found (HTTP 404): ${server.origin}/api/1.3/series/3/`, 404);
    const a = analyser({ 2: { errors: 1 }, 3: gone, 4: { failedHunk: true } });
    expect(await runWatchCommand(flags({ once: true, since: '1d' }), io(a.analyse))).toBe(1);
    expect(a.calls).toEqual([2, 3, 4]);
    expect(seriesLines()).toEqual([
      'series 2 "series number 2" v1: breaking — 1 error, 0 warnings (exit 12)',
      `series 3 "series number 3" v1: failed — not found (HTTP 404): ${server.origin}/api/1.3/series/3/ (exit 1)`,
      'series 4 "series number 4" v1: compatible — 0 errors, 0 warnings, 1 hunk failed to apply (exit 1)',
    ]);
    const state = readWatchState(stateFile, server.origin, 'linux-pci')!;
    expect(state.seen.map((s) => [s.series, s.outcome])).toEqual([[2, 'analysed'], [3, 'failed'], [4, 'failed']]);
    // a permanent failure is not retried by the next run
    const again = analyser();
    expect(await runWatchCommand(flags({ once: true }), io(again.analyse))).toBe(0);
    expect(again.calls).toEqual([]);
  });

  it('a bug in the analysis is logged as an internal error and the watch goes on', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' });
    const a = analyser({ 2: new TypeError('x is undefined') });
    expect(await runWatchCommand(flags({ once: true, since: '1d' }), io(a.analyse))).toBe(1);
    expect(a.calls).toEqual([2, 3]);
    expect(seriesLines()[0]).toBe('series 2 "series number 2" v1: failed — internal error: x is undefined (exit 1)');
  });

  it('a transient failure stops the poll there and is retried, in order, by the next one', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' });
    const down = new HttpError(`${server.origin}/api/1.3/series/2/`, 'status', 'server error HTTP 503', 503);
    const first = analyser({ 2: down });
    expect(await runWatchCommand(flags({ once: true, since: '1d' }), io(first.analyse))).toBe(1);
    expect(first.calls).toEqual([2]);
    expect(lines).toContain(`series 2 "series number 2" v1: failed — ${server.origin}/api/1.3/series/2/: server error HTTP 503; will retry at the next poll (attempt 1 of 3) (exit 1)`);
    expect(lines).toContain('2 completed series left for the next poll');
    const second = analyser();
    expect(await runWatchCommand(flags({ once: true }), io(second.analyse))).toBe(0);
    expect(second.calls).toEqual([2, 3]);
  });

  it('a series that keeps failing transiently is given up after three runs, so it cannot block the queue', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' });
    const down = () => new HttpError(`${server.origin}/api/1.3/series/2/`, 'timeout', 'no answer within 30000 ms', null);
    const calls: number[][] = [];
    for (let run = 1; run <= 3; run++) {
      const a = analyser({ 2: down() });
      expect(await runWatchCommand(flags({ once: true, since: run === 1 ? '1d' : undefined }), io(a.analyse))).toBe(1);
      calls.push(a.calls);
    }
    expect(calls).toEqual([[2], [2], [2, 3]]);
    expect(seriesLines().filter((l) => l.startsWith('series 2 '))).toEqual([
      `series 2 "series number 2" v1: failed — ${server.origin}/api/1.3/series/2/: no answer within 30000 ms; will retry at the next poll (attempt 1 of 3) (exit 1)`,
      `series 2 "series number 2" v1: failed — ${server.origin}/api/1.3/series/2/: no answer within 30000 ms; will retry at the next poll (attempt 2 of 3) (exit 1)`,
      `series 2 "series number 2" v1: failed — ${server.origin}/api/1.3/series/2/: no answer within 30000 ms (exit 1)`,
    ]);
    const state = readWatchState(stateFile, server.origin, 'linux-pci')!;
    expect(state.seen.map((s) => [s.series, s.outcome])).toEqual([[2, 'failed'], [3, 'analysed']]);
    expect(state.retrying).toEqual([]);
  });

  it('--max-series leaves the rest for the next poll without skipping any', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' }, { series: 4, date: '2026-11-26T11:00:00' });
    const a = analyser();
    await runWatchCommand(flags({ once: true, since: '1d', maxSeries: 2 }), io(a.analyse));
    expect(lines).toContain('1 completed series left for the next poll');
    await runWatchCommand(flags({ once: true, maxSeries: 2 }), io(a.analyse));
    expect(a.calls).toEqual([2, 3, 4]);
  });

  it('the first run without --since starts now; a restart resumes where it stopped', async () => {
    feed.add({ series: 2, date: '2026-11-26T11:59:59' });
    const a = analyser();
    expect(await runWatchCommand(flags({ once: true }), io(a.analyse))).toBe(0);
    expect(a.calls).toEqual([]);
    expect(lines[0]).toMatch(/no saved state, so series completed from now on \(2026-11-26T12:00:00 UTC\)/);
    expect(feed.queries.at(-1)!.since).toBe('2026-11-26T12:00:00');
    // completed while the watcher was down: found by the restart
    feed.add({ series: 3, date: '2026-11-26T12:30:00.25' }, { series: 4, date: '2026-11-26T12:30:00.25' });
    const later = () => new Date('2026-11-26T13:00:00Z');
    expect(await runWatchCommand(flags({ once: true }), io(a.analyse, { now: later }))).toBe(0);
    expect(a.calls).toEqual([3, 4]);
    // a restart: the boundary events come back (since is inclusive) but are not analysed again
    expect(await runWatchCommand(flags({ once: true }), io(a.analyse, { now: later }))).toBe(0);
    expect(a.calls).toEqual([3, 4]);
    expect(feed.queries.at(-1)!.since).toBe('2026-11-26T12:30:00.25');
    expect(lines.at(-1)).not.toMatch(/left for the next poll/);
  });

  it('writes one JSON report per series', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' });
    const reportDir = path.join(dir, 'reports');
    await runWatchCommand(flags({ once: true, since: '1d', reportDir }), io(analyser({ 3: { errors: 2 } }).analyse));
    expect(readdirSync(reportDir).sort()).toEqual(['2.json', '3.json']);
    const report = JSON.parse(readFileSync(path.join(reportDir, '3.json'), 'utf8'));
    expect(report).toMatchObject({ schema: 'abi-check/report@1', input: { series: { id: 3 } }, summary: { errors: 2, verdict: 'breaking' } });
    expect(lines).toContain(`  report written to ${path.join(reportDir, '3.json')}`);
  });

  it('posts Patchwork checks per series with the token', async () => {
    server.faults.push({
      match: (url, method) => method === 'POST' && /\/checks\/$/.test(url),
      times: Infinity,
      respond: (req, res) => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end('{"id":1}');
      },
    });
    serveChecksOf(21, 22, 31);
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' });
    const a = analyser({ 2: { errors: 1, patchIds: [21, 22] }, 3: { warnings: 1, patchIds: [31] } });
    const code = await runWatchCommand(flags({ once: true, since: '1d', postCheck: true, token: 's3cret', checkContext: 'abi-bot' }), io(a.analyse));
    expect(code).toBe(12);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.url)).toEqual(['/api/1.3/patches/21/checks/', '/api/1.3/patches/22/checks/', '/api/1.3/patches/31/checks/']);
    expect(posts.every((p) => p.headers.authorization === 'Token s3cret')).toBe(true);
    expect(posts.map((p) => JSON.parse(p.body).state)).toEqual(['fail', 'success', 'warning']);
    expect(posts.map((p) => JSON.parse(p.body).context)).toEqual(['abi-bot', 'abi-bot', 'abi-bot']);
    expect(lines).toContain('  Patchwork checks: patch 21 fail, patch 22 success');
  });

  it('a refused check is logged against its series and the watch goes on', async () => {
    server.faults.push({
      match: (url, method) => method === 'POST' && url.includes('/patches/21/'),
      respond: (req, res) => {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end('{"detail":"You do not have permission to perform this action."}');
      },
    });
    serveChecksOf(21, 31);
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' });
    const a = analyser({ 2: { patchIds: [21] }, 3: { patchIds: [31] } });
    const code = await runWatchCommand(flags({ once: true, since: '1d', postCheck: true, token: 't' }), io(a.analyse, { http: { retries: 0 } }));
    expect(code).toBe(1);
    expect(a.calls).toEqual([2, 3]);
    expect(lines.find((l) => l.startsWith('  Patchwork checks not posted:'))).toMatch(/HTTP 403.*maintainer/);
    expect(server.requests.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual(['/api/1.3/patches/21/checks/', '/api/1.3/patches/31/checks/']);
  });
});

describe('abi-check watch (polling)', () => {
  it('polls again after the interval, passes the cursor, and analyses each series once', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' });
    const controller = new AbortController();
    const sleeps: number[] = [];
    const a = analyser();
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      if (sleeps.length === 1) feed.add({ series: 3, date: '2026-11-26T10:00:00' }, { series: 4, date: '2026-11-26T10:45:00' });
      if (sleeps.length === 2) controller.abort();
    };
    const code = await runWatchCommand(flags({ since: '1d', interval: 60 }), io(a.analyse, { sleep, signal: controller.signal }));
    expect(code).toBe(0);
    expect(a.calls).toEqual([2, 3, 4]);
    expect(sleeps).toEqual([60_000, 60_000]);
    expect(feed.queries.filter((q) => !q.page).map((q) => q.since)).toEqual(['2026-11-25T12:00:00', '2026-11-26T10:00:00']);
  });

  it('stops between series when aborted: the series under analysis is finished and saved', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' }, { series: 4, date: '2026-11-26T11:00:00' });
    const controller = new AbortController();
    const calls: number[] = [];
    const analyse = async (id: number) => {
      calls.push(id);
      if (id === 3) controller.abort();
      return fakeResult(id);
    };
    const code = await runWatchCommand(flags({ since: '1d' }), io(analyse, { signal: controller.signal, sleep: () => new Promise(() => {}) }));
    expect(code).toBe(0);
    expect(calls).toEqual([2, 3]);
    expect(readWatchState(stateFile, server.origin, 'linux-pci')!.seen.map((s) => s.series)).toEqual([2, 3]);
  });

  it('an abort during the wait ends the watch at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const code = await runWatchCommand(flags({ interval: 3600 }), io(analyser().analyse, { signal: controller.signal }));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a failed poll is retried after the interval', async () => {
    feed.add({ series: 2, date: '2026-11-26T10:00:00' });
    const controller = new AbortController();
    let polls = 0;
    server.faults.unshift({
      match: (url) => url.startsWith('/api/1.3/events/'),
      respond: (req, res) => {
        polls++;
        res.writeHead(503, { 'Content-Type': 'text/html' });
        res.end('<html><title>Service Unavailable</title></html>');
      },
    });
    const a = analyser();
    let sleeps = 0;
    const sleep = async () => {
      if (++sleeps === 2) controller.abort();
    };
    // the first poll fails transiently: logged, not fatal
    await runWatchCommand(flags({ since: '1d' }), io(a.analyse, { sleep, signal: controller.signal }));
    expect(polls).toBe(1);
    expect(lines.find((l) => l.startsWith('poll failed:'))).toMatch(/HTTP 503.*trying again in 300 s/);
    expect(a.calls).toEqual([2]);
  });
});

describe('abi-check watch: configuration errors', () => {
  it('a project the server does not know ends the first poll with its error', async () => {
    await expect(runWatchCommand(flags({ project: 'no-such-list' }), io(analyser().analyse))).rejects.toThrow(/HTTP 400/);
  });

  it('--once reports a failed poll as an error', async () => {
    server.faults.unshift({
      match: (url) => url.startsWith('/api/1.3/events/'),
      respond: (req, res) => {
        res.writeHead(502, {});
        res.end();
      },
    });
    await expect(runWatchCommand(flags({ once: true }), io(analyser().analyse))).rejects.toThrow(InputError);
  });

  it('needs a project, a token to post checks, and sane numbers', async () => {
    const run = (f: Partial<WatchFlags>, extra: Partial<WatchIo> = {}) => runWatchCommand(flags(f), io(analyser().analyse, extra));
    await expect(run({ project: undefined })).rejects.toThrow(UsageError);
    await expect(run({ project: undefined })).rejects.toThrow(/watch needs a project/);
    await expect(run({ postCheck: true })).rejects.toThrow(/--post-check needs a Patchwork API token/);
    await expect(run({ postCheck: true, token: 't', checkContext: 'abi check' })).rejects.toThrow(/--check-context/);
    await expect(run({ interval: 0 })).rejects.toThrow(/--interval/);
    await expect(run({ interval: 30 * 86400 })).rejects.toThrow(/--interval wants a number of seconds from 1 to 2147483, not 2592000/);
    await expect(run({ maxSeries: 0 })).rejects.toThrow(/--max-series/);
    await expect(run({ since: 'soon' })).rejects.toThrow(/--since/);
    expect(server.requests).toEqual([]);
    // the project and token may come from the environment or git config, like the other commands
    feed.add({ series: 2, date: '2026-11-26T10:00:00' });
    const a = analyser();
    await runWatchCommand(flags({ project: undefined, once: true, since: '1d' }), io(a.analyse, { env: { ABI_CHECK_PROJECT: 'linux-pci' } }));
    expect(a.calls).toEqual([2]);
  });

  it('refuses to run beside another watcher on the same state file, and releases its own lock', async () => {
    writeFileSync(`${stateFile}.lock`, `${process.ppid}\n`);
    await expect(runWatchCommand(flags({ once: true }), io(analyser().analyse))).rejects.toThrow(/another abi-check watch \(pid \d+\) is using this state/);
    expect(server.requests).toEqual([]);
    rmSync(`${stateFile}.lock`);
    await runWatchCommand(flags({ once: true }), io(analyser().analyse));
    expect(existsSync(`${stateFile}.lock`)).toBe(false);
  });

  it('refuses a state file of another project instead of starting over', async () => {
    await runWatchCommand(flags({ once: true }), io(analyser().analyse));
    await expect(runWatchCommand(flags({ once: true, project: '1' }), io(analyser().analyse))).rejects.toThrow(/belongs to project linux-pci/);
  });
});

describe('abi-check watch in its own process', () => {
  it('SIGINT during an analysis: that series is finished and logged, the next is not started, exit 0', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', new URL('../../../bin/load-typescript.mjs', import.meta.url).pathname, new URL('./watch-child.ts', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdout.on('data', (d) => {
      const before = out;
      out += d;
      if (!before.includes('analysing 3') && out.includes('analysing 3')) child.kill('SIGINT');
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(killer);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.slice(1)).toEqual([
      'analysing 2',
      'series 2 "series number 2" v1: compatible — 0 errors, 0 warnings (exit 0)',
      'analysing 3',
      'SIGINT: stopping after the current series (send it again to quit at once)',
      'series 3 "series number 3" v1: compatible — 0 errors, 0 warnings (exit 0)',
      'exit 0',
    ]);
  });
});

/**
 * `abi-check watch --once` end to end with the real pipeline: the recorded
 * series-completed event of the Patchwork 3.1.3 server, the recorded series,
 * cover and patches replayed on 127.0.0.1, bases from the diff context
 * (--no-github), the JSON report written and a check posted per patch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWatchCommand } from '../../../src/cli/watch-command.ts';
import { readWatchState } from '../../../src/cli/watch-state.ts';
import { RECORDED_ORIGIN, startReplay, type ReplayServer } from '../../patchwork/replay-server.ts';
import { EventFeed } from './events-feed.ts';

let server: ReplayServer;
let dir: string;
beforeAll(async () => {
  server = await startReplay();
  dir = mkdtempSync(path.join(os.tmpdir(), 'abi-check-watch-real-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('watch with the real pipeline on the recorded series', () => {
  it('analyses series 1 from its event, writes the report, posts checks, and does not analyse it again', async () => {
    const feed = new EventFeed(server);
    feed.addRecorded();
    server.addJson(`${RECORDED_ORIGIN}/api/1.3/patches/2/checks/`, []);
    server.faults.push({
      match: (url, method) => method === 'POST' && /\/checks\/$/.test(url),
      times: Infinity,
      respond: (req, res) => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end('{}');
      },
    });
    const lines: string[] = [];
    const flags = {
      project: 'linux-pci',
      server: server.origin,
      token: 'maintainer-token',
      apiVersion: '1.3',
      once: true,
      since: '2026-11-25T14:00:16.279532',
      stateFile: path.join(dir, 'state.json'),
      reportDir: path.join(dir, 'reports'),
      postCheck: true,
      cacheDir: path.join(dir, 'cache'),
      github: false as const,
      abis: ['x86_64', 'i386'] as const,
      emulateAbi: 'x86_64' as const,
      behaviour: true,
    };
    const io = { log: (l: string) => lines.push(l), env: {}, gitConfig: () => undefined, signal: new AbortController().signal };
    const t0 = performance.now();
    const code = await runWatchCommand({ ...flags, abis: [...flags.abis] }, io);
    const ms = Math.round(performance.now() - t0);
    console.log(`watch --once on the recorded series: ${ms} ms`);

    const report = JSON.parse(readFileSync(path.join(dir, 'reports', '1.json'), 'utf8'));
    expect(report.input.series).toMatchObject({ id: 1, name: 'Retrieve TPH from dma-buf for PCIe P2P memory access' });
    expect(report.patches.map((p: { id: number }) => p.id)).toEqual([1, 2]);
    const verdictLine = lines.find((l) => l.startsWith('series 1 '))!;
    const { errors, warnings, verdict } = report.summary;
    expect(verdictLine).toMatch(new RegExp(`^series 1 "Retrieve TPH from dma-buf for PCIe P2P memory access" v1: ${verdict} — ${errors} errors?, ${warnings} warnings?.* \\(exit ${code}\\)$`));
    expect(verdict).toBe('breaking'); // the series renames a uAPI member
    expect(code).toBe(12);

    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.url)).toEqual(['/api/1.3/patches/1/checks/', '/api/1.3/patches/2/checks/']);
    expect(JSON.parse(posts[0].body)).toMatchObject({ state: 'fail', context: 'abi-check' });
    expect(posts.every((p) => p.headers.authorization === 'Token maintainer-token')).toBe(true);

    const state = readWatchState(flags.stateFile, server.origin, 'linux-pci')!;
    expect(state.cursor).toBe('2026-11-25T14:00:16.279532');
    expect(state.seen).toEqual([{ series: 1, event: 7, date: '2026-11-25T14:00:16.279532', outcome: 'analysed' }]);

    // the next poll sees the same event again (since is inclusive) and leaves it
    const seriesFetches = server.seen('/api/1.3/series/1/').length;
    expect(await runWatchCommand({ ...flags, abis: [...flags.abis], since: undefined }, io)).toBe(0);
    expect(server.seen('/api/1.3/series/1/').length).toBe(seriesFetches);
  });
});

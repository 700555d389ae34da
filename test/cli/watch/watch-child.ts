/**
 * A watcher in its own process for the signal test: its own replay server and
 * event feed with three completed series, an analysis that takes 300 ms and
 * says when it starts, and no abort signal given — so runWatchCommand listens
 * to SIGINT/SIGTERM itself. Prints `exit N` when runWatchCommand returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWatchCommand } from '../../../src/cli/watch-command.ts';
import { startReplay } from '../../patchwork/replay-server.ts';
import { EventFeed } from './events-feed.ts';
import { fakeResult } from './fake-result.ts';

const server = await startReplay();
const feed = new EventFeed(server);
feed.add({ series: 2, date: '2026-11-26T10:00:00' }, { series: 3, date: '2026-11-26T10:30:00' }, { series: 4, date: '2026-11-26T11:00:00' });
const log = (line: string) => process.stdout.write(`${line}\n`);
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'abi-check-watch-child-'));
const code = await runWatchCommand(
  {
    project: 'linux-pci', server: server.origin, apiVersion: '1.3', interval: 3600, since: '2026-11-26',
    stateFile: path.join(stateDir, 'state.json'),
    abis: ['x86_64'], emulateAbi: 'x86_64', behaviour: false,
  },
  {
    log, env: {}, gitConfig: () => undefined,
    analyse: async (id) => {
      log(`analysing ${id}`);
      await new Promise((r) => setTimeout(r, 300));
      return fakeResult(id);
    },
  },
);
rmSync(stateDir, { recursive: true, force: true });
log(`exit ${code}`);
await server.close();

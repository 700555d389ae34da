import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  SEEN_HISTORY,
  defaultStateFile,
  emptyWatchState,
  hasSeen,
  lockStateFile,
  parseSince,
  readWatchState,
  recordHandled,
  writeWatchState,
} from '../../../src/cli/watch-state.ts';
import { parseSeriesCompletedEvent, type SeriesCompletedEvent } from '../../../src/patchwork/events.ts';
import { InputError } from '../../../src/errors.ts';
import { deriveEvent } from './events-feed.ts';

const SERVER = 'https://patchwork.example.org';

function event(series: number, date: string, eventId = 100 + series): SeriesCompletedEvent {
  return parseSeriesCompletedEvent(deriveEvent({ series, date, event: eventId })) as SeriesCompletedEvent;
}

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});
function tmp(): string {
  dir = mkdtempSync(path.join(os.tmpdir(), 'abi-check-watch-state-'));
  return dir;
}

describe('handled series and the cursor', () => {
  it('moves the cursor to the last handled event and remembers the series', () => {
    let s = emptyWatchState(SERVER, 'linux-pci', '2026-11-25T00:00:00.000000');
    const a = event(1, '2026-11-25T14:00:16.279532');
    const b = event(2, '2026-11-25T15:00:00');
    expect(hasSeen(s, a)).toBe(false);
    s = recordHandled(s, a, 'analysed');
    s = recordHandled(s, b, 'failed');
    expect(s.cursor).toBe('2026-11-25T15:00:00.000000');
    expect(hasSeen(s, a) && hasSeen(s, b)).toBe(true);
    expect(s.seen.map((x) => [x.series, x.outcome])).toEqual([[1, 'analysed'], [2, 'failed']]);
    // an event handled late (older than the cursor) never moves it back
    s = recordHandled(s, event(3, '2026-11-25T14:30:00'), 'analysed');
    expect(s.cursor).toBe('2026-11-25T15:00:00.000000');
  });

  it('a series is seen whatever event announces it again', () => {
    const s = recordHandled(emptyWatchState(SERVER, 'p', null), event(7, '2026-11-25T10:00:00', 70), 'analysed');
    expect(hasSeen(s, event(7, '2026-11-26T10:00:00', 71))).toBe(true);
    expect(hasSeen(s, event(8, '2026-11-26T10:00:00', 72))).toBe(false);
  });

  it('keeps every series at the cursor instant and a bounded history before it', () => {
    let s = emptyWatchState(SERVER, 'p', null);
    for (let i = 1; i <= SEEN_HISTORY + 50; i++) s = recordHandled(s, event(i, `2026-01-01T00:00:00.${String(i).padStart(6, '0')}`), 'analysed');
    const last = '2026-06-01T00:00:00';
    for (let i = 1; i <= 3; i++) s = recordHandled(s, event(100_000 + i, last), 'analysed');
    expect(s.seen).toHaveLength(SEEN_HISTORY + 3);
    expect(s.seen.at(-1)!.series).toBe(100_003);
    expect(s.seen.filter((x) => x.date === '2026-06-01T00:00:00.000000').map((x) => x.series)).toEqual([100_001, 100_002, 100_003]);
    expect(s.seen[0].series).toBe(51); // the oldest 50 were forgotten
  });
});

describe('the state file', () => {
  it('round-trips, replaced atomically with no temporary file left', () => {
    const file = path.join(tmp(), 'deeper', 'state.json');
    const s = recordHandled(emptyWatchState(SERVER, 'linux-pci', null), event(1, '2026-11-25T14:00:16.279532'), 'analysed');
    writeWatchState(file, s);
    writeWatchState(file, recordHandled(s, event(2, '2026-11-25T14:00:17'), 'analysed'));
    expect(readdirSync(path.dirname(file))).toEqual(['state.json']);
    const back = readWatchState(file, SERVER, 'linux-pci')!;
    expect(back.cursor).toBe('2026-11-25T14:00:17.000000');
    expect(back.seen.map((x) => x.series)).toEqual([1, 2]);
  });

  it('is absent before the first run', () => {
    expect(readWatchState(path.join(tmp(), 'none.json'), SERVER, 'p')).toBeNull();
  });

  it('refuses a damaged file or one of another project, naming the file', () => {
    const file = path.join(tmp(), 'state.json');
    writeFileSync(file, '{"schema":"abi-check/watch-state@1","server":');
    expect(() => readWatchState(file, SERVER, 'p')).toThrow(InputError);
    expect(() => readWatchState(file, SERVER, 'p')).toThrow(`${file}: the watch state is not valid JSON`);
    writeFileSync(file, JSON.stringify({ schema: 'abi-check/watch-state@1', server: SERVER, project: 'p', cursor: null, seen: [{ series: 'x' }] }));
    expect(() => readWatchState(file, SERVER, 'p')).toThrow(/malformed/);
    writeFileSync(file, JSON.stringify({ hello: 1 }));
    expect(() => readWatchState(file, SERVER, 'p')).toThrow(/not an abi-check watch state/);
    writeWatchState(file, emptyWatchState(SERVER, 'linux-pci', null));
    expect(() => readWatchState(file, SERVER, 'netdev')).toThrow(/belongs to project linux-pci on https:\/\/patchwork.example.org, not netdev/);
    expect(JSON.parse(readFileSync(file, 'utf8')).project).toBe('linux-pci');
  });

  it('lives in the cache directory by default, named after host and project', () => {
    expect(defaultStateFile('https://patchwork.kernel.org', 'linux-pci', { XDG_CACHE_HOME: '/var/cache/ci' })).toBe('/var/cache/ci/abi-check/watch-patchwork.kernel.org-linux-pci.json');
    expect(defaultStateFile('http://127.0.0.1:8767/pw', '../x y', { HOME: '/home/u', XDG_CACHE_HOME: '' })).toBe(
      path.join(os.homedir(), '.cache', 'abi-check', 'watch-127.0.0.1_8767-__x_y.json'),
    );
  });
});

describe('--since', () => {
  const now = new Date('2026-11-25T14:00:00.000Z');
  it('takes dates (UTC unless zoned) and ages', () => {
    expect(parseSince('2026-11-20', now)).toBe('2026-11-20T00:00:00.000000');
    expect(parseSince('2026-11-20T08:30:00', now)).toBe('2026-11-20T08:30:00.000000');
    expect(parseSince('2026-11-20T08:30:00+02:00', now)).toBe('2026-11-20T06:30:00.000000');
    expect(parseSince('90m', now)).toBe('2026-11-25T12:30:00.000000');
    expect(parseSince('12h', now)).toBe('2026-11-25T02:00:00.000000');
    expect(parseSince('3d', now)).toBe('2026-11-22T14:00:00.000000');
    expect(parseSince('1w', now)).toBe('2026-11-18T14:00:00.000000');
  });
  it('refuses anything else', () => {
    expect(() => parseSince('last tuesday', now)).toThrow(/--since: "last tuesday" is neither a date/);
  });
});

describe('the state lock', () => {
  it('keeps a second watcher off a state file in use, and takes over a dead one\'s lock', () => {
    const file = path.join(tmp(), 'state.json');
    const release = lockStateFile(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    // the same state file seen from another (live) process
    expect(() => lockStateFile(file, process.ppid)).toThrow(`another abi-check watch (pid ${process.pid}) is using this state`);
    release();
    expect(existsSync(`${file}.lock`)).toBe(false);

    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${file}.lock`, `${dead}\n`);
    const again = lockStateFile(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    again();
  });
});

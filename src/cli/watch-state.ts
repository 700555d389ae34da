/**
 * The persisted cursor of `abi-check watch`: where in a project's event feed
 * the watcher is, and which series it has already handled.
 *
 * Patchwork's `since` filter is inclusive, so the cursor is the date of the
 * last handled event and the series handled at that instant are remembered
 * too; a bounded history of recently handled series also stops a series that
 * completes twice from being analysed twice. The file is replaced atomically
 * (write to a temporary file in the same directory, fsync, rename) after every
 * series, so a watcher killed at any moment restarts where it stopped: at most
 * the one series it was analysing is analysed again, and none is skipped.
 * `<state file>.lock` (the watcher's pid) keeps two watchers off one state.
 *
 * Everything here but readWatchState, writeWatchState and lockStateFile is pure.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, rmSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { defaultCacheDir } from '../patchwork/cache.ts';
import { eventDateKey, type SeriesCompletedEvent } from '../patchwork/events.ts';

export const WATCH_STATE_SCHEMA = 'abi-check/watch-state@1';
/** How many handled series are remembered beyond those at the cursor instant. */
export const SEEN_HISTORY = 2000;

export interface SeenSeries {
  series: number;
  event: number;
  /** Event date key (events.ts eventDateKey). */
  date: string;
  outcome: 'analysed' | 'failed';
}

export interface WatchState {
  schema: typeof WATCH_STATE_SCHEMA;
  server: string;
  project: string;
  /** Date key of the last handled event; null before the first one. */
  cursor: string | null;
  /** Handled series, oldest first. */
  seen: SeenSeries[];
  /** Series whose analysis failed transiently, with the number of failed attempts so far. */
  retrying: Array<{ series: number; attempts: number }>;
}

export function emptyWatchState(server: string, project: string, cursor: string | null): WatchState {
  return { schema: WATCH_STATE_SCHEMA, server, project, cursor, seen: [], retrying: [] };
}

/** Safe file-name part: letters, digits, '.', '_' and '-' kept, anything else '_'. */
function fileNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
}

/** ~/.cache/abi-check/watch-<host>-<project>.json ($XDG_CACHE_HOME honoured). */
export function defaultStateFile(server: string, project: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultCacheDir(env), `watch-${fileNamePart(new URL(server).host)}-${fileNamePart(project)}.json`);
}

export function hasSeen(state: WatchState, event: SeriesCompletedEvent): boolean {
  return state.seen.some((s) => s.series === event.series.id || s.event === event.eventId);
}

/**
 * The state after handling `event`: the cursor moves to its date (never
 * backwards), the series joins `seen`, and `seen` keeps every series at the
 * cursor instant plus the last SEEN_HISTORY others.
 */
export function recordHandled(state: WatchState, event: SeriesCompletedEvent, outcome: SeenSeries['outcome']): WatchState {
  const cursor = state.cursor !== null && state.cursor > event.dateKey ? state.cursor : event.dateKey;
  const seen = [...state.seen.filter((s) => s.series !== event.series.id), { series: event.series.id, event: event.eventId, date: event.dateKey, outcome }];
  const atCursor = seen.filter((s) => s.date >= cursor);
  const older = seen.filter((s) => s.date < cursor).slice(-SEEN_HISTORY);
  const keep = new Set([...older, ...atCursor]);
  return { ...state, cursor, seen: seen.filter((s) => keep.has(s)), retrying: state.retrying.filter((r) => r.series !== event.series.id) };
}

/** The state after one more transient failure of a series, and how many attempts have failed now. */
export function recordTransientFailure(state: WatchState, seriesId: number): { state: WatchState; attempts: number } {
  const attempts = (state.retrying.find((r) => r.series === seriesId)?.attempts ?? 0) + 1;
  const retrying = [...state.retrying.filter((r) => r.series !== seriesId), { series: seriesId, attempts }];
  return { state: { ...state, retrying }, attempts };
}

function isSeen(value: unknown): value is SeenSeries {
  const v = value as SeenSeries;
  return (
    value !== null &&
    typeof value === 'object' &&
    Number.isInteger(v.series) &&
    Number.isInteger(v.event) &&
    typeof v.date === 'string' &&
    (v.outcome === 'analysed' || v.outcome === 'failed')
  );
}

/** Validate a parsed state file; throws InputError naming the file and what is wrong. */
export function parseWatchState(value: unknown, file: string): WatchState {
  const v = value as Partial<WatchState> | null;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InputError(file, 'the watch state is not a JSON object');
  if (v.schema !== WATCH_STATE_SCHEMA) throw new InputError(file, `not an abi-check watch state (schema ${JSON.stringify(v.schema ?? null)}, expected ${WATCH_STATE_SCHEMA})`);
  if (typeof v.server !== 'string' || typeof v.project !== 'string') throw new InputError(file, 'the watch state names no server or project');
  if (v.cursor !== null && typeof v.cursor !== 'string') throw new InputError(file, 'the watch state cursor is neither a date nor null');
  if (!Array.isArray(v.seen) || !v.seen.every(isSeen)) throw new InputError(file, 'the watch state list of handled series is malformed');
  const retrying = v.retrying ?? [];
  if (!Array.isArray(retrying) || !retrying.every((r) => Number.isInteger(r?.series) && Number.isInteger(r?.attempts))) {
    throw new InputError(file, 'the watch state list of series to retry is malformed');
  }
  return { schema: WATCH_STATE_SCHEMA, server: v.server, project: v.project, cursor: v.cursor ?? null, seen: v.seen, retrying };
}

/**
 * The saved state for this server and project, or null when there is no file.
 * A damaged file, or one written for another server or project, is an error:
 * guessing would re-analyse a project's history or skip series.
 */
export function readWatchState(file: string, server: string, project: string): WatchState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError(file, `cannot read the watch state: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `the watch state is not valid JSON (${(e as Error).message}); fix or delete it (then use --since to choose where to start)`);
  }
  const state = parseWatchState(value, file);
  if (state.server !== server || state.project !== project) {
    throw new InputError(file, `this watch state belongs to project ${state.project} on ${state.server}, not ${project} on ${server}; use another --state-file`);
  }
  return state;
}

/** Replace the state file atomically (temporary file, fsync, rename). */
export function writeWatchState(file: string, state: WatchState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, `${JSON.stringify(state, null, 1)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new InputError(file, `cannot save the watch state: ${(e as Error).message}`);
  }
}

const RELATIVE = /^(\d+)\s*(s|m|min|h|d|w)$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A Date as a cursor key (events.ts eventDateKey form). */
export function dateToKey(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

/**
 * `--since` as a cursor key: an ISO date or date-time (no zone = UTC, like
 * Patchwork), or an age such as 90m, 12h, 3d, 1w counted back from `now`.
 */
export function parseSince(text: string, now: Date): string {
  const t = text.trim();
  const relative = RELATIVE.exec(t);
  if (relative) return dateToKey(new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2].toLowerCase()]));
  const key = eventDateKey(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00` : t);
  if (key === null) throw new InputError('--since', `"${text}" is neither a date (2026-11-25, 2026-11-25T14:00:00, …Z or +01:00) nor an age (90m, 12h, 3d, 1w)`);
  return key;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take `<stateFile>.lock` for this process, so that two watchers (say, an
 * overlapping cron job) never work from the same cursor. A lock left by a
 * process that no longer exists is taken over. Returns the release function.
 */
export function lockStateFile(stateFile: string, pid = process.pid): () => void {
  const lock = `${stateFile}.lock`;
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(lock, `cannot lock the watch state: ${(e as Error).message}`);
    }
    let holder = NaN;
    try {
      holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    } catch {
      // vanished meanwhile: try again
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== pid && processAlive(holder)) {
      throw new InputError(stateFile, `another abi-check watch (pid ${holder}) is using this state; stop it, or give this one its own --state-file`);
    }
    rmSync(lock, { force: true });
  }
  throw new InputError(lock, 'cannot lock the watch state: the lock file keeps reappearing');
}

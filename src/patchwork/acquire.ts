/**
 * The acquisition stage: turn whatever the user pointed at into a Series.
 * See target.ts for the accepted forms. This module wires the edges (disk,
 * network, cache, bundled recordings) to the pure parts.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../errors.ts';
import type { Series } from './series.ts';
import { classifyTarget, type Target } from './target.ts';
import { readSeriesFile } from './local-input.ts';
import { PatchworkHttp, type FetchLike, type HttpStats } from './http.ts';
import { HttpCache, defaultCacheDir } from './cache.ts';
import { RecordedStore } from './recorded.ts';
import { fetchByMsgid, fetchCover, fetchPatch, fetchSeries, type RemoteContext } from './remote.ts';
import { API_VERSIONS, DEFAULT_API_VERSION, DEFAULT_SERVER } from './defaults.ts';
import { parseGitRange, readGitRange } from './git-range.ts';

export { API_VERSIONS, DEFAULT_SERVER };

/** The bundled example, relative to the fixtures directory. */
export const EXAMPLE_MBOX = 'mail/series-tph-v1.mbox';

export interface AcquireOptions {
  /** Patchwork base URL (no /api suffix); default https://patchwork.kernel.org. */
  server?: string;
  /** Sent as `Authorization: Token …`, only to `server`'s origin. */
  token?: string;
  /** '1.0' … '1.3'; default '1.3'. */
  apiVersion?: string;
  /** `--patch ID`: a Patchwork patch id; the series it belongs to is analysed. */
  patchId?: number;
  /** Preferred project when a message-id is found in several. */
  project?: string;
  /** No network: the disk cache and the bundled recordings only. */
  offline?: boolean;
  /** Default $XDG_CACHE_HOME/abi-check or ~/.cache/abi-check. */
  cacheDir?: string;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 3. */
  retries?: number;
  /** First backoff wait (doubles each retry); default 500 ms. */
  retryBaseMs?: number;
  /** Cap on any single wait, Retry-After included; default 30 s. */
  maxRetryWaitMs?: number;
  fetchImpl?: FetchLike;
  onProgress?: (msg: string) => void;
  /** Receives the HTTP counters when the stage is done (requests, 304s, offline answers, retries). */
  onStats?: (stats: HttpStats) => void;
  /** The fixtures directory holding the bundled example and recordings; default <project>/fixtures. */
  exampleDir?: string;
  /** Local kernel git tree: a target like `v6.1..HEAD` is read from it with git format-patch. */
  tree?: string;
}

export function defaultFixturesDir(): string {
  return fileURLToPath(new URL('../../fixtures/', import.meta.url));
}

/** Every recorded-response directory under fixtures/patchwork (the offline store). */
function bundledStores(fixtures: string): RecordedStore[] {
  const root = path.join(fixtures, 'patchwork');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => RecordedStore.fromDir(path.join(root, entry.name)));
}

function checkVersion(version: string, origin: string): string {
  if (!API_VERSIONS.includes(version)) throw new UsageError(`${origin}: API version ${version} is not supported (use ${API_VERSIONS.join(', ')})`);
  return version;
}

/** The server base URL without trailing slash; a usage error when it is not an http(s) URL. */
function checkServer(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server: "${server}" is not a URL (expected e.g. ${DEFAULT_SERVER})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server: "${server}" is not an http(s) URL`);
  return server.replace(/\/+$/, '');
}

function inputKind(t: Target): Series['input']['kind'] {
  switch (t.kind) {
    case 'series':
      return 'patchwork-series';
    case 'patch':
      return 'patchwork-patch';
    case 'cover':
      return 'patchwork-cover';
    default:
      return 'message-id';
  }
}

async function acquireRemote(t: Exclude<Target, { kind: 'example' } | { kind: 'file' }>, display: string, opts: AcquireOptions): Promise<Series> {
  const progress = opts.onProgress ?? (() => {});
  const configured = checkServer(opts.server ?? DEFAULT_SERVER);
  const server = (t.server ?? configured).replace(/\/+$/, '');
  if (t.apiVersion && !API_VERSIONS.includes(t.apiVersion)) {
    throw new InputError(display, `the URL names API version ${t.apiVersion}, which abi-check does not speak (${API_VERSIONS.join(', ')})`);
  }
  const apiVersion = checkVersion(t.apiVersion ?? opts.apiVersion ?? DEFAULT_API_VERSION, '--api-version');
  const fixtures = opts.exampleDir ?? defaultFixturesDir();
  const http = new PatchworkHttp({
    token: opts.token ?? null,
    tokenOrigin: configured,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    retryBaseMs: opts.retryBaseMs,
    maxRetryWaitMs: opts.maxRetryWaitMs,
    fetchImpl: opts.fetchImpl,
    cache: new HttpCache(opts.cacheDir ?? defaultCacheDir()),
    offline: opts.offline ?? false,
    offlineStores: opts.offline ? bundledStores(fixtures) : [],
    onProgress: progress,
  });
  const ctx: RemoteContext = { http, server, apiVersion, target: display, kind: inputKind(t), project: opts.project ?? null, progress };
  if (t.server && new URL(server).origin !== new URL(configured).origin && opts.token) {
    progress(`${display} is on ${server}, not the configured ${configured}: the token is not sent there`);
  }
  try {
    let series: Series;
    switch (t.kind) {
      case 'series':
        series = await fetchSeries(ctx, t.id);
        break;
      case 'patch':
        series = await fetchPatch(ctx, t.id);
        break;
      case 'cover':
        series = await fetchCover(ctx, t.id);
        break;
      case 'msgid':
        series = await fetchByMsgid(ctx, t.msgid, t.only);
        break;
    }
    if (opts.offline && http.stats.servedOffline > 0) series.notes.push(`offline: ${http.stats.servedOffline} answer(s) taken from the cache or the bundled recordings`);
    return series;
  } finally {
    progress(
      `HTTP: ${http.stats.networkRequests} request(s), ${http.stats.notModified} not modified, ${http.stats.cacheHits} from cache, ` +
        `${http.stats.servedOffline} served offline, ${http.stats.retries} retr${http.stats.retries === 1 ? 'y' : 'ies'}`,
    );
    opts.onStats?.({ ...http.stats });
  }
}

export async function acquireSeries(target: string | undefined, opts: AcquireOptions = {}): Promise<Series> {
  if (target !== undefined && opts.patchId !== undefined) throw new UsageError('give either a target or --patch, not both');
  if (opts.patchId !== undefined && !(Number.isInteger(opts.patchId) && opts.patchId > 0)) {
    throw new UsageError(`--patch wants a positive Patchwork patch id, not ${opts.patchId}`);
  }
  if (target !== undefined && opts.patchId === undefined && !existsSync(target) && parseGitRange(target)) {
    return readGitRange(target, opts.tree ?? process.cwd());
  }
  const t: Target = opts.patchId !== undefined ? { kind: 'patch', id: opts.patchId } : classifyTarget(target, existsSync);
  const display = opts.patchId !== undefined ? `--patch ${opts.patchId}` : (target ?? EXAMPLE_MBOX);

  if (t.kind === 'example') {
    const fixtures = opts.exampleDir ?? defaultFixturesDir();
    const file = path.join(fixtures, EXAMPLE_MBOX);
    if (!existsSync(file)) throw new InputError(`fixtures/${EXAMPLE_MBOX}`, 'the bundled example is missing from this installation');
    const result = await readSeriesFile(file, `fixtures/${EXAMPLE_MBOX}`, 'example');
    if (result.kind !== 'series') throw new InputError(`fixtures/${EXAMPLE_MBOX}`, 'the bundled example holds no patches');
    result.series.notes.unshift(`no target given: analysed the bundled example series fixtures/${EXAMPLE_MBOX} ("${result.series.name}")`);
    return result.series;
  }
  if (t.kind === 'file') {
    const result = await readSeriesFile(t.path, display);
    if (result.kind === 'series') return result.series;
    if (result.target.kind === 'example' || result.target.kind === 'file') throw new InputError(display, 'the file names nothing to fetch');
    const series = await acquireRemote(result.target, display, opts);
    series.input.kind = 'api-page';
    series.notes.unshift(result.note);
    return series;
  }
  return acquireRemote(t, display, opts);
}

/**
 * The one HTTP client abi-check uses to talk to Patchwork (REST API 1.0–1.3).
 * The acquisition stage reads with it; the report sinks post checks with it.
 *
 *   const http = new PatchworkHttp({ token, tokenOrigin: 'https://patchwork.kernel.org' });
 *   const series = await http.getJson('https://patchwork.kernel.org/api/1.3/series/1/');
 *   const patches = await http.getList('https://…/api/1.3/patches/?series=1');   // follows Link: rel="next"
 *   await http.postJson('https://…/api/1.3/patches/1/checks/', { state: 'success', context: 'abi-check' });
 *
 * Behaviour:
 * - `User-Agent: abi-check/<version>`, `Accept: application/json`.
 * - The token (`Authorization: Token <t>`) is sent only to `tokenOrigin`
 *   (scheme, host and port of the configured server). Redirects are followed
 *   by hand, and a redirect to any other origin loses the token.
 * - Each attempt has a timeout (`timeoutMs`, covering headers and body).
 *   Network errors, timeouts, 429 and 5xx are retried `retries` times with
 *   exponential backoff from `retryBaseMs`; `Retry-After` is honoured, every
 *   wait capped at `maxRetryWaitMs`. POSTs are retried only when the server
 *   certainly did not act (429, 502, 503, 504, connection refused).
 * - GETs go through the disk cache when one is given (ETag / Last-Modified
 *   revalidation; a 304 reuses the stored body). In `offline` mode nothing
 *   goes to the network: answers come from the cache, then from recorded
 *   stores; a miss throws an HttpError of kind 'offline'.
 * - Every failure is an HttpError (an InputError naming the URL) with one line
 *   that says what went wrong and what to do.
 */
import { readFileSync } from 'node:fs';
import { fetch as undiciFetch } from 'undici';
import { InputError } from '../errors.ts';
import { HttpCache, pickCachedHeaders, type CachedResponse } from './cache.ts';
import { parseLinkHeader } from './link-header.ts';
import type { RecordedStore } from './recorded.ts';

/** The subset of `fetch` the client needs (undici's or a test double). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; redirect: 'manual'; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface HttpClientOptions {
  token?: string | null;
  /** The only origin that may receive the token (e.g. "https://patchwork.kernel.org"). */
  tokenOrigin?: string | null;
  timeoutMs?: number;
  retries?: number;
  retryBaseMs?: number;
  maxRetryWaitMs?: number;
  maxRedirects?: number;
  fetchImpl?: FetchLike;
  cache?: HttpCache | null;
  offline?: boolean;
  /** Recorded responses consulted after the cache in offline mode. */
  offlineStores?: RecordedStore[];
  onProgress?: (message: string) => void;
}

export type HttpErrorKind = 'status' | 'network' | 'timeout' | 'html' | 'json' | 'offline' | 'redirect';

export class HttpError extends InputError {
  readonly url: string;
  readonly kind: HttpErrorKind;
  readonly status: number | null;
  /** The <title> of an HTML error page, when the server sent one. */
  readonly pageTitle: string | null;

  constructor(url: string, kind: HttpErrorKind, problem: string, status: number | null = null, pageTitle: string | null = null) {
    super(url, problem);
    this.name = 'HttpError';
    this.url = url;
    this.kind = kind;
    this.status = status;
    this.pageTitle = pageTitle;
  }
}

export interface HttpStats {
  /** Requests sent over the network (each attempt and each redirect hop counts). */
  networkRequests: number;
  /** Conditional requests answered 304 Not Modified. */
  notModified: number;
  /** Answers served without the network (offline: cache or recorded store). */
  servedOffline: number;
  /** Answers for immutable resources served from the cache without asking the server. */
  cacheHits: number;
  retries: number;
  /** Corrupt cache entries discarded. */
  corruptCacheEntries: number;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Where the answer came from. */
  source: 'network' | 'revalidated' | 'cache' | 'recorded';
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0';
  } catch {
    return '0';
  }
}

export const USER_AGENT = `abi-check/${readVersion()}`;

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const POST_RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as milliseconds (delta-seconds or HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The innermost useful description of a fetch failure ("ECONNREFUSED", "other side closed", …). */
function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof err.code === 'string') parts.push(err.code);
    if (typeof err.message === 'string' && err.message !== 'fetch failed' && err.message !== '') parts.push(err.message);
    e = err.cause ?? (Array.isArray(err.errors) ? err.errors[0] : undefined);
  }
  return [...new Set(parts)].join(': ') || String(error);
}

function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'TimeoutError';
}

function isConnectRefused(error: unknown): boolean {
  return /ECONNREFUSED/.test(describeNetworkError(error));
}

function htmlTitle(body: string): string | null {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body);
  return m ? m[1].replace(/\s+/g, ' ').trim() : null;
}

export function looksLikeHtml(contentType: string | undefined, body: string): boolean {
  return /html/i.test(contentType ?? '') || /^\s*<(?:!doctype|html|head|body|\?xml)/i.test(body);
}

export class PatchworkHttp {
  readonly stats: HttpStats = { networkRequests: 0, notModified: 0, servedOffline: 0, cacheHits: 0, retries: 0, corruptCacheEntries: 0 };
  private readonly token: string | null;
  private readonly tokenOrigin: string | null;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryWaitMs: number;
  private readonly maxRedirects: number;
  private readonly fetchImpl: FetchLike;
  private readonly cache: HttpCache | null;
  readonly offline: boolean;
  private readonly offlineStores: RecordedStore[];
  private readonly progress: (message: string) => void;

  constructor(options: HttpClientOptions = {}) {
    this.token = options.token ? options.token : null;
    this.tokenOrigin = options.tokenOrigin ? new URL(options.tokenOrigin).origin : null;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = Math.max(0, options.retries ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 30_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.fetchImpl = options.fetchImpl ?? (undiciFetch as unknown as FetchLike);
    this.cache = options.cache ?? null;
    this.offline = options.offline ?? false;
    this.offlineStores = options.offlineStores ?? [];
    this.progress = options.onProgress ?? (() => {});
  }

  /**
   * GET a JSON document (cached, retried). `immutable: true` means the parts
   * the caller uses never change once published (a patch's or cover's mail:
   * headers, content, diff), so a cached copy is used without asking the
   * server — Patchwork sends no ETag, so revalidation would cost a full fetch.
   */
  async getJson<T = unknown>(url: string, options: { immutable?: boolean } = {}): Promise<T> {
    return this.getValidated(url, 'application/json', (response) => parseJsonResponse(response) as T, options.immutable ?? false);
  }

  /** GET plain text (e.g. an mbox), cached and retried like JSON. */
  async getText(url: string): Promise<string> {
    return this.getValidated(url, '*/*', (response) => response.body);
  }

  /**
   * GET every item of a Patchwork list endpoint: asks for `per_page=100`
   * (the API maximum) unless the URL says less, then follows `Link: rel="next"`
   * verbatim until there is none (or `maxPages` pages were read).
   */
  async getList<T = unknown>(url: string, options: { maxPages?: number } = {}): Promise<T[]> {
    const first = new URL(url);
    const perPage = Number(first.searchParams.get('per_page') ?? NaN);
    if (!(perPage > 0 && perPage <= 100)) first.searchParams.set('per_page', '100');
    const items: T[] = [];
    const seen = new Set<string>();
    let next: string | null = first.toString();
    const maxPages = options.maxPages ?? 10_000;
    while (next !== null && seen.size < maxPages) {
      if (seen.has(next)) throw new HttpError(next, 'json', `the server's "next" page link points back to a page already read (${next})`);
      seen.add(next);
      const page: { value: unknown; link: string | null } = await this.getValidated(next, 'application/json', (response) => ({
        value: parseJsonResponse(response),
        link: response.headers.link ?? null,
      }));
      if (!Array.isArray(page.value)) {
        throw new HttpError(next, 'json', `expected a JSON list from ${next} but got ${page.value === null ? 'null' : typeof page.value}`);
      }
      items.push(...(page.value as T[]));
      next = parseLinkHeader(page.link).next ?? null;
    }
    return items;
  }

  /** POST a JSON body (token sent to the configured origin); returns the parsed JSON answer, or null for an empty one. */
  async postJson<T = unknown>(url: string, body: unknown): Promise<T | null> {
    if (this.offline) throw new HttpError(url, 'offline', `offline mode: not sending POST ${url}`);
    const response = await this.send('POST', url, JSON.stringify(body), { Accept: 'application/json' });
    if (response.status < 200 || response.status >= 300) throw statusError(url, response, this.token !== null && this.mayAuthorize(url), 'POST');
    if (response.body.trim() === '') return null;
    return parseJsonResponse(response) as T;
  }

  /** True when the token may be sent to this URL. */
  private mayAuthorize(url: string): boolean {
    return this.token !== null && this.tokenOrigin !== null && new URL(url).origin === this.tokenOrigin;
  }

  /**
   * GET through cache / offline stores; `accept` turns the response into the
   * caller's value and throws when it is unusable — only accepted answers are
   * stored, and a stored answer that is no longer accepted counts as corrupt.
   */
  private async getValidated<T>(url: string, acceptType: string, accept: (response: HttpResponse) => T, immutable = false): Promise<T> {
    const cached = await this.readCache(url);
    if (cached && immutable && !this.offline) {
      try {
        const value = accept({ ...cached, source: 'cache' });
        this.stats.cacheHits++;
        return value;
      } catch {
        this.stats.corruptCacheEntries++;
        await this.cache?.remove(url);
        return this.getValidated(url, acceptType, accept, false);
      }
    }
    if (this.offline) {
      if (cached) {
        this.stats.servedOffline++;
        return accept({ ...cached, source: 'cache' });
      }
      for (const store of this.offlineStores) {
        const recording = store.lookup(url);
        if (recording && recording.status === 200) {
          this.stats.servedOffline++;
          const headers: Record<string, string> = {};
          for (const [k, v] of recording.headers) headers[k.toLowerCase()] = v;
          return accept({ url, status: 200, headers, body: recording.body.toString('utf8'), source: 'recorded' });
        }
      }
      throw new HttpError(url, 'offline', `offline mode: ${url} is neither in the cache nor in the bundled recordings`);
    }

    const conditional: Record<string, string> = { Accept: acceptType };
    if (cached?.headers.etag) conditional['If-None-Match'] = cached.headers.etag;
    else if (cached?.headers['last-modified']) conditional['If-Modified-Since'] = cached.headers['last-modified'];
    const response = await this.send('GET', url, undefined, conditional);

    if (response.status === 304 && cached) {
      this.stats.notModified++;
      const revalidated: HttpResponse = { ...cached, source: 'revalidated' };
      let value: T;
      try {
        value = accept(revalidated);
      } catch {
        // the stored body no longer parses: drop it and fetch unconditionally
        this.stats.corruptCacheEntries++;
        await this.cache?.remove(url);
        const fresh = await this.send('GET', url, undefined, { Accept: acceptType });
        return this.acceptAndStore(url, fresh, accept);
      }
      await this.cache?.write({ url: cached.url, status: cached.status, headers: cached.headers, body: cached.body }).catch(() => {});
      return value;
    }
    return this.acceptAndStore(url, response, accept);
  }

  private async acceptAndStore<T>(url: string, response: HttpResponse, accept: (response: HttpResponse) => T): Promise<T> {
    if (response.status !== 200) throw statusError(url, response, this.mayAuthorize(url), 'GET');
    const value = accept(response);
    if (this.cache) {
      await this.cache.write({ url, status: 200, headers: response.headers, body: response.body }).catch((e: Error) => {
        this.progress(`could not write the HTTP cache (${e.message}); continuing without it`);
      });
    }
    return value;
  }

  private async readCache(url: string): Promise<CachedResponse | null> {
    if (!this.cache) return null;
    const read = await this.cache.read(url);
    if (read.state === 'corrupt') {
      this.stats.corruptCacheEntries++;
      this.progress(`discarded a corrupt cache entry for ${url} (${read.reason})`);
      return null;
    }
    return read.state === 'hit' ? read.entry : null;
  }

  /** One logical request: redirects followed by hand, retries with backoff, per-attempt timeout. */
  private async send(method: 'GET' | 'POST', url: string, body: string | undefined, extra: Record<string, string>): Promise<HttpResponse> {
    let current = url;
    let currentMethod = method;
    let currentBody = body;
    for (let hop = 0; ; hop++) {
      const response = await this.sendWithRetries(currentMethod, current, currentBody, extra);
      const location = response.headers.location;
      if (!REDIRECT_STATUS.has(response.status) || !location) return { ...response, url };
      if (hop >= this.maxRedirects) throw new HttpError(url, 'redirect', `more than ${this.maxRedirects} redirects starting at ${url}`);
      const next = new URL(location, current).toString();
      this.progress(`${current} redirects to ${next}${this.token && !this.mayAuthorize(next) ? ' (another host: the token is not sent there)' : ''}`);
      if (response.status === 303) {
        currentMethod = 'GET';
        currentBody = undefined;
      }
      current = next;
    }
  }

  private async sendWithRetries(method: 'GET' | 'POST', url: string, body: string | undefined, extra: Record<string, string>): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...extra };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.mayAuthorize(url)) headers.Authorization = `Token ${this.token}`;
    const retryable = method === 'GET' ? RETRYABLE_STATUS : POST_RETRYABLE_STATUS;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retries;
      const backoff = Math.min(this.retryBaseMs * 2 ** attempt, this.maxRetryWaitMs);
      try {
        this.stats.networkRequests++;
        const res = await this.fetchImpl(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
        const text = await res.text();
        const response: HttpResponse = { url, status: res.status, headers: collectHeaders(res.headers), body: text, source: 'network' };
        if (!last && retryable.has(res.status)) {
          const after = retryAfterMs(res.headers.get('retry-after'));
          const wait = Math.min(after ?? backoff, this.maxRetryWaitMs);
          this.progress(`${method} ${url}: HTTP ${res.status}; retrying in ${wait} ms (attempt ${attempt + 2} of ${this.retries + 1})`);
          this.stats.retries++;
          await sleep(wait);
          continue;
        }
        return response;
      } catch (error) {
        const timedOut = isTimeout(error);
        const mayRetry = method === 'GET' || isConnectRefused(error);
        if (!last && mayRetry) {
          this.progress(`${method} ${url}: ${timedOut ? `no answer within ${this.timeoutMs} ms` : describeNetworkError(error)}; retrying in ${backoff} ms`);
          this.stats.retries++;
          await sleep(backoff);
          continue;
        }
        const attempts = `${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
        if (timedOut) throw new HttpError(url, 'timeout', `no answer from ${new URL(url).host} within ${this.timeoutMs} ms (${attempts}) for ${url}`);
        throw new HttpError(url, 'network', `cannot reach ${new URL(url).host}: ${describeNetworkError(error)} (${attempts}, ${url})`);
      }
    }
  }
}

function collectHeaders(headers: { get(name: string): string | null }): Record<string, string> {
  const out = pickCachedHeaders(headers);
  for (const name of ['location', 'retry-after', 'content-length']) {
    const v = headers.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

/** JSON body of a response, or an HttpError saying it is HTML, empty, truncated or invalid. */
export function parseJsonResponse(response: HttpResponse): unknown {
  const { url, body } = response;
  const contentType = response.headers['content-type'];
  if (looksLikeHtml(contentType, body)) {
    const title = htmlTitle(body);
    throw new HttpError(url, 'html', `expected JSON from ${url} but got an HTML page${title ? ` ("${title}")` : ''} — is the server a Patchwork instance and the URL an API URL?`, response.status);
  }
  if (body.trim() === '') throw new HttpError(url, 'json', `empty answer from ${url} where JSON was expected`, response.status);
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const truncated = /end of (?:JSON )?input|Unterminated|Expected .* after/i.test(message) && !/[}\]]\s*$/.test(body);
    throw new HttpError(
      url,
      'json',
      truncated ? `truncated JSON from ${url} (the answer stops after ${body.length} characters)` : `invalid JSON from ${url}: ${message}`,
      response.status,
    );
  }
}

function statusError(url: string, response: HttpResponse, tokenSent: boolean, method: string): HttpError {
  const { status } = response;
  const title = looksLikeHtml(response.headers['content-type'], response.body) ? htmlTitle(response.body) : null;
  const detail = title ? ` ("${title}")` : '';
  if (status === 401 || status === 403) {
    const why = tokenSent ? 'the server refused the token: it is wrong, or lacks the rights for this (a maintainer of the project is needed to write)' : 'no token was sent; give one with --token, $ABI_CHECK_TOKEN or `git config pw.token`';
    return new HttpError(url, 'status', `${method} ${url} was forbidden (HTTP ${status})${detail}: ${why}`, status);
  }
  if (status === 404) return new HttpError(url, 'status', `not found (HTTP 404)${detail}: ${url}`, status, title);
  if (status === 429) return new HttpError(url, 'status', `the server kept rate-limiting (HTTP 429) ${url}; try again later`, status);
  if (status >= 500) return new HttpError(url, 'status', `server error HTTP ${status}${detail} from ${url}`, status);
  if (status === 304) return new HttpError(url, 'status', `unexpected 304 Not Modified for ${url} (no cached copy to reuse)`, status);
  return new HttpError(url, 'status', `unexpected HTTP ${status}${detail} from ${url}`, status);
}

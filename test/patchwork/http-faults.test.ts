/**
 * The shared Patchwork HTTP client against injected faults on a real local
 * server: retries, Retry-After, timeouts, dropped connections, redirects,
 * pagination, the disk cache.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpError, PatchworkHttp, retryAfterMs, type HttpClientOptions } from '../../src/patchwork/http.ts';
import { HttpCache } from '../../src/patchwork/cache.ts';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import { ReplayServer, startReplay } from './replay-server.ts';

let server: ReplayServer;
let other: ReplayServer;
const dirs: string[] = [];
beforeAll(async () => {
  server = await startReplay();
  other = await startReplay();
});
afterAll(async () => {
  await server.close();
  await other.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  for (const s of [server, other]) {
    s.requests.length = 0;
    s.faults.length = 0;
    s.etags = false;
  }
});

function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'abi-check-http-'));
  dirs.push(d);
  return d;
}

function client(extra: HttpClientOptions = {}): { http: PatchworkHttp; progress: string[] } {
  const progress: string[] = [];
  const http = new PatchworkHttp({ tokenOrigin: server.origin, retries: 2, retryBaseMs: 5, timeoutMs: 2000, onProgress: (m) => progress.push(m), ...extra });
  return { http, progress };
}

const seriesUrl = () => `${server.origin}/api/1.3/series/1/`;

describe('retries', () => {
  it('500 then 200: one retry, then the answer', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      respond: (_q, res) => {
        res.writeHead(500, { 'Content-Type': 'text/html' });
        res.end('<h1>Server Error (500)</h1>');
      },
    });
    const { http, progress } = client();
    const series = await http.getJson<{ id: number }>(seriesUrl());
    expect(series.id).toBe(1);
    expect(http.stats).toMatchObject({ networkRequests: 2, retries: 1 });
    expect(progress[0]).toMatch(/HTTP 500; retrying in 5 ms \(attempt 2 of 3\)/);
  });

  it('5xx that persists: a clear error after all attempts', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      times: 3,
      respond: (_q, res) => {
        res.writeHead(503, { 'Content-Type': 'text/html' });
        res.end('<html><title>Service Unavailable</title></html>');
      },
    });
    const { http } = client();
    await expect(http.getJson(seriesUrl())).rejects.toThrow(`server error HTTP 503 ("Service Unavailable") from ${seriesUrl()}`);
    expect(http.stats.networkRequests).toBe(3);
  });

  it('429 with Retry-After: waits as told (within the cap)', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      respond: (_q, res) => {
        res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
        res.end('{"detail":"Request was throttled."}');
      },
    });
    const { http, progress } = client({ retryBaseMs: 1, maxRetryWaitMs: 5000 });
    const t0 = performance.now();
    await http.getJson(seriesUrl());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(progress[0]).toContain('HTTP 429; retrying in 1000 ms');
  });

  it('Retry-After beyond the cap is capped', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      respond: (_q, res) => {
        res.writeHead(429, { 'Retry-After': '3600' });
        res.end();
      },
    });
    const { http, progress } = client({ maxRetryWaitMs: 20 });
    const t0 = performance.now();
    await http.getJson(seriesUrl());
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(progress[0]).toContain('retrying in 20 ms');
  });

  it('Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-04-20T18:00:00Z');
    expect(retryAfterMs('Mon, 20 Apr 2026 18:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it('a slow answer past the timeout: retried, then a timeout error', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      times: 2,
      respond: (_q, res) => {
        setTimeout(() => {
          if (!res.destroyed) res.end('{}');
        }, 600);
      },
    });
    const { http } = client({ timeoutMs: 100, retries: 1 });
    const t0 = performance.now();
    const error = await http.getJson(seriesUrl()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).kind).toBe('timeout');
    expect((error as HttpError).problem).toBe(`no answer from ${new URL(server.origin).host} within 100 ms (2 attempts) for ${seriesUrl()}`);
    expect(performance.now() - t0).toBeLessThan(600);
  });

  it('a slow answer that arrives in time on the retry', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      respond: (_q, res) => setTimeout(() => !res.destroyed && res.end('{}'), 500),
    });
    const { http } = client({ timeoutMs: 150, retries: 1 });
    expect(await http.getJson<{ id: number }>(seriesUrl())).toMatchObject({ id: 1 });
  });

  it('a body cut off mid-transfer (connection dropped) is retried', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      respond: (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '2118' });
        res.write('{"id":1,"url":');
        setTimeout(() => res.destroy(), 10);
      },
    });
    const { http, progress } = client();
    expect(await http.getJson<{ id: number }>(seriesUrl())).toMatchObject({ id: 1 });
    expect(progress[0]).toMatch(/other side closed|terminated/);
  });
});

describe('redirects', () => {
  it('a redirect to another host does not carry the token', async () => {
    server.faults.push({
      match: (u) => u === '/api/1.3/series/1/',
      respond: (_q, res) => {
        res.writeHead(302, { Location: `${other.origin}/api/1.3/series/1/` });
        res.end();
      },
    });
    const { http, progress } = client({ token: 'secret-token' });
    const series = await http.getJson<{ id: number }>(seriesUrl());
    expect(series.id).toBe(1);
    expect(server.requests[0].headers.authorization).toBe('Token secret-token');
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0].headers.authorization).toBeUndefined();
    expect(progress.join('\n')).toContain('another host: the token is not sent there');
  });

  it('a redirect on the same origin keeps the token', async () => {
    server.faults.push({
      match: (u) => u === '/api/series/1/',
      respond: (_q, res) => {
        res.writeHead(301, { Location: '/api/1.3/series/1/' });
        res.end();
      },
    });
    const { http } = client({ token: 't' });
    await http.getJson(`${server.origin}/api/series/1/`);
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/api/series/1/', 'Token t'],
      ['/api/1.3/series/1/', 'Token t'],
    ]);
  });

  it('a redirect loop ends with an error', async () => {
    server.faults.push({
      match: (u) => u.startsWith('/loop'),
      times: 100,
      respond: (_q, res) => {
        res.writeHead(302, { Location: '/loop' });
        res.end();
      },
    });
    const { http } = client({ maxRedirects: 3 });
    await expect(http.getJson(`${server.origin}/loop`)).rejects.toThrow('more than 3 redirects');
  });
});

describe('pagination', () => {
  it('follows Link rel="next" verbatim until the last page', async () => {
    const all = JSON.parse(server.store.lookup('http://127.0.0.1:8767/api/1.3/patches/?series=1')!.body.toString('utf8'));
    const page2 = 'http://127.0.0.1:8767/api/1.3/patches/?page=2&per_page=1&project=linux-pci';
    server.addJson(page2, [all[1]], 200, [
      ['Link', '<http://127.0.0.1:8767/api/1.3/patches/?page=1&per_page=1&project=linux-pci>; rel="prev", <http://127.0.0.1:8767/api/1.3/patches/?page=1&per_page=1&project=linux-pci>; rel="first", <http://127.0.0.1:8767/api/1.3/patches/?page=2&per_page=1&project=linux-pci>; rel="last"'],
    ]);
    const { http } = client();
    const items = await http.getList<{ id: number }>(`${server.origin}/api/1.3/patches/?project=linux-pci&per_page=1`);
    expect(items.map((i) => i.id)).toEqual([1, 2]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/1.3/patches/?project=linux-pci&per_page=1',
      '/api/1.3/patches/?page=2&per_page=1&project=linux-pci',
    ]);
  });

  it('asks for at most 100 per page', async () => {
    const { http } = client();
    await http.getList(`${server.origin}/api/1.3/series/?project=linux-pci&per_page=500`);
    expect(server.requests[0].url).toBe('/api/1.3/series/?project=linux-pci&per_page=100');
  });

  it('a page that is not a list is an error', async () => {
    const { http } = client();
    await expect(http.getList(`${server.origin}/api/1.3/series/1/`)).rejects.toThrow(/expected a JSON list/);
  });
});

describe('disk cache', () => {
  it('revalidates with If-None-Match; 304 answers reuse the stored bodies', async () => {
    server.etags = true;
    const cacheDir = tmp();
    const stats: Array<Record<string, number>> = [];
    const opts = { server: server.origin, cacheDir, retryBaseMs: 5, onStats: (s: object) => stats.push({ ...(s as Record<string, number>) }) };
    const first = await acquireSeries('1', opts);
    const firstRequests = server.requests.length;
    const second = await acquireSeries('1', opts);
    expect(second.patches).toEqual(first.patches);
    expect(stats[0]).toMatchObject({ networkRequests: 4, notModified: 0 });
    expect(stats[1]).toMatchObject({ networkRequests: 1, notModified: 1, cacheHits: 3 });
    const revalidations = server.requests.slice(firstRequests);
    expect(revalidations.every((r) => typeof r.headers['if-none-match'] === 'string')).toBe(true);
    expect(readdirSync(path.join(cacheDir, 'http')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('without ETags (Patchwork sends none) a repeated run asks only for the series: patch and cover mails are immutable', async () => {
    const cacheDir = tmp();
    let stats: Record<string, number> = {};
    const opts = { server: server.origin, cacheDir, onStats: (s: object) => (stats = { ...(s as Record<string, number>) }) };
    const first = await acquireSeries('1', opts);
    server.requests.length = 0;
    const second = await acquireSeries('1', opts);
    expect(second).toEqual(first);
    expect(stats).toMatchObject({ networkRequests: 1, cacheHits: 3, notModified: 0 });
    expect(server.requests.map((r) => r.url)).toEqual(['/api/1.3/series/1/']);
  });

  it('a corrupt entry is discarded and fetched again', async () => {
    server.etags = true;
    const cacheDir = tmp();
    const { http } = client({ cache: new HttpCache(cacheDir) });
    await http.getJson(seriesUrl());
    const file = new HttpCache(cacheDir).fileFor(seriesUrl());
    const entry = readFileSync(file, 'utf8');
    writeFileSync(file, entry.slice(0, entry.length / 2)); // torn write
    const { http: again, progress } = client({ cache: new HttpCache(cacheDir) });
    expect(await again.getJson<{ id: number }>(seriesUrl())).toMatchObject({ id: 1 });
    expect(again.stats.corruptCacheEntries).toBe(1);
    expect(server.requests.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(progress[0]).toContain('discarded a corrupt cache entry');
    expect((await new HttpCache(cacheDir).read(seriesUrl())).state).toBe('hit');
  });

  it('an entry whose body was altered fails its checksum', async () => {
    const cacheDir = tmp();
    const cache = new HttpCache(cacheDir);
    await cache.write({ url: 'http://x/a', status: 200, headers: {}, body: '{"a":1}' });
    const file = cache.fileFor('http://x/a');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{\\"a\\":1}', '{\\"a\\":2}'));
    expect(await cache.read('http://x/a')).toEqual({ state: 'corrupt', reason: 'body checksum mismatch' });
    expect(await cache.read('http://x/a')).toEqual({ state: 'miss' });
  });

  it('offline mode answers from the cache without any network', async () => {
    const cacheDir = tmp();
    await acquireSeries('1', { server: server.origin, cacheDir });
    server.requests.length = 0;
    let stats: Record<string, number> = {};
    const noNetwork = async () => {
      throw new Error('network used in offline mode');
    };
    const series = await acquireSeries('1', { server: server.origin, cacheDir, offline: true, fetchImpl: noNetwork, onStats: (s) => (stats = { ...s }) });
    expect(series.patches).toHaveLength(2);
    expect(stats).toMatchObject({ networkRequests: 0, servedOffline: 4 });
    expect(server.requests).toHaveLength(0);
  });
});

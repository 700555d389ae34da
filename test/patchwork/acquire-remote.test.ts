import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireSeries, type AcquireOptions } from '../../src/patchwork/acquire.ts';
import type { HttpStats } from '../../src/patchwork/http.ts';
import type { Series } from '../../src/patchwork/series.ts';
import { InputError } from '../../src/errors.ts';
import { ReplayServer, startReplay } from './replay-server.ts';

const SUBJECT_1 = '[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf';
const SUBJECT_2 = '[PATCH v1 2/2] RDMA/mlx5: get tph for p2p access when registering dma-buf mr';
const MSGID_2 = '20260420183920.3626389-3-zhipingz@meta.com';

let server: ReplayServer;
/** Cache directories made by options(), removed after each test (a test may make several). */
const cacheDirs: string[] = [];
beforeAll(async () => {
  server = await startReplay();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  server.faults.length = 0;
  server.etags = false;
  for (const d of cacheDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function options(extra: Partial<AcquireOptions> = {}): AcquireOptions & { stats: () => HttpStats } {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'abi-check-acq-'));
  cacheDirs.push(cacheDir);
  let stats: HttpStats | null = null;
  return {
    server: server.origin,
    cacheDir,
    retries: 2,
    retryBaseMs: 5,
    timeoutMs: 2000,
    onStats: (s) => (stats = s),
    stats: () => stats!,
    ...extra,
  };
}

function expectTphSeries(series: Series): void {
  expect(series.id).toBe(1);
  expect(series.name).toBe('Retrieve TPH from dma-buf for PCIe P2P memory access');
  expect(series.receivedAll).toBe(true);
  expect(series.total).toBe(2);
  expect(series.project).toBe('linux-pci');
  expect(series.patches.map((p) => p.subject)).toEqual([SUBJECT_1, SUBJECT_2]);
  expect(series.patches.map((p) => p.index)).toEqual([1, 2]);
  expect(series.patches.map((p) => p.id)).toEqual([1, 2]);
  expect(series.patches[1].msgid).toBe(MSGID_2);
  expect(series.patches[0].date).toBe('2026-04-20T18:39:15.000Z');
  expect(series.patches[0].author).toEqual({ name: 'Zhiping Zhang', email: 'zhipingz@meta.com' });
  expect(series.patches[0].inReplyTo).toBe('20260420183920.3626389-1-zhipingz@meta.com');
  expect(series.patches[0].cc.map((c) => c.email)).toContain('linux-pci@vger.kernel.org');
  expect(series.patches[0].diff.startsWith('diff --git a/drivers/vfio/pci/vfio_pci_dmabuf.c')).toBe(true);
  expect(series.patches[0].diff).toContain('include/uapi/linux/vfio.h');
  expect(series.patches[0].commitMessage).toMatch(/Signed-off-by: Zhiping Zhang <zhipingz@meta.com>$/);
  expect(series.patches[0].commitMessage).not.toContain('files changed');
  expect(series.cover?.subject).toBe('[PATCH v1 0/2] Retrieve TPH from dma-buf for PCIe P2P memory access');
  expect(series.cover?.id).toBe(1);
}

describe('series from the replayed Patchwork 3.1.3 server', () => {
  it('by series id: original subjects, 4 requests (series, cover, 2 patches)', async () => {
    const opts = options();
    const series = await acquireSeries('1', opts);
    expectTphSeries(series);
    expect(series.input).toMatchObject({ kind: 'patchwork-series', target: '1', server: server.origin, apiVersion: '1.3' });
    expect(opts.stats().networkRequests).toBe(4);
    expect(server.requests.map((r) => r.url).sort()).toEqual(['/api/1.3/covers/1/', '/api/1.3/patches/1/', '/api/1.3/patches/2/', '/api/1.3/series/1/']);
    for (const r of server.requests) {
      expect(r.headers['user-agent']).toMatch(/^abi-check\/\d+\.\d+\.\d+/);
      expect(r.headers.accept).toBe('application/json');
    }
  });

  it('by series web URL (list/?series=N): the server comes from the URL, the token stays home', async () => {
    const opts = options({ server: 'https://patchwork.example.org', token: 'secret' });
    const series = await acquireSeries(`${server.origin}/project/linux-pci/list/?series=1`, opts);
    expectTphSeries(series);
    expect(series.input.server).toBe(server.origin);
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('by API URL of the series', async () => {
    const series = await acquireSeries(`${server.origin}/api/1.3/series/1/`, options());
    expectTphSeries(series);
  });

  it('by message-id of patch 2/2 (with brackets): looked up without them, whole series, position 2', async () => {
    const opts = options();
    const series = await acquireSeries(`<${MSGID_2}>`, opts);
    expectTphSeries(series);
    expect(series.input.kind).toBe('message-id');
    expect(series.input.requested).toEqual({ kind: 'patch', id: 2, msgid: MSGID_2, index: 2 });
    const lookup = server.seen('msgid=');
    expect(lookup).toHaveLength(1);
    expect(lookup[0].url).not.toMatch(/%3C|</i);
    expect(lookup[0].url).toContain('per_page=100');
    // list + patch 2 detail + series + cover + patch 1 (patch 2's detail is reused)
    expect(opts.stats().networkRequests).toBe(5);
  });

  it('by patch web URL with message-id, and by --patch id', async () => {
    const byUrl = await acquireSeries(`${server.origin}/project/linux-pci/patch/${MSGID_2}/`, options());
    expectTphSeries(byUrl);
    expect(byUrl.input.requested?.index).toBe(2);
    const byId = await acquireSeries(undefined, options({ patchId: 1 }));
    expectTphSeries(byId);
    expect(byId.input.kind).toBe('patchwork-patch');
    expect(byId.input.requested).toEqual({ kind: 'patch', id: 1, msgid: '20260420183920.3626389-2-zhipingz@meta.com', index: 1 });
    expect(byId.notes.join('\n')).toContain('patch 1 is patch 1 of 2 in series 1');
  });

  it('by cover letter API URL', async () => {
    const series = await acquireSeries(`${server.origin}/api/1.3/covers/1/`, options());
    expectTphSeries(series);
    expect(series.input.requested?.index).toBe(0);
  });

  it('sends the token to the configured server only', async () => {
    await acquireSeries('1', options({ token: 'tok123' }));
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.headers.authorization === 'Token tok123')).toBe(true);
  });
});

describe('errors from the server, each one line naming the input, exit code 1', () => {
  async function failure(target: string | undefined, opts: AcquireOptions): Promise<InputError> {
    const error = await acquireSeries(target, opts).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.exitCode).toBe(1);
    expect(e.message).not.toContain('\n');
    return e;
  }

  it('unknown series: 404', async () => {
    const e = await failure('99', options());
    expect(e.input).toBe('99');
    expect(e.problem).toBe(`series 99 not found on ${server.origin} (HTTP 404 for ${server.origin}/api/1.3/series/99/)`);
  });

  it('unknown series answered with an HTML 404 page', async () => {
    const opts = options();
    server.faults.push({
      match: (u) => u.startsWith('/api/1.3/series/98/'),
      respond: (_q, res) => {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<!DOCTYPE html><html><head><title>Page not found | Patchwork</title></head><body>nope</body></html>');
      },
    });
    const e = await failure('98', opts);
    expect(e.problem).toContain('series 98 not found');
    expect(e.problem).toContain('HTML page "Page not found | Patchwork"');
  });

  it('an HTML page where JSON was expected', async () => {
    server.faults.push({
      match: (u) => u.startsWith('/api/1.3/series/1/'),
      respond: (_q, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<html><head><title>Sign in</title></head></html>');
      },
    });
    const e = await failure('1', options());
    expect(e.problem).toMatch(/^expected JSON from http:\/\/127\.0\.0\.1:\d+\/api\/1\.3\/series\/1\/ but got an HTML page \("Sign in"\)/);
  });

  it('truncated JSON (complete HTTP answer, cut document)', async () => {
    server.faults.push({
      match: (u) => u.startsWith('/api/1.3/patches/2/'),
      respond: (_q, res, s) => {
        const body = s.rewrite(s.store.lookup('http://127.0.0.1:8767/api/1.3/patches/2/')!.body.toString('utf8')).slice(0, 5000);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
        res.end(body);
      },
    });
    const e = await failure('1', options());
    expect(e.problem).toMatch(/^truncated JSON from http:\/\/127\.0\.0\.1:\d+\/api\/1\.3\/patches\/2\/ \(the answer stops after 5000 characters\)$/);
  });

  it('a message-id the server does not know', async () => {
    const e = await failure('nobody@example.org', options());
    expect(e.problem).toBe(`no patch or cover letter with Message-ID <nobody@example.org> on ${server.origin}`);
    expect(server.seen('/patches/?msgid=nobody%40example.org')).toHaveLength(1);
    expect(server.seen('/covers/?msgid=nobody%40example.org')).toHaveLength(1);
  });

  it('unreachable server', async () => {
    const probe = await startReplay();
    const dead = probe.origin;
    await probe.close();
    const e = await failure('1', options({ server: dead, retries: 1, retryBaseMs: 1 }));
    expect(e.problem).toMatch(new RegExp(`^cannot reach 127\\.0\\.0\\.1:\\d+: ECONNREFUSED.*\\(2 attempts, ${dead}/api/1\\.3/series/1/\\)$`));
  });

  it('403 on a write without a token, and with a refused one (POST via the shared client)', async () => {
    const { PatchworkHttp } = await import('../../src/patchwork/http.ts');
    server.faults.push({
      match: (_u, m) => m === 'POST',
      times: 2,
      respond: (_q, res) => {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end('{"detail":"Authentication credentials were not provided."}');
      },
    });
    const url = `${server.origin}/api/1.3/patches/1/checks/`;
    const anonymous = new PatchworkHttp({ tokenOrigin: server.origin, retries: 0 });
    await expect(anonymous.postJson(url, { state: 'success' })).rejects.toThrow(
      `POST ${url} was forbidden (HTTP 403): no token was sent; give one with --token, $ABI_CHECK_TOKEN or \`git config pw.token\``,
    );
    const refused = new PatchworkHttp({ token: 'bad', tokenOrigin: server.origin, retries: 0 });
    await expect(refused.postJson(url, { state: 'success' })).rejects.toThrow(/the server refused the token: it is wrong, or lacks the rights/);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((p) => p.headers.authorization)).toEqual([undefined, 'Token bad']);
    expect(JSON.parse(posts[1].body)).toEqual({ state: 'success' });
    expect(posts[1].headers['content-type']).toBe('application/json');
  });

  it('403 on a read: explains the token', async () => {
    server.faults.push({
      match: (u) => u.startsWith('/api/1.3/series/1/'),
      times: 2,
      respond: (_q, res) => {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end('{"detail":"You do not have permission to perform this action."}');
      },
    });
    const anonymous = await failure('1', options());
    expect(anonymous.problem).toBe(
      `GET ${server.origin}/api/1.3/series/1/ was forbidden (HTTP 403): no token was sent; give one with --token, $ABI_CHECK_TOKEN or \`git config pw.token\``,
    );
    const withToken = await failure('1', options({ token: 'wrong' }));
    expect(withToken.problem).toMatch(/forbidden \(HTTP 403\): the server refused the token: it is wrong, or lacks the rights for this/);
  });

  it('a server too slow to answer, named with the target', async () => {
    server.faults.push({
      match: (u) => u.startsWith('/api/1.3/series/1/'),
      times: 2,
      respond: (_q, res) => setTimeout(() => !res.destroyed && res.end('{}'), 400),
    });
    const e = await failure('1', options({ timeoutMs: 80, retries: 1 }));
    expect(e.input).toBe('1');
    expect(e.problem).toBe(`no answer from ${new URL(server.origin).host} within 80 ms (2 attempts) for ${server.origin}/api/1.3/series/1/`);
  });

  it('offline: says which answers it could not find', async () => {
    const e = await failure('7', options({ offline: true }));
    expect(e.problem).toBe(`offline mode: ${server.origin}/api/1.3/series/7/ is neither in the cache nor in the bundled recordings`);
    expect(server.requests).toHaveLength(0);
  });
});

describe('older API versions and partial series', () => {
  it('tolerates nulls, empty strings and missing fields (API 1.0 shaped answers)', async () => {
    const series = JSON.parse(server.store.lookup('http://127.0.0.1:8767/api/1.3/series/1/')!.body.toString('utf8'));
    delete series.received_all;
    delete series.received_total;
    series.web_url = null;
    series.project.web_url = null;
    series.cover_letter = null;
    server.addJson('http://127.0.0.1:8767/api/1.0/series/1/', series);
    for (const id of [1, 2]) {
      const patch = JSON.parse(server.store.lookup(`http://127.0.0.1:8767/api/1.3/patches/${id}/`)!.body.toString('utf8'));
      delete patch.web_url;
      patch.series = patch.series[0]; // old shape: one object, not a list
      if (id === 2) delete patch.headers; // only Patchwork's rewritten name left
      server.addJson(`http://127.0.0.1:8767/api/1.0/patches/${id}/`, patch);
    }
    const result = await acquireSeries('1', options({ apiVersion: '1.0' }));
    expect(result.receivedAll).toBe(true);
    expect(result.webUrl).toBeNull();
    expect(result.cover).toBeNull();
    expect(result.patches.map((p) => p.subject)).toEqual([SUBJECT_1, '[v1,2/2] RDMA/mlx5: get tph for p2p access when registering dma-buf mr']);
    expect(result.patches[1].date).toBe('2026-04-20T18:39:16.000Z');
    expect(result.patches[1].author.email).toBe('zhipingz@meta.com');
    expect(result.notes.join('\n')).toContain('Patchwork sent no original Subject header');
    expect(server.requests.every((r) => r.url.startsWith('/api/1.0/'))).toBe(true);
  });

  it('a partial series (received_all: false) is reported as such', async () => {
    const series = JSON.parse(server.store.lookup('http://127.0.0.1:8767/api/1.3/series/1/')!.body.toString('utf8'));
    series.id = 5;
    series.total = 3;
    series.received_all = false;
    server.addJson('http://127.0.0.1:8767/api/1.2/series/5/', series);
    for (const path of ['patches/1/', 'patches/2/', 'covers/1/']) {
      server.addJson(`http://127.0.0.1:8767/api/1.2/${path}`, JSON.parse(server.store.lookup(`http://127.0.0.1:8767/api/1.3/${path}`)!.body.toString('utf8')));
    }
    const result = await acquireSeries('5', options({ apiVersion: '1.2' }));
    expect(result.receivedAll).toBe(false);
    expect(result.total).toBe(3);
    expect(result.patches).toHaveLength(2);
    expect(result.notes).toContain('partial series: Patchwork has 2 of 3 patches (missing 3/3); the result covers only what was received');
  });
});

describe('message-id lookups and the API version', () => {
  it('looks message-ids up with API 1.2 or newer even when 1.0 is configured (older versions ignore ?msgid=)', async () => {
    const series = JSON.parse(server.store.lookup('http://127.0.0.1:8767/api/1.3/series/1/')!.body.toString('utf8'));
    server.addJson('http://127.0.0.1:8767/api/1.0/series/1/', series);
    for (const p of ['patches/1/', 'patches/2/', 'covers/1/']) {
      server.addJson(`http://127.0.0.1:8767/api/1.0/${p}`, JSON.parse(server.store.lookup(`http://127.0.0.1:8767/api/1.3/${p}`)!.body.toString('utf8')));
    }
    const list = JSON.parse(server.store.lookup(`http://127.0.0.1:8767/api/1.3/patches/?msgid=${MSGID_2}`)!.body.toString('utf8'));
    server.addJson(`http://127.0.0.1:8767/api/1.2/patches/?msgid=${MSGID_2}`, list);
    const result = await acquireSeries(MSGID_2, options({ apiVersion: '1.0' }));
    expect(result.patches).toHaveLength(2);
    expect(server.seen('msgid=')[0].url.startsWith('/api/1.2/patches/?msgid=')).toBe(true);
  });

  it('a server that ignores the filter is named, not paged through', async () => {
    server.faults.push({
      match: (u) => u.includes('msgid='),
      respond: (_q, res, s) => {
        res.writeHead(200, { 'Content-Type': 'application/json', Link: `<${s.origin}/api/1.3/patches/?msgid=x&page=2>; rel="next"` });
        res.end(s.rewrite(s.store.lookup('http://127.0.0.1:8767/api/1.3/patches/?series=1')!.body.toString('utf8')));
      },
    });
    const e = await acquireSeries('absent@example.org', options()).catch((x: unknown) => x);
    expect((e as InputError).problem).toMatch(/ignored the \?msgid= filter .*; it needs Patchwork API 1\.2 or newer$/);
    expect(server.seen('msgid=')).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalHttpServer } from '../../support/local-http-server.ts';
import { readFileSync } from 'node:fs';
import { checkDescription, postPatchworkChecks } from '../../../src/report/sinks/patchwork-checks.ts';
import { InputError } from '../../../src/errors.ts';
import { exampleFindings, exampleReport, loadExampleSeries } from '../email/example-series.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
// The recorded answer of a real Patchwork 3.1.3 for GET /api/1.3/patches/1/checks/ (no checks yet).
const RECORDED_EMPTY = readFileSync(new URL('../../../fixtures/patchwork/local-3.1.3/patch-1-checks.json', import.meta.url), 'utf8');

interface Check {
  id: number; url: string; user: object; date: string; state: string;
  target_url: string | null; context: string; description: string | null;
}

/** A Patchwork-like server: GET and POST /api/1.3/patches/{id}/checks/ with token auth on POST. */
class FakePatchwork extends LocalHttpServer {
  readonly checks = new Map<number, Check[]>([[1, JSON.parse(RECORDED_EMPTY) as Check[]], [2, []]]);
  readonly posts: { patch: number; auth: string | undefined; body: Record<string, unknown> }[] = [];
  readonly requests: string[] = [];
  private nextId = 1;
  private clock = Date.parse('2026-04-21T10:00:00Z');

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push(`${req.method} ${req.url}`);
    const m = /^\/api\/1\.3\/patches\/(\d+)\/checks\/(?:\?.*)?$/.exec(req.url ?? '');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', Allow: 'GET, POST, HEAD, OPTIONS' });
      res.end(JSON.stringify(body));
    };
    if (!m || !this.checks.has(Number(m[1]))) return send(404, { detail: 'Not found.' });
    const patch = Number(m[1]);
    if (req.method === 'GET') return send(200, this.checks.get(patch));
    if (req.method !== 'POST') return send(405, { detail: `Method "${req.method}" not allowed.` });
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const auth = req.headers.authorization;
    if (auth !== `Token ${TOKEN}`) {
      return send(403, { detail: auth ? 'You do not have permission to perform this action.' : 'Authentication credentials were not provided.' });
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    this.posts.push({ patch, auth, body });
    const id = this.nextId++;
    this.clock += 60_000;
    const check: Check = {
      id, url: `${this.base}/api/1.3/patches/${patch}/checks/${id}/`,
      user: { id: 1, url: `${this.base}/api/1.3/users/1/`, username: 'ci', first_name: '', last_name: '', email: 'ci@example.org' },
      date: new Date(this.clock).toISOString().replace('Z', ''),
      state: String(body.state), target_url: (body.target_url as string | null) ?? null,
      context: String(body.context), description: (body.description as string | null) ?? null,
    };
    this.checks.get(patch)!.push(check);
    send(201, check);
  }
}

let pw: FakePatchwork;
afterEach(async () => {
  await pw?.stop();
});

async function setup() {
  pw = new FakePatchwork();
  await pw.start();
  return { series: await loadExampleSeries(), opts: { server: pw.base, apiVersion: '1.3', token: TOKEN, retries: 0 } };
}

describe('postPatchworkChecks', () => {
  it('posts one check per patch with state, one-line description, context and target_url', async () => {
    const { series, opts } = await setup();
    const out = await postPatchworkChecks(exampleReport(), series, { ...opts, reportUrl: 'https://ci.example.org/abi/1' });
    expect(out).toEqual([
      { patch: 1, id: 1, state: 'fail', posted: true,
        description: '1 error, 1 warning, 2 notes: uapi.member-renamed, uapi.counted-by-dropped, kabi.ops-changed, behaviour.new-accepted' },
      { patch: 2, id: 2, state: 'success', posted: true, description: 'No uAPI/ABI issues found' },
    ]);
    expect(pw.posts.map((p) => [p.patch, p.body])).toEqual([
      [1, { state: 'fail', context: 'abi-check', description: out[0]!.description, target_url: 'https://ci.example.org/abi/1' }],
      [2, { state: 'success', context: 'abi-check', description: 'No uAPI/ABI issues found', target_url: 'https://ci.example.org/abi/1' }],
    ]);
    expect(pw.requests[0]).toMatch(/^GET \/api\/1\.3\/patches\/1\/checks\//);
    for (const p of pw.posts) expect(p.body.description).not.toMatch(/\n/);
  });

  it('is idempotent: a second run with the same verdict posts nothing, a changed verdict posts again', async () => {
    const { series, opts } = await setup();
    await postPatchworkChecks(exampleReport(), series, opts);
    expect(pw.posts).toHaveLength(2);
    const again = await postPatchworkChecks(exampleReport(), series, opts);
    expect(again.map((c) => c.posted)).toEqual([false, false]);
    expect(pw.posts).toHaveLength(2);

    // the author fixed the rename: only the warning and notes remain for patch 1
    const fixed = exampleReport(exampleFindings().slice(1));
    const third = await postPatchworkChecks(fixed, series, opts);
    expect(third.map((c) => [c.state, c.posted])).toEqual([['warning', true], ['success', false]]);
    expect(pw.posts).toHaveLength(3);
    // another context is independent of ours
    const other = await postPatchworkChecks(fixed, series, { ...opts, context: 'abi-check-x86_64' });
    expect(other.every((c) => c.posted)).toBe(true);
  });

  it('puts series-wide findings on the last patch', async () => {
    const { series, opts } = await setup();
    const report = exampleReport([{ ...exampleFindings()[0]!, patch: 0, level: 'warning' }]);
    const out = await postPatchworkChecks(report, series, opts);
    expect(out.map((c) => c.state)).toEqual(['success', 'warning']);
  });

  it('explains a 403: the account needs maintainer rights on the project', async () => {
    const { series, opts } = await setup();
    const err = await postPatchworkChecks(exampleReport(), series, { ...opts, token: 'not-a-maintainer' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/HTTP 403/);
    expect((err as Error).message).toMatch(/maintainer of linux-pci/);
    expect(pw.posts).toHaveLength(0);
  });

  it('requires a token, a slug context, an http(s) report URL and Patchwork patch ids, before sending anything', async () => {
    const { series, opts } = await setup();
    await expect(postPatchworkChecks(exampleReport(), series, { ...opts, token: undefined })).rejects.toThrow(/token/);
    await expect(postPatchworkChecks(exampleReport(), series, { ...opts, context: 'abi check' })).rejects.toThrow(/context/);
    await expect(postPatchworkChecks(exampleReport(), series, { ...opts, context: 'a/b' })).rejects.toThrow(/context/);
    await expect(postPatchworkChecks(exampleReport(), series, { ...opts, reportUrl: 'javascript:alert(1)' })).rejects.toThrow(/report-url/);
    const noIds = { ...series, patches: series.patches.map((p) => ({ ...p, id: null })) };
    await expect(postPatchworkChecks(exampleReport(), noIds, opts)).rejects.toThrow(/no Patchwork id/);
    expect(pw.requests).toHaveLength(0);
  });

  it('keeps long descriptions to one bounded line', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...exampleFindings()[0]!, rule: `uapi.rule-number-${i}` }));
    const d = checkDescription(many);
    expect(d.length).toBeLessThanOrEqual(200);
    expect(d).toMatch(/^40 errors: uapi\.rule-number-0, .*, \+\d+ more$/);
  });
});

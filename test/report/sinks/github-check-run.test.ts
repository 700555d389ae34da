import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LocalHttpServer } from '../../support/local-http-server.ts';
import { ANNOTATIONS_PER_REQUEST, createGithubCheckRun } from '../../../src/report/sinks/github-check-run.ts';
import { InputError } from '../../../src/errors.ts';
import type { Finding } from '../../../src/report/report.ts';
import { exampleFindings, exampleReport } from '../email/example-series.ts';

const TOKEN = 'ghs_testtoken0123456789';
const SHA = '3877fe15d71b75c3495020957cb3295ecb233b42';

interface Req { method: string; path: string; body: any }

/** The check-run endpoints of the GitHub REST API, enforcing its 50-annotation limit. */
class FakeGithub extends LocalHttpServer {
  readonly requests: Req[] = [];
  readonly runs = new Map<number, { status: string; conclusion: string | null; annotations: any[] }>();

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const c of req) raw += c;
    const body = raw ? JSON.parse(raw) : null;
    this.requests.push({ method: req.method!, path: req.url!, body });
    const send = (status: number, data: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(data));
    };
    if (!/^(token|bearer) /i.test(req.headers.authorization ?? '') || !req.headers.authorization!.endsWith(TOKEN)) {
      return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    }
    const annotations = body?.output?.annotations ?? [];
    if (annotations.length > 50) return send(422, { message: 'Validation Failed: only 50 annotations per request' });
    const create = /^\/repos\/([^/]+)\/([^/]+)\/check-runs$/.exec(req.url!);
    if (req.method === 'POST' && create) {
      for (const k of ['name', 'head_sha']) if (!body[k]) return send(422, { message: `${k} missing` });
      const id = 4000 + this.runs.size;
      this.runs.set(id, { status: body.status ?? 'queued', conclusion: body.conclusion ?? null, annotations: [...annotations] });
      return send(201, { id, head_sha: body.head_sha, status: body.status, conclusion: body.conclusion ?? null, html_url: `https://github.example/${create[1]}/${create[2]}/runs/${id}` });
    }
    const update = /^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/.exec(req.url!);
    if (req.method === 'PATCH' && update && this.runs.has(Number(update[3]))) {
      const run = this.runs.get(Number(update[3]))!;
      run.annotations.push(...annotations);
      if (body.status) run.status = body.status;
      if (body.conclusion) run.conclusion = body.conclusion;
      return send(200, { id: Number(update[3]), status: run.status, conclusion: run.conclusion });
    }
    send(404, { message: 'Not Found' });
  }
}

let gh: FakeGithub;
afterEach(async () => {
  await gh?.stop();
});

async function start() {
  gh = new FakeGithub();
  await gh.start();
  return { token: TOKEN, repository: 'kernel-ci/linux', sha: SHA, baseUrl: gh.base };
}

describe('createGithubCheckRun', () => {
  it('creates one completed run with a conclusion and an annotation per located finding', async () => {
    const opts = await start();
    const out = await createGithubCheckRun(exampleReport(), opts);
    expect(out).toMatchObject({ annotations: 4, conclusion: 'failure' });
    expect(gh.requests).toHaveLength(1);
    const req = gh.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/repos/kernel-ci/linux/check-runs');
    expect(req.body).toMatchObject({ name: 'abi-check', head_sha: SHA, status: 'completed', conclusion: 'failure' });
    expect(req.body.output.title).toBe('uAPI/ABI: breaking (1 error, 1 warning, 2 notes)');
    expect(req.body.output.summary).toContain('`uapi.member-renamed`');
    expect(req.body.output.annotations[0]).toMatchObject({
      path: 'include/uapi/linux/vfio.h', start_line: 1530, end_line: 1530, annotation_level: 'failure',
      title: 'uapi.member-renamed: struct vfio_device_feature_dma_buf.dma_ranges',
    });
    expect(req.body.output.annotations.map((a: any) => a.annotation_level)).toEqual(['failure', 'warning', 'notice', 'notice']);
    expect(gh.runs.get(out.id)).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });

  it('batches more than 50 annotations: create in progress, update, complete with the last batch', async () => {
    const opts = await start();
    const base = exampleFindings()[1]!; // a warning
    const findings: Finding[] = Array.from({ length: 120 }, (_, i) => ({ ...base, line: 100 + i, symbol: `struct s${i}.m` }));
    const out = await createGithubCheckRun(exampleReport(findings), opts);
    expect(out).toMatchObject({ annotations: 120, conclusion: 'neutral' });
    expect(gh.requests.map((r) => [r.method, r.body.output.annotations.length, r.body.status ?? null])).toEqual([
      ['POST', 50, 'in_progress'],
      ['PATCH', 50, null],
      ['PATCH', 20, 'completed'],
    ]);
    expect(gh.requests.every((r) => r.body.output.annotations.length <= ANNOTATIONS_PER_REQUEST)).toBe(true);
    const run = gh.runs.get(out.id)!;
    expect(run.status).toBe('completed');
    expect(run.conclusion).toBe('neutral');
    expect(run.annotations.map((a) => a.start_line)).toEqual(findings.map((f) => f.line));
    expect(gh.requests[2]!.path).toBe(`/repos/kernel-ci/linux/check-runs/${out.id}`);
  });

  it('concludes success for a clean report and reports refusals as input errors', async () => {
    const opts = await start();
    expect((await createGithubCheckRun(exampleReport([]), opts)).conclusion).toBe('success');
    // a series-wide finding (no file) is annotated on the first file of the series
    const wide = await createGithubCheckRun(exampleReport([{ ...exampleFindings()[1]!, patch: 0, file: '', line: null, symbol: '' }]), opts);
    expect(wide.annotations).toBe(1);
    expect(gh.requests.at(-1)!.body.output.annotations[0]).toMatchObject({ path: 'include/uapi/linux/vfio.h', start_line: 1, title: 'uapi.counted-by-dropped: series' });
    const err = await createGithubCheckRun(exampleReport(), { ...opts, token: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/HTTP 401.*checks: write/);
    await expect(createGithubCheckRun(exampleReport(), { ...opts, repository: 'no-slash' })).rejects.toThrow(/owner\/repo/);
    await expect(createGithubCheckRun(exampleReport(), { ...opts, sha: 'main' })).rejects.toThrow(/commit id/);
  });
});

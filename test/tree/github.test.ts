import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImages } from '../../src/tree/build-images.ts';
import { parseGitHubSpec } from '../../src/tree/github-source.ts';
import { rateLimitMessage } from '../../src/tree/github-client.ts';
import { InputError } from '../../src/errors.ts';
import { FakeGitHub } from './helpers/fake-github.ts';
import { TestRepo, numberedLines, seriesOf, text } from './helpers/git-repo.ts';

const PATH = 'include/uapi/linux/foo.h';
const v1 = numberedLines(30);
const v2 = [...numberedLines(5, 'inserted'), ...v1];
const v3 = [...v2, 'appended'];
const patched = (lines: string[]) => lines.map((l) => (l === 'line 20' ? 'line 20 patched' : l));

describe('base from GitHub (octokit against a local REST server)', () => {
  let repo: TestRepo;
  /** Real `git diff` output for "line 20 patched" on each version. */
  const diffOn: Record<string, string> = {};
  let github: FakeGitHub;
  let baseUrl: string;
  let cacheDir: string;

  beforeAll(() => {
    repo = new TestRepo();
    for (const [name, lines] of Object.entries({ v1, v3 })) {
      const before = repo.commit({ [PATH]: text(lines) });
      const after = repo.commit({ [PATH]: text(patched(lines)) });
      diffOn[name] = repo.diff(before, after);
    }
  });
  afterAll(() => repo.remove());

  beforeEach(async () => {
    github = new FakeGitHub('torvalds', 'linux', [
      { files: { [PATH]: text(v1), 'README': 'readme\n' } },
      { files: { [PATH]: text(v2), 'README': 'readme\n' } },
      { files: { [PATH]: text(v2), 'README': 'readme 2\n' } },
      { files: { [PATH]: text(v3), 'README': 'readme 2\n' } },
    ]);
    baseUrl = await github.start();
    cacheDir = mkdtempSync(join(tmpdir(), 'abi-check-cache-'));
  });
  afterEach(async () => {
    await github.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const opts = (extra: object = {}) => ({ github: 'torvalds/linux', githubBaseUrl: baseUrl, cacheDir, githubToken: '', ...extra });

  it('takes the file at the ref when its blob is the diff\'s', async () => {
    const images = await buildImages(seriesOf([diffOn.v3!]), opts());
    expect(images.source).toBe('github');
    expect(images.base).toEqual([{ path: PATH, blob: repo.blob('HEAD~1', PATH), exact: true, source: 'github', how: 'github ref' }]);
    expect(images.files[PATH]![1]).toEqual({ text: text(patched(v3)), known: [{ start: 1, end: 36 }], lineCount: 36 });
    expect(images.applied[0]![0]!.hunks[0]!.status).toBe('exact');
    expect(github.contentRequests()).toHaveLength(1);
  });

  it('walks the path\'s history back to the version the diff names', async () => {
    const images = await buildImages(seriesOf([diffOn.v1!]), opts());
    expect(images.base[0]).toMatchObject({ how: 'github history', exact: true, source: 'github' });
    expect(images.files[PATH]![0]!.text).toBe(text(v1));
    expect(images.applied[0]![0]!.hunks[0]!.status).toBe('exact');
    const history = github.requests.filter((r) => r.path.endsWith('/commits'));
    expect(history).toHaveLength(1);
    expect(history[0]!.query.path).toBe(PATH);
    // The version at the ref, then the commits touching the path, newest first, until v1.
    expect(github.contentRequests().map((r) => r.query.ref)).toEqual([undefined, github.commits[3]!.sha, github.commits[1]!.sha, github.commits[0]!.sha]);
    expect(images.notes.join('\n')).toMatch(new RegExp(`blob [0-9a-f]+ found on GitHub at commit ${github.commits[0]!.sha.slice(0, 12)}`));
  });

  it('stops at the history bound and uses the ref version, not exact', async () => {
    const images = await buildImages(seriesOf([diffOn.v1!]), opts({ maxHistory: 2 }));
    expect(images.base[0]).toMatchObject({ how: 'github ref', exact: false });
    expect(images.applied[0]![0]!.hunks[0]).toMatchObject({ status: 'offset', offset: 5 });
    expect(images.files[PATH]![1]!.text).toBe(text(patched(v3)));
    expect(images.notes.join('\n')).toMatch(/is not among the last 2 versions on GitHub torvalds\/linux/);
  });

  it('uses the series\' base-commit as the ref when no ref is given', async () => {
    const images = await buildImages(seriesOf([diffOn.v1!], github.commits[0]!.sha), opts());
    expect(images.base[0]).toMatchObject({ how: 'github ref', exact: true });
    expect(github.contentRequests().map((r) => r.query.ref)).toEqual([github.commits[0]!.sha]);
  });

  it('honours an explicit @REF', async () => {
    const images = await buildImages(seriesOf([diffOn.v1!]), opts({ github: `torvalds/linux@${github.commits[1]!.sha}`, maxHistory: 5 }));
    expect(github.contentRequests()[0]!.query.ref).toBe(github.commits[1]!.sha);
    expect(images.base[0]).toMatchObject({ how: 'github history', exact: true });
  });

  it('falls back to diff context for a file GitHub does not have (404)', async () => {
    const diff = diffOn.v3!.replaceAll(PATH, 'include/uapi/linux/missing.h');
    const images = await buildImages(seriesOf([diff]), opts());
    expect(images.source).toBe('diff-context');
    expect(images.base[0]).toMatchObject({ path: 'include/uapi/linux/missing.h', source: 'diff-context', how: 'diff context' });
    expect(images.notes.join('\n')).toContain('include/uapi/linux/missing.h not found on GitHub torvalds/linux at the default branch');
    expect(images.applied[0]![0]!.hunks[0]!.status).toBe('exact');
  });

  it('explains a 403 rate limit with its reset time and falls back to diff context', async () => {
    github.mode = 'rate-limited';
    const images = await buildImages(seriesOf([diffOn.v3!]), opts());
    expect(images.source).toBe('diff-context');
    const reset = new Date(github.rateLimitReset * 1000).toISOString().replace('.000Z', 'Z');
    expect(images.notes.join('\n')).toContain(
      `GitHub API rate limit exhausted (60 requests per hour without a token); it resets at ${reset} (in 60 min); set GITHUB_TOKEN to raise the limit`,
    );
    expect(images.files[PATH]![1]!.known.length).toBeGreaterThan(0);
  });

  it('degrades to diff context quickly when GitHub is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const started = Date.now();
    const images = await buildImages(seriesOf([diffOn.v3!]), opts({ githubBaseUrl: `http://127.0.0.1:${port}` }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(images.source).toBe('diff-context');
    expect(images.notes.join('\n')).toMatch(/GitHub is unreachable .*fall back to diff context/);
  });

  it('caches blobs on disk: a second run asks GitHub nothing', async () => {
    await buildImages(seriesOf([diffOn.v1!]), opts());
    const asked = github.requests.length;
    const again = await buildImages(seriesOf([diffOn.v1!]), opts());
    expect(github.requests.length).toBe(asked);
    expect(again.base[0]).toMatchObject({ how: 'github cache', exact: true, source: 'github' });
    expect(again.files[PATH]![0]!.text).toBe(text(v1));
  });

  it('sends the token, and fetches large files through the blobs endpoint', async () => {
    github.large.add(PATH);
    const images = await buildImages(seriesOf([diffOn.v3!]), opts({ githubToken: 'ghp_testtoken' }));
    expect(github.requests.every((r) => r.authorization === 'token ghp_testtoken')).toBe(true);
    expect(github.requests.some((r) => r.path.includes('/git/blobs/'))).toBe(true);
    expect(images.base[0]).toMatchObject({ how: 'github ref', exact: true });
  });

  it('is not asked when offline', async () => {
    const images = await buildImages(seriesOf([diffOn.v3!]), opts({ offline: true }));
    expect(github.requests).toHaveLength(0);
    expect(images.source).toBe('diff-context');
  });
});

describe('GitHub option parsing and messages', () => {
  it('parses OWNER/REPO[@REF]', () => {
    expect(parseGitHubSpec('torvalds/linux')).toEqual({ owner: 'torvalds', repo: 'linux', ref: null });
    expect(parseGitHubSpec('torvalds/linux@v6.15-rc1')).toEqual({ owner: 'torvalds', repo: 'linux', ref: 'v6.15-rc1' });
    expect(() => parseGitHubSpec('linux')).toThrow(InputError);
    expect(() => parseGitHubSpec('a/b/c')).toThrow(/expected OWNER\/REPO/);
  });

  it('words a rate limit for a token holder without the token hint', () => {
    const now = Date.UTC(2026, 3, 20, 12, 0, 0);
    expect(rateLimitMessage({ 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(now / 1000 + 90) }, true, now)).toBe(
      'GitHub API rate limit exhausted (5000 requests per hour for this token); it resets at 2026-04-20T12:01:30Z (in 2 min)',
    );
  });
});

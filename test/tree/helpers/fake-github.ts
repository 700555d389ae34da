/**
 * A GitHub REST stand-in on 127.0.0.1 for the endpoints base resolution uses:
 * contents (at a ref), commits (with path=), git blobs. The repository is a
 * list of snapshots, oldest first; commit and blob ids are real-looking
 * (blob ids are git's, computed from content).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { gitBlobHash } from '../../../src/tree/git-blob-hash.ts';

export interface Snapshot {
  files: Record<string, string>;
}

export interface SeenRequest {
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

export class FakeGitHub {
  readonly commits: { sha: string; files: Record<string, string> }[];
  readonly requests: SeenRequest[] = [];
  /** 'rate-limited' answers every request with GitHub's 403 rate-limit response. */
  mode: 'normal' | 'rate-limited' = 'normal';
  /** Paths served like GitHub serves files over 1 MB: no content in the contents answer. */
  readonly large = new Set<string>();
  readonly rateLimitReset = Math.floor(Date.now() / 1000) + 3600;
  private server: Server | null = null;

  constructor(
    readonly owner: string,
    readonly repo: string,
    snapshots: Snapshot[],
  ) {
    this.commits = snapshots.map((s, i) => ({
      sha: createHash('sha1').update(`commit ${i} ${JSON.stringify(s.files)}`).digest('hex'),
      files: s.files,
    }));
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  contentRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path.includes('/contents/'));
  }

  private commitIndex(ref: string | undefined): number {
    if (ref === undefined || ref === 'main') return this.commits.length - 1;
    return this.commits.findIndex((c) => c.sha === ref);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ path: url.pathname, query, authorization: req.headers.authorization });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (this.mode === 'rate-limited') {
      send(
        403,
        { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
        { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '60', 'x-ratelimit-reset': String(this.rateLimitReset) },
      );
      return;
    }
    const prefix = `/repos/${this.owner}/${this.repo}`;
    if (!url.pathname.startsWith(prefix + '/')) return send(404, { message: 'Not Found' });
    const rest = url.pathname.slice(prefix.length);

    if (rest.startsWith('/contents/')) {
      const path = decodeURIComponent(rest.slice('/contents/'.length));
      const at = this.commitIndex(query.ref);
      if (at < 0) return send(404, { message: `No commit found for the ref ${query.ref}` });
      const content = this.commits[at]!.files[path];
      if (content === undefined) return send(404, { message: 'Not Found' });
      const bytes = Buffer.from(content, 'utf8');
      const big = this.large.has(path);
      return send(200, {
        type: 'file',
        name: path.split('/').pop(),
        path,
        sha: gitBlobHash(bytes),
        size: bytes.length,
        encoding: big ? 'none' : 'base64',
        content: big ? '' : (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n'),
      });
    }
    if (rest === '/commits') {
      const at = this.commitIndex(query.sha);
      if (at < 0) return send(404, { message: 'Not Found' });
      const path = query.path ?? '';
      const touching: { sha: string }[] = [];
      for (let i = at; i >= 0; i--) {
        const now = this.commits[i]!.files[path];
        const before = i > 0 ? this.commits[i - 1]!.files[path] : undefined;
        if (now !== before) touching.push({ sha: this.commits[i]!.sha });
      }
      const perPage = Number(query.per_page ?? 30);
      return send(200, touching.slice(0, perPage).map((c) => ({ sha: c.sha, commit: { message: 'change' } })));
    }
    if (rest.startsWith('/git/blobs/')) {
      const sha = rest.slice('/git/blobs/'.length);
      for (const c of this.commits) {
        for (const content of Object.values(c.files)) {
          if (gitBlobHash(content) === sha) {
            const bytes = Buffer.from(content, 'utf8');
            return send(200, { sha, size: bytes.length, encoding: 'base64', content: bytes.toString('base64') });
          }
        }
      }
      return send(404, { message: 'Not Found' });
    }
    return send(404, { message: 'Not Found' });
  }
}

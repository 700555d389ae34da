/**
 * The GitHub edge: the three REST calls base resolution needs, through octokit
 * with the throttling and retry plugins. Errors that mean "stop asking GitHub"
 * (rate limit, unreachable, forbidden) become GitHubUnavailable with a
 * message a user can act on; "no such file at that ref" is null.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export class GitHubUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitHubUnavailable';
  }
}

export interface RepoFile {
  content: Buffer;
  /** Blob id reported by GitHub. */
  sha: string;
}

export interface GitHubClientOptions {
  owner: string;
  repo: string;
  token?: string;
  baseUrl?: string;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /** Retries for 5xx answers (octokit's retry plugin). */
  retries?: number;
}

const ThrottledOctokit = Octokit.plugin(throttling, retry);
const SILENT = { debug() {}, info() {}, warn() {}, error() {} };
/** Wait for a rate-limit reset only when it is this close. */
const MAX_WAIT_SECONDS = 5;

export class GitHubClient {
  private readonly octokit: InstanceType<typeof ThrottledOctokit>;
  private readonly owner: string;
  private readonly repo: string;
  private readonly timeoutMs: number;
  private readonly authenticated: boolean;
  private reachable = false;

  constructor(opts: GitHubClientOptions) {
    this.owner = opts.owner;
    this.repo = opts.repo;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.authenticated = Boolean(opts.token);
    this.octokit = new ThrottledOctokit({
      auth: opts.token || undefined,
      baseUrl: opts.baseUrl,
      userAgent: 'abi-check',
      log: SILENT,
      request: { retries: opts.retries ?? 2 },
      throttle: {
        onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
          retryCount < 1 && retryAfter <= MAX_WAIT_SECONDS,
        onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
          retryCount < 1 && retryAfter <= MAX_WAIT_SECONDS,
      },
    });
  }

  get label(): string {
    return `${this.owner}/${this.repo}`;
  }

  /** The file at `ref` (default branch when undefined), or null when it does not exist there. */
  async getFile(path: string, ref: string | undefined): Promise<RepoFile | null> {
    const data = await this.call(() =>
      this.octokit.rest.repos.getContent({ owner: this.owner, repo: this.repo, path, ...(ref ? { ref } : {}), request: this.requestOptions() }),
    );
    if (data === null || Array.isArray(data) || data.type !== 'file') return null;
    const file = data as { sha: string; content?: string; encoding?: string; size: number };
    if (file.encoding === 'base64' && typeof file.content === 'string' && (file.content.length > 0 || file.size === 0)) {
      return { content: Buffer.from(file.content, 'base64'), sha: file.sha };
    }
    // Files over 1 MB come without content: fetch the blob.
    const blob = await this.call(() =>
      this.octokit.rest.git.getBlob({ owner: this.owner, repo: this.repo, file_sha: file.sha, request: this.requestOptions() }),
    );
    if (blob === null) return null;
    return { content: Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8'), sha: file.sha };
  }

  /** Commits touching `path`, newest first, starting at `ref`. */
  async pathHistory(path: string, ref: string | undefined, limit: number): Promise<string[]> {
    const data = await this.call(() =>
      this.octokit.rest.repos.listCommits({
        owner: this.owner,
        repo: this.repo,
        path,
        per_page: Math.min(100, Math.max(1, limit)),
        ...(ref ? { sha: ref } : {}),
        request: this.requestOptions(),
      }),
    );
    return (data ?? []).slice(0, limit).map((c) => c.sha);
  }

  /** Until GitHub has answered once, do not retry: an unreachable GitHub should fail fast. */
  private requestOptions() {
    return { signal: AbortSignal.timeout(this.timeoutMs), ...(this.reachable ? {} : { retries: 0 }) };
  }

  /** Runs a request; 404/422 give null, anything that makes GitHub unusable throws GitHubUnavailable. */
  private async call<T>(request: () => Promise<{ data: T }>): Promise<T | null> {
    try {
      const { data } = await request();
      this.reachable = true;
      return data;
    } catch (e) {
      const err = e as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
      const status = err.status;
      const headers = err.response?.headers ?? {};
      if (err.response && (status === 404 || status === 422)) {
        this.reachable = true;
        return null;
      }
      if (err.response && (status === 403 || status === 429) && (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(err.message ?? ''))) {
        throw new GitHubUnavailable(rateLimitMessage(headers, this.authenticated));
      }
      if (err.response && (status === 401 || status === 403)) {
        throw new GitHubUnavailable(`GitHub refused access to ${this.label} (HTTP ${status}${this.authenticated ? '; check GITHUB_TOKEN' : ''})`);
      }
      if (!err.response) {
        throw new GitHubUnavailable(`GitHub is unreachable (${err.message ?? 'network error'})`);
      }
      throw new GitHubUnavailable(`GitHub answered HTTP ${status} for ${this.label}${this.reachable ? '' : ' on the first request'}`);
    }
  }
}

export function rateLimitMessage(headers: Record<string, string | undefined>, authenticated: boolean, now = Date.now()): string {
  const limit = headers['x-ratelimit-limit'];
  const reset = Number(headers['x-ratelimit-reset']);
  const retryAfter = Number(headers['retry-after']);
  let when = '';
  if (Number.isFinite(reset) && reset > 0) {
    const minutes = Math.max(0, Math.ceil((reset * 1000 - now) / 60_000));
    when = `; it resets at ${new Date(reset * 1000).toISOString().replace('.000Z', 'Z')} (in ${minutes} min)`;
  } else if (Number.isFinite(retryAfter) && retryAfter > 0) {
    when = `; retry after ${retryAfter} s`;
  }
  const quota = limit ? ` (${limit} requests per hour${authenticated ? ' for this token' : ' without a token'})` : '';
  const hint = authenticated ? '' : '; set GITHUB_TOKEN to raise the limit';
  return `GitHub API rate limit exhausted${quota}${when}${hint}`;
}

/**
 * Bases from GitHub: the file at the requested ref (or the series'
 * base-commit, else the default branch); when its blob differs from the
 * diff's index line, the path's history is walked back until a version
 * matches or the bound is reached. Every version fetched is cached by blob id.
 */
import { InputError } from '../errors.ts';
import type { BaseRequest, FoundBase } from './base-requests.ts';
import type { BlobCache } from './blob-cache.ts';
import { type GitHubClient, GitHubUnavailable } from './github-client.ts';
import { blobMatches, gitBlobHash } from './git-blob-hash.ts';

export interface GitHubSpec {
  owner: string;
  repo: string;
  ref: string | null;
}

/** `OWNER/REPO[@REF]`. */
export function parseGitHubSpec(spec: string): GitHubSpec {
  const m = spec.trim().match(/^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+?)(?:\.git)?(?:@(\S+))?$/);
  if (!m) throw new InputError('--github', `expected OWNER/REPO or OWNER/REPO@REF, got ${JSON.stringify(spec)}`);
  return { owner: m[1]!, repo: m[2]!, ref: m[3] ?? null };
}

export interface GitHubResolution {
  found: Map<string, FoundBase>;
  notes: string[];
  /** Set when GitHub stopped being usable (rate limit, unreachable); the reason is in notes. */
  unavailable: boolean;
}

export interface GitHubResolveOptions {
  ref: string | null;
  baseCommit: string | null;
  maxHistory: number;
  onProgress?: (msg: string) => void;
}

type Client = Pick<GitHubClient, 'getFile' | 'pathHistory' | 'label'>;

export async function resolveFromGitHub(
  client: Client,
  cache: BlobCache,
  requests: readonly BaseRequest[],
  opts: GitHubResolveOptions,
): Promise<GitHubResolution> {
  const found = new Map<string, FoundBase>();
  const notes: string[] = [];
  const refs: (string | undefined)[] = opts.ref ? [opts.ref] : [...(opts.baseCommit ? [opts.baseCommit] : []), undefined];
  const refName = (ref: string | undefined) => ref ?? 'the default branch';

  const remember = async (content: Buffer): Promise<string> => {
    const sha = gitBlobHash(content);
    await cache.put(sha, content).catch(() => undefined);
    return sha;
  };

  try {
    for (const r of requests) {
      if (r.blob !== null) {
        const hit = await cache.find(r.blob);
        if (hit) {
          found.set(r.path, { content: hit.content, blob: hit.sha, exact: true, how: 'github cache' });
          continue;
        }
      }
      let located = false;
      for (const ref of refs) {
        opts.onProgress?.(`GitHub ${client.label}: ${r.path} at ${refName(ref)}`);
        const file = await client.getFile(r.path, ref);
        if (file === null) continue;
        located = true;
        const sha = await remember(file.content);
        if (r.blob === null || blobMatches(sha, r.blob)) {
          found.set(r.path, { content: file.content, blob: sha, exact: r.blob !== null, how: 'github ref' });
          break;
        }
        const older = await findInHistory(client, r, ref, opts.maxHistory, remember, opts.onProgress);
        if (older) {
          found.set(r.path, { content: older.content, blob: older.sha, exact: true, how: 'github history' });
          notes.push(`${r.path}: blob ${r.blob} found on GitHub at commit ${older.commit.slice(0, 12)} (${older.depth} commits back from ${refName(ref)})`);
        } else {
          found.set(r.path, { content: file.content, blob: sha, exact: false, how: 'github ref' });
          notes.push(
            `${r.path}: blob ${r.blob} is not among the last ${opts.maxHistory} versions on GitHub ${client.label}; ` +
              `using the version at ${refName(ref)} (${sha.slice(0, 12)}), hunks may need offsets or fuzz`,
          );
        }
        break;
      }
      if (!located) notes.push(`${r.path} not found on GitHub ${client.label} at ${refs.map(refName).join(' or ')}`);
    }
    return { found, notes, unavailable: false };
  } catch (e) {
    if (!(e instanceof GitHubUnavailable)) throw e;
    notes.push(`${e.message}; the files not yet fetched fall back to diff context`);
    return { found, notes, unavailable: true };
  }
}

async function findInHistory(
  client: Client,
  r: BaseRequest,
  ref: string | undefined,
  maxHistory: number,
  remember: (content: Buffer) => Promise<string>,
  onProgress?: (msg: string) => void,
): Promise<{ content: Buffer; sha: string; commit: string; depth: number } | null> {
  const commits = await client.pathHistory(r.path, ref, maxHistory);
  for (const [depth, commit] of commits.entries()) {
    onProgress?.(`GitHub ${client.label}: ${r.path} at ${commit.slice(0, 12)} (looking for blob ${r.blob})`);
    const file = await client.getFile(r.path, commit);
    if (file === null) continue;
    const sha = await remember(file.content);
    if (blobMatches(sha, r.blob)) return { content: file.content, sha, commit, depth };
  }
  return null;
}

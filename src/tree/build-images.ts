/**
 * The tree stage: finds the base of every file the series touches (local
 * kernel tree, then GitHub, then the diff context alone), applies the series
 * patch by patch and returns every intermediate image with what applied.
 */
import type { Series } from '../patchwork/series.ts';
import type { BaseFile, BaseSource, Images } from './images.ts';
import { type BaseRequest, type FoundBase, baseRequests } from './base-requests.ts';
import { applySeries } from './apply-series.ts';
import { BlobCache, defaultBlobCacheDir } from './blob-cache.ts';
import { GitHubClient } from './github-client.ts';
import { parseGitHubSpec, resolveFromGitHub } from './github-source.ts';
import { resolveFromTree } from './local-tree-source.ts';
import { parsePatch } from './parse-patch.ts';
import { reconstructBases } from './reconstruct-from-diff.ts';
import { type WorkImage, imageFromText, knownRanges, toFileImage } from './work-image.ts';

export interface BuildImagesOptions {
  /** Local kernel git tree. */
  tree?: string;
  /** `OWNER/REPO[@REF]`. */
  github?: string;
  /** No network: GitHub is not asked. */
  offline?: boolean;
  /** Where fetched blobs are cached (a `blobs/` folder inside it). */
  cacheDir?: string;
  /** Defaults to $GITHUB_TOKEN. */
  githubToken?: string;
  /** GitHub API base URL (tests, GitHub Enterprise). */
  githubBaseUrl?: string;
  /** How many versions of a file to look back through on GitHub for the diff's blob. */
  maxHistory?: number;
  onProgress?: (msg: string) => void;
}

const DEFAULT_MAX_HISTORY = 30;

interface Located {
  found: FoundBase;
  source: BaseSource;
}

export async function buildImages(series: Series, opts: BuildImagesOptions): Promise<Images> {
  const progress = opts.onProgress ?? (() => undefined);
  const patches = series.patches.map((p) => parsePatch(p.diff, `patch ${p.index}${series.patches.length > 1 ? `/${series.patches.length}` : ''}`));
  const requests = baseRequests(patches);
  const baseCommit = series.baseCommit ?? series.patches.find((p) => p.baseCommit)?.baseCommit ?? null;
  const github = opts.github && !opts.offline ? parseGitHubSpec(opts.github) : null;
  const notes: string[] = [];
  const located = new Map<string, Located>();
  // Created files are only looked for in a local tree (cheap); elsewhere they have no base.
  const pending = () => requests.filter((r) => !r.created && !located.has(r.path));

  if (opts.tree && requests.length > 0) {
    progress(`looking up ${requests.length} file(s) in ${opts.tree}`);
    const r = await resolveFromTree(opts.tree, requests, baseCommit);
    for (const [path, found] of r.found) located.set(path, { found, source: 'tree' });
    notes.push(...r.notes);
  }

  if (github && pending().length > 0) {
    const client = new GitHubClient({
      owner: github.owner,
      repo: github.repo,
      token: opts.githubToken ?? process.env.GITHUB_TOKEN,
      baseUrl: opts.githubBaseUrl,
    });
    progress(`fetching ${pending().length} base file(s) from GitHub ${client.label}`);
    const r = await resolveFromGitHub(client, new BlobCache(defaultBlobCacheDir(opts.cacheDir)), pending(), {
      ref: github.ref,
      baseCommit,
      maxHistory: opts.maxHistory ?? DEFAULT_MAX_HISTORY,
      onProgress: progress,
    });
    for (const [path, found] of r.found) located.set(path, { found, source: 'github' });
    notes.push(...r.notes);
  }

  const fromDiff = pending();
  const knownBases = new Map<string, WorkImage | null>();
  for (const [path, l] of located) knownBases.set(path, imageFromText(l.found.content.toString('utf8')));
  const bases = fromDiff.length > 0 ? reconstructBases(fromDiff.map((r) => r.path), knownBases, patches) : knownBases;

  progress(`applying ${patches.length} patch(es)`);
  const application = applySeries(bases, patches);
  progress(`hunks: ${statusCounts(application.applied)}`);

  const base: BaseFile[] = requests.filter((r) => !r.created || located.has(r.path)).map((r) => baseFile(r, located.get(r.path)));
  const source = weakestSource(base, opts);
  const mix = sourceMix(base);
  if (mix) notes.push(mix);
  if (fromDiff.length > 0) notes.push(diffContextNote(fromDiff, bases, base.length));

  const files: Images['files'] = {};
  for (const [path, images] of application.images) files[path] = images.map(toFileImage);
  return { source, base, files, applied: application.applied, notes: [...notes, ...application.notes] };
}

/** "12 exact, 2 offset, 1 failed". */
function statusCounts(applied: Images['applied']): string {
  const counts = new Map<string, number>();
  for (const h of applied.flat().flatMap((f) => f.hunks)) counts.set(h.status, (counts.get(h.status) ?? 0) + 1);
  return counts.size === 0 ? 'none' : [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
}

function baseFile(r: BaseRequest, l: Located | undefined): BaseFile {
  if (!l) return { path: r.path, blob: null, exact: false, source: 'diff-context', how: 'diff context' };
  return { path: r.path, blob: l.found.blob, exact: l.found.exact, source: l.source, how: l.found.how };
}

const RANK: Record<BaseSource, number> = { tree: 2, github: 1, 'diff-context': 0 };

/** The series' source is the weakest of its files' (a single diff-context file makes the analysis partial). */
function weakestSource(base: BaseFile[], opts: BuildImagesOptions): BaseSource {
  if (base.length === 0) return opts.tree ? 'tree' : opts.github && !opts.offline ? 'github' : 'diff-context';
  return base.map((b) => b.source).reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
}

/** "base files: 2 from the tree, 1 from diff context" when the sources differ. */
function sourceMix(base: BaseFile[]): string | null {
  const counts = new Map<BaseSource, number>();
  for (const b of base) counts.set(b.source, (counts.get(b.source) ?? 0) + 1);
  if (counts.size < 2) return null;
  const name: Record<BaseSource, string> = { tree: 'the tree', github: 'GitHub', 'diff-context': 'diff context' };
  const parts = (['tree', 'github', 'diff-context'] as const).filter((s) => counts.has(s)).map((s) => `${counts.get(s)} from ${name[s]}`);
  return `base files: ${parts.join(', ')}`;
}

function diffContextNote(fromDiff: BaseRequest[], bases: Map<string, WorkImage | null>, total: number): string {
  const parts = fromDiff.map((r) => {
    const image = bases.get(r.path);
    const ranges = image ? knownRanges(image.cells) : [];
    const lines = ranges.reduce((n, k) => n + k.end - k.start + 1, 0);
    return `${r.path} (${lines} lines in ${ranges.length} range${ranges.length === 1 ? '' : 's'})`;
  });
  const which = fromDiff.length === total ? 'all base files' : `${fromDiff.length} of ${total} base files`;
  return `${which} reconstructed from the diff context; only the lines the hunks show are known: ${parts.join(', ')}`;
}

/**
 * Creates a GitHub check run for the commit under review (GitHub Actions:
 * GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_SHA) through octokit: a conclusion
 * from the findings (error → failure, warning → neutral, otherwise success)
 * and one annotation per finding located in a file. GitHub takes at most 50
 * annotations per request, so a longer list is sent in batches: the run is
 * created in progress with the first 50, updated with each further batch, and
 * completed with the last one.
 */
import { Octokit } from '@octokit/rest';
import type { Finding, Report } from '../report.ts';
import { InputError } from '../../errors.ts';
import { pinFinding } from '../sarif/finding-location.ts';
import { plural } from '../plural.ts';

export const ANNOTATIONS_PER_REQUEST = 50;

export type CheckConclusion = 'success' | 'neutral' | 'failure';

export interface GithubCheckOptions {
  token: string;
  /** `owner/repo`. */
  repository: string;
  /** The commit the check run is attached to. */
  sha: string;
  /** API root (GITHUB_API_URL on GitHub Enterprise, or a test server). */
  baseUrl?: string;
  /** Check run name shown in the UI; default `abi-check`. */
  name?: string;
  detailsUrl?: string;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title: string;
  raw_details?: string;
}

const ANNOTATION_LEVEL = { error: 'failure', warning: 'warning', note: 'notice' } as const;

export function checkConclusion(report: Report): CheckConclusion {
  if (report.findings.some((f) => f.level === 'error')) return 'failure';
  if (report.findings.some((f) => f.level === 'warning')) return 'neutral';
  return 'success';
}

/**
 * One annotation per finding, at its line (line 1 of its file when it names
 * no line; findings without a file are pinned as finding-location.ts says).
 */
export function annotationsFor(report: Report): Annotation[] {
  const out: Annotation[] = [];
  for (const f of report.findings) {
    const pin = pinFinding(report, f);
    if (!pin) continue;
    const line = pin.line ?? 1;
    const patch = report.patches.find((p) => p.index === f.patch);
    const a: Annotation = {
      path: pin.path,
      start_line: line,
      end_line: line,
      annotation_level: ANNOTATION_LEVEL[f.level],
      message: `${f.message}${f.abis.length > 0 ? ` (ABIs: ${f.abis.join(', ')})` : ''}`.slice(0, 64 * 1024),
      title: `${f.rule}: ${f.symbol || (f.patch === 0 ? 'series' : `patch ${f.patch}`)}`.slice(0, 255),
    };
    const details = [
      f.suggestion ? `Suggestion: ${f.suggestion}` : null,
      patch ? `Introduced by ${patch.subject}` : null,
      pin.fallback ? 'This finding has no file of its own; it is shown on the first file of its patch.' : null,
    ].filter(Boolean);
    if (details.length > 0) a.raw_details = details.join('\n');
    out.push(a);
  }
  return out;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function output(report: Report): { title: string; summary: string } {
  const s = report.summary;
  const title = `uAPI/ABI: ${s.verdict} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')})`;
  const lines = [`abi-check ${report.tool.version} reviewed ${report.input.series.name ?? report.input.target ?? 'the series'}: **${s.verdict}**.`, ''];
  if (report.findings.length > 0) {
    lines.push('| level | rule | symbol | where |', '|---|---|---|---|');
    for (const f of report.findings as Finding[]) {
      lines.push(`| ${f.level} | \`${f.rule}\` | ${mdCell(f.symbol)} | ${mdCell(f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : 'series')} |`);
    }
  } else {
    lines.push('No uAPI/ABI change found.');
  }
  let summary = lines.join('\n');
  if (summary.length > 60_000) summary = `${summary.slice(0, 60_000)}\n\n(truncated)`;
  return { title, summary };
}

function parseRepository(repository: string): { owner: string; repo: string } {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!m) throw new InputError('GITHUB_REPOSITORY', `expected owner/repo, got ${JSON.stringify(repository)}`);
  return { owner: m[1]!, repo: m[2]! };
}

export async function createGithubCheckRun(
  report: Report,
  opts: GithubCheckOptions,
): Promise<{ id: number; annotations: number; conclusion: CheckConclusion; url: string | null }> {
  if (!opts.token) throw new InputError('GITHUB_TOKEN', 'is empty');
  const { owner, repo } = parseRepository(opts.repository);
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(opts.sha)) throw new InputError('GITHUB_SHA', `not a commit id: ${JSON.stringify(opts.sha)}`);
  const octokit = new Octokit({
    auth: opts.token,
    userAgent: `abi-check/${report.tool.version}`,
    ...(opts.baseUrl ? { baseUrl: opts.baseUrl.replace(/\/+$/, '') } : {}),
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const annotations = annotationsFor(report);
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  const conclusion = checkConclusion(report);
  const out = output(report);
  const name = opts.name ?? 'abi-check';
  const done = batches.length === 1;
  const completed = () => ({ status: 'completed' as const, conclusion, completed_at: new Date().toISOString() });

  try {
    const created = await octokit.rest.checks.create({
      owner,
      repo,
      name,
      head_sha: opts.sha,
      ...(opts.detailsUrl ? { details_url: opts.detailsUrl } : {}),
      ...(done ? completed() : { status: 'in_progress' as const }),
      output: { ...out, annotations: batches[0]! },
    });
    const id = created.data.id;
    for (let b = 1; b < batches.length; b++) {
      const last = b === batches.length - 1;
      await octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        ...(last ? completed() : {}),
        output: { ...out, annotations: batches[b]! },
      });
    }
    return { id, annotations: annotations.length, conclusion, url: created.data.html_url ?? null };
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why = err instanceof Error ? err.message : String(err);
    if (status === 401 || status === 403) {
      throw new InputError('--github-check', `GitHub refused the check run (HTTP ${status}: ${why}); the token needs the checks: write permission (in a workflow: permissions: checks: write)`);
    }
    throw new InputError('--github-check', `creating the check run on ${owner}/${repo} failed${status ? ` (HTTP ${status})` : ''}: ${why}`);
  }
}

/**
 * Posts the verdict as Patchwork checks: one check per patch of the series
 * (POST /api/1.x/patches/{id}/checks/), state from that patch's findings
 * (error → fail, warning → warning, otherwise success), a one-line
 * description and the report URL as target_url. Series-wide findings
 * (patch 0) count for the last patch, where the whole series is applied.
 *
 * Idempotent: the existing checks of each patch are read first, and when the
 * latest check of our context already has the same state and description,
 * nothing is posted for that patch. Posting needs a token of an account with
 * maintainer rights on the project (Patchwork answers 403 otherwise).
 */
import type { Series } from '../../patchwork/series.ts';
import type { Finding, Report } from '../report.ts';
import { InputError } from '../../errors.ts';
import { HttpError, PatchworkHttp, type FetchLike } from '../../patchwork/http.ts';
import { plural } from '../plural.ts';

export type CheckState = 'success' | 'warning' | 'fail';

export interface PatchworkCheckOptions {
  server: string;
  apiVersion?: string | null;
  token?: string | null;
  /** Check context (a slug); default `abi-check`. */
  context?: string;
  reportUrl?: string;
  fetch?: FetchLike;
  /** HTTP retries for transient failures (default: the client's). */
  retries?: number;
}

export interface PostedCheck {
  patch: number;
  id: number;
  state: CheckState;
  description: string;
  posted: boolean;
}

interface ExistingCheck {
  id?: number;
  date?: string;
  state?: string;
  context?: string;
  description?: string | null;
}

const SLUG = /^[-a-zA-Z0-9_]+$/;
const MAX_DESCRIPTION = 200;

export function checkState(findings: Finding[]): CheckState {
  if (findings.some((f) => f.level === 'error')) return 'fail';
  if (findings.some((f) => f.level === 'warning')) return 'warning';
  return 'success';
}

/** One line: the counts and the rules that fired, most severe first. */
export function checkDescription(findings: Finding[]): string {
  if (findings.length === 0) return 'No uAPI/ABI issues found';
  const n = (l: Finding['level']) => findings.filter((f) => f.level === l).length;
  const counts = [
    n('error') ? plural(n('error'), 'error') : null,
    n('warning') ? plural(n('warning'), 'warning') : null,
    n('note') ? plural(n('note'), 'note') : null,
  ].filter(Boolean).join(', ');
  const rank = { error: 0, warning: 1, note: 2 } as const;
  const rules = [...new Set([...findings].sort((a, b) => rank[a.level] - rank[b.level]).map((f) => f.rule))];
  let line = `${counts}: ${rules[0]}`;
  let shown = 1;
  while (shown < rules.length && `${line}, ${rules[shown]}, +${rules.length - shown - 1} more`.length <= MAX_DESCRIPTION) {
    line += `, ${rules[shown]}`;
    shown++;
  }
  return shown < rules.length ? `${line}, +${rules.length - shown} more` : line;
}

/** Findings that decide each patch's check: its own, and the series-wide ones on the last patch. */
export function findingsByPatch(report: Report, series: Series): Map<number, Finding[]> {
  const byPatch = new Map<number, Finding[]>(series.patches.map((p) => [p.index, []]));
  const last = Math.max(...series.patches.map((p) => p.index));
  for (const f of report.findings) byPatch.get(f.patch === 0 ? last : f.patch)?.push(f);
  return byPatch;
}

function latestOfContext(checks: ExistingCheck[], context: string): ExistingCheck | null {
  const mine = checks.filter((c) => c.context === context);
  mine.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || (a.id ?? 0) - (b.id ?? 0));
  return mine.at(-1) ?? null;
}

function validate(opts: PatchworkCheckOptions): { base: string; context: string; targetUrl: string | null; token: string } {
  const context = opts.context ?? 'abi-check';
  if (!SLUG.test(context) || context.length > 255) {
    throw new InputError('--check-context', `${JSON.stringify(context)} is not a valid Patchwork check context (letters, digits, - and _ only)`);
  }
  if (!opts.token) {
    throw new InputError('--post-check', 'needs a Patchwork API token (--token, $ABI_CHECK_TOKEN or `git config pw.token`) of an account with maintainer rights on the project');
  }
  const apiVersion = opts.apiVersion ?? '1.3';
  if (!/^1\.[0-9]$/.test(apiVersion)) throw new InputError('--api-version', `unsupported Patchwork API version ${apiVersion}`);
  let server: URL;
  try {
    server = new URL(opts.server);
  } catch {
    throw new InputError('--server', `not a URL: ${JSON.stringify(opts.server)}`);
  }
  let targetUrl: string | null = null;
  if (opts.reportUrl) {
    let u: URL | null = null;
    try {
      u = new URL(opts.reportUrl);
    } catch {
      u = null;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      throw new InputError('--report-url', `not an http(s) URL: ${JSON.stringify(opts.reportUrl)}`);
    }
    targetUrl = u.toString();
  }
  const base = `${server.origin}${server.pathname.replace(/\/+$/, '').replace(/\/api(?:\/[\d.]+)?$/, '')}/api/${apiVersion}`;
  return { base, context, targetUrl, token: opts.token };
}

export async function postPatchworkChecks(report: Report, series: Series, opts: PatchworkCheckOptions): Promise<PostedCheck[]> {
  const { base, context, targetUrl, token } = validate(opts);
  const missing = series.patches.filter((p) => p.id === null).map((p) => p.index);
  if (missing.length > 0) {
    throw new InputError('--post-check', `patch(es) ${missing.join(', ')} have no Patchwork id; post checks only for a series fetched from Patchwork`);
  }
  const http = new PatchworkHttp({
    token,
    tokenOrigin: new URL(base).origin,
    fetchImpl: opts.fetch,
    retries: opts.retries,
  });
  const byPatch = findingsByPatch(report, series);
  const out: PostedCheck[] = [];
  for (const patch of series.patches) {
    const findings = byPatch.get(patch.index) ?? [];
    const state = checkState(findings);
    const description = checkDescription(findings);
    const url = `${base}/patches/${patch.id}/checks/`;
    const latest = latestOfContext(await http.getList<ExistingCheck>(url), context);
    if (latest && latest.state === state && (latest.description ?? '') === description) {
      out.push({ patch: patch.index, id: patch.id!, state, description, posted: false });
      continue;
    }
    try {
      await http.postJson(url, { state, context, description, target_url: targetUrl });
    } catch (err) {
      if (err instanceof HttpError && (err.status === 403 || err.status === 401)) {
        throw new InputError(
          url,
          `Patchwork refused to record the check (HTTP ${err.status}): checks can only be posted with the token of an account that is a maintainer of ${series.project ?? 'the project'} on ${new URL(base).host}; ask a maintainer to add the account, or post from one that is`,
        );
      }
      throw err;
    }
    out.push({ patch: patch.index, id: patch.id!, state, description, posted: true });
  }
  return out;
}

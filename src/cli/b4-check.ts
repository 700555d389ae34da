/**
 * `abi-check b4-check`: the check command of b4 review
 * (`b4.review-perpatch-check-cmd`, or `b4.review-series-check-cmd` for the
 * cover letter). b4 pipes one RFC 2822 message to the command's stdin and
 * reads a JSON list (a single object is also accepted) of
 *   {"tool", "status": "pass"|"warn"|"fail", "summary", "url"?, "details"?}
 * from its stdout, where `details` is a string; b4's own built-in checks put
 * a JSON-encoded list of {"status", "description"} there, one per finding,
 * and so does this command. A message without a diff (a cover letter) passes
 * with nothing to check.
 */
import { simpleParser } from 'mailparser';
import type { Finding, Report } from '../report/report.ts';
import { InputError } from '../errors.ts';
import { checkDescription } from '../report/sinks/patchwork-checks.ts';

export type B4Status = 'pass' | 'warn' | 'fail';

export interface B4CheckResult {
  tool: string;
  status: B4Status;
  summary: string;
  url?: string;
  details?: string;
}

const TOOL = 'abi-check';
const STATUS: Record<Finding['level'], B4Status> = { error: 'fail', warning: 'warn', note: 'pass' };

function hasDiff(body: string): boolean {
  return /^diff --git /m.test(body) || (/^--- \S/m.test(body) && /^\+\+\+ \S/m.test(body) && /^@@ -\d/m.test(body));
}

export function b4Result(report: Report, url?: string): B4CheckResult {
  const f = report.findings;
  const status: B4Status = f.some((x) => x.level === 'error') ? 'fail' : f.some((x) => x.level === 'warning') ? 'warn' : 'pass';
  const result: B4CheckResult = {
    tool: TOOL,
    status,
    summary: f.length === 0 ? 'no uAPI/ABI issues found' : `${report.summary.verdict}: ${checkDescription(f)}`,
  };
  if (url) result.url = url;
  if (f.length > 0) {
    const rank = { error: 0, warning: 1, note: 2 } as const;
    result.details = JSON.stringify(
      [...f].sort((a, b) => rank[a.level] - rank[b.level]).map((x) => ({
        status: STATUS[x.level],
        description: `${x.file ? `${x.file}${x.line !== null ? `:${x.line}` : ''}: ` : ''}${x.rule}: ${x.message}${x.suggestion ? ` Suggestion: ${x.suggestion}` : ''}`,
      })),
    );
  }
  return result;
}

/**
 * Reads the message, runs `analyse` on it when it carries a diff, and returns
 * the JSON text b4 expects. Problems with the input become a `fail` entry
 * (b4 shows its summary); internal errors propagate.
 */
export async function runB4Check(
  stdinText: string,
  analyse: (mailText: string) => Promise<Report>,
  opts: { url?: string } = {},
): Promise<string> {
  const results: B4CheckResult[] = [];
  const parsed = stdinText.trim() === '' ? null : await simpleParser(stdinText).catch(() => null);
  if (!parsed || (!parsed.headers.has('subject') && !parsed.headers.has('from'))) {
    results.push({ tool: TOOL, status: 'fail', summary: 'stdin is not an RFC 2822 message (b4 pipes one patch mail)' });
  } else if (!hasDiff(parsed.text ?? '')) {
    results.push({ tool: TOOL, status: 'pass', summary: 'no diff in this message; nothing to check' });
  } else {
    try {
      results.push(b4Result(await analyse(stdinText), opts.url));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      results.push({ tool: TOOL, status: 'fail', summary: `could not analyse this patch: ${err.problem}`, details: err.message });
    }
  }
  return JSON.stringify(results);
}

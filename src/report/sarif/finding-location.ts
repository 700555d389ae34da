/**
 * Where a finding can be pinned in the post-image tree. Code scanning and
 * check-run annotations need a file for every result; a finding without one
 * (series-wide, or about a patch as a whole) is pinned to line 1 of the
 * first file its patch touched (for series-wide findings: the first file of
 * the series), and marked as such.
 */
import type { Finding, Report } from '../report.ts';

export interface PinnedLocation {
  path: string;
  /** 1-based; null when the finding names a file but no line. */
  line: number | null;
  /** True when the finding had no file and the path stands in for it. */
  fallback: boolean;
}

export function pinFinding(report: Report, f: Finding): PinnedLocation | null {
  if (f.file) return { path: f.file.replace(/^\/+/, ''), line: f.line !== null && f.line >= 1 ? f.line : null, fallback: false };
  const own = report.patches.find((p) => p.index === f.patch)?.applied[0]?.path;
  const any = report.patches.flatMap((p) => p.applied.map((a) => a.path))[0];
  const path = own ?? any;
  return path ? { path: path.replace(/^\/+/, ''), line: 1, fallback: true } : null;
}

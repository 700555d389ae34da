/**
 * Findings → summary (counts and verdict) → exit code, per DESIGN.md
 * (abidiff's bitmask): 0 nothing changed, 4 ABI changed but compatible
 * (additions, notes, warnings), 12 an incompatible change (any error),
 * 1 the analysis could not be completed (a hunk failed to apply), 3 usage.
 */
import type { Finding, Report, Verdict } from './report.ts';
import { EXIT } from './report.ts';

export function summarise(findings: Finding[]): Report['summary'] {
  const count = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  const errors = count('error');
  const warnings = count('warning');
  const notes = count('note');
  const verdict: Verdict = errors > 0 ? 'breaking' : findings.length > 0 ? 'additive' : 'compatible';
  return { errors, warnings, notes, verdict };
}

/** Hunks that did not apply: the post-images miss changes, so "nothing found" proves nothing. */
export function failedHunks(report: Report): number {
  return report.patches.reduce((n, p) => n + p.applied.reduce((m, f) => m + f.hunks.filter((h) => h.status === 'failed').length, 0), 0);
}

export function exitCodeFor(report: Report): number {
  const { verdict } = report.summary;
  if (verdict === 'breaking') return EXIT.incompatible;
  if (failedHunks(report) > 0) return EXIT.toolError;
  return verdict === 'additive' ? EXIT.abiChanged : EXIT.ok;
}

/** The findings the series view lists: filtered by patch and search text, grouped by level. */
import type { Finding, Level, Report } from '../report/report.ts';

const ORDER: Level[] = ['error', 'warning', 'note'];

export function visibleFindings(report: Report, patch: number, search: string): Finding[] {
  const needle = search.toLowerCase();
  return report.findings
    .filter((f) => patch === 0 || f.patch === patch)
    .filter((f) => !needle || `${f.rule} ${f.symbol} ${f.message} ${f.file}`.toLowerCase().includes(needle))
    .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level) || a.patch - b.patch);
}

export type FindingRow = { kind: 'header'; level: Level; count: number } | { kind: 'finding'; finding: Finding; index: number };

export function groupedRows(findings: Finding[]): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const level of ORDER) {
    const group = findings.filter((f) => f.level === level);
    if (group.length === 0) continue;
    rows.push({ kind: 'header', level, count: group.length });
    for (const f of group) rows.push({ kind: 'finding', finding: f, index: findings.indexOf(f) });
  }
  return rows;
}

/** Verdict of one patch from its findings (error > warning > note). */
export function patchVerdict(report: Report, patch: number): 'fail' | 'warn' | 'ok' {
  const own = report.findings.filter((f) => f.patch === patch);
  if (own.some((f) => f.level === 'error')) return 'fail';
  if (own.some((f) => f.level === 'warning')) return 'warn';
  return 'ok';
}

/**
 * Which entry of Report.layouts a finding is about: its symbol
 * (`struct x.member`, `struct x:…`, `x.member`) names the record. Shared by
 * every reporter that shows layouts (the TUI's detail pane, the mail reply).
 */
import type { Report } from './report.ts';

/** The layouts key of the record a finding's symbol names, or null when the report has no layout for it. */
export function layoutKeyFor(report: Report, symbol: string): string | null {
  const keys = Object.keys(report.layouts).sort((a, b) => b.length - a.length);
  const base = symbol.split(/[.:]/)[0]!;
  const untagged = (s: string) => s.replace(/^(struct|union) /, '');
  return keys.find((k) => k === base) ?? keys.find((k) => untagged(k) === untagged(base)) ?? keys.find((k) => symbol.startsWith(k)) ?? null;
}

/**
 * Builds the Report (DESIGN.md contract) from what the stages produced.
 * Pure: no IO, no clock.
 */
import type { Series } from '../patchwork/series.ts';
import type { Images } from '../tree/images.ts';
import type { Finding, Report, ScenarioReport } from '../report/report.ts';
import { REPORT_SCHEMA } from '../report/report.ts';
import { summarise } from '../report/summary.ts';

export interface StageResults {
  series: Series;
  images: Images;
  findings: Finding[];
  layouts: Report['layouts'];
  scenarios: ScenarioReport[];
  behaviourNotes: string[];
  notes: string[];
}

function personText(p: { name: string | null; email: string }): string {
  return p.name ? `${p.name} <${p.email}>` : p.email;
}

export function assembleReport(version: string, r: StageResults): Report {
  const { series, images } = r;
  const findings = [...r.findings].sort(
    (a, b) => a.patch - b.patch || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule),
  );
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'abi-check', version },
    input: {
      kind: series.input.kind,
      target: series.input.target,
      server: series.input.server,
      series: {
        id: series.id,
        name: series.name,
        version: series.version,
        url: series.webUrl,
        receivedAll: series.receivedAll,
        total: series.total,
        cover: series.cover ? { msgid: series.cover.msgid, subject: series.cover.subject } : null,
      },
    },
    base: {
      source: images.source,
      files: images.base.map((b) => ({ path: b.path, blob: b.blob, exact: b.exact, source: b.source, how: b.how })),
    },
    patches: series.patches.map((p, i) => ({
      index: p.index,
      id: p.id,
      msgid: p.msgid,
      subject: p.subject,
      author: personText(p.author),
      date: p.date,
      applied: (images.applied[i] ?? []).map((f) => ({
        path: f.path,
        hunks: f.hunks.map((h) => ({ status: h.status, offset: h.offset, fuzz: h.fuzz })),
      })),
    })),
    findings,
    layouts: r.layouts,
    behaviour: { scenarios: r.scenarios, notes: r.behaviourNotes },
    notes: [...series.notes, ...images.notes, ...r.notes],
    summary: summarise(findings),
  };
}

/**
 * `--format text`: what a maintainer reads. Per-patch summary (subject, how
 * each file's hunks applied, finding counts), then every finding with the
 * before/after layout of the record it is about (pahole style, one block per
 * group of ABIs that agree), then the behaviour table, notes and the verdict.
 * Plain text unless `color` is asked for (the CLI asks only for a TTY without NO_COLOR).
 */
import type { Finding, Report, PatchReport, ScenarioReport } from './report.ts';
import type { RecordLayout } from '../abi/layout-types.ts';
import { renderRecordLayout } from './render-layout-text.ts';
import { exitCodeFor, failedHunks } from './summary.ts';

export interface TextOptions {
  color?: boolean;
  /** Wrap width for prose (default 100). */
  width?: number;
}

/** Colour for an output stream: only a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  return !!stream.isTTY && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

const SGR = { red: '31', yellow: '33', cyan: '36', bold: '1', dim: '2', green: '32' } as const;

/** Word-wraps `text` at `width`; continuation lines get `hanging` (default: the same indent). */
function wrap(text: string, width: number, indent: string, hanging = indent): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let lead = indent;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && lead.length + line.length + 1 + word.length > width) {
        out.push(lead + line);
        lead = hanging;
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(lead + line);
  }
  return out;
}

function hunkSummary(hunks: PatchReport['applied'][number]['hunks']): string {
  const by = new Map<string, number>();
  for (const h of hunks) by.set(h.status, (by.get(h.status) ?? 0) + 1);
  const parts = [...by].map(([s, n]) => `${n} ${s}`);
  const offsets = hunks.filter((h) => h.offset !== 0).map((h) => (h.offset > 0 ? `+${h.offset}` : String(h.offset)));
  const fuzz = hunks.filter((h) => h.fuzz > 0).map((h) => String(h.fuzz));
  return `${hunks.length} hunk${hunks.length === 1 ? '' : 's'}: ${parts.join(', ')}${offsets.length ? ` (offsets ${offsets.join(' ')})` : ''}${fuzz.length ? ` (fuzz ${fuzz.join(' ')})` : ''}`;
}

function counts(fs: Finding[]): string {
  const n = (l: Finding['level']) => fs.filter((f) => f.level === l).length;
  const parts = [[n('error'), 'error'], [n('warning'), 'warning'], [n('note'), 'note']] as const;
  const shown = parts.filter(([c]) => c > 0).map(([c, w]) => `${c} ${w}${c === 1 ? '' : 's'}`);
  return shown.length ? shown.join(', ') : 'no findings';
}

function abiText(abis: string[]): string {
  if (abis.length >= 14) return `all ${abis.length} ABIs`;
  return abis.join(', ');
}

/** The record a finding is about: its symbol up to the first member, if the report has its layout. */
function recordOf(f: Finding, layouts: Report['layouts']): string | null {
  for (const name of Object.keys(layouts)) if (f.symbol === name || f.symbol.startsWith(`${name}.`)) return name;
  return null;
}

/** Line diff (LCS) of two short texts: ' ' kept, '-' only before, '+' only after. */
export function lineDiff(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push(`  ${a[i]}`); i++; j++; }
    else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) { out.push(`- ${a[i]}`); i++; }
    else { out.push(`+ ${b[j]}`); j++; }
  }
  return out;
}

function pahole(r: RecordLayout): string[] {
  return renderRecordLayout(r).split('\n').map((l) => l.replace(/\t/g, '    '));
}

/** The record's layout before → after, as a pahole-style line diff, one block per group of ABIs with the same text. */
function layoutBlocks(name: string, perAbi: Report['layouts'][string], indent: string): string[] {
  const groups: { abis: string[]; lines: string[]; same: boolean }[] = [];
  for (const [abi, { before, after }] of Object.entries(perAbi)) {
    const b = before ? pahole(before) : [];
    const a = after ? pahole(after) : [];
    const lines = before && after ? lineDiff(b, a) : before ? b.map((l) => `- ${l}`) : a.map((l) => `+ ${l}`);
    const same = lines.every((l) => l.startsWith('  '));
    const key = lines.join('\n');
    const g = groups.find((x) => x.lines.join('\n') === key);
    if (g) g.abis.push(abi);
    else groups.push({ abis: [abi], lines, same });
  }
  const out: string[] = [];
  for (const g of groups) {
    out.push(`${indent}${name} on ${abiText(g.abis)}${g.same ? ' (layout unchanged)' : ' (- before, + after)'}:`);
    for (const l of g.lines) out.push(`${indent}  ${l}`);
  }
  return out;
}

function cell(v: Record<string, unknown>): string {
  // A run that did not happen: its reason is in the behaviour notes, once.
  if (v.ran === false) return 'not run';
  const parts = Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x, (_k, y) => (typeof y === 'bigint' ? y.toString() : y))}`);
  return parts.join(' ') || '-';
}

function behaviourTable(scenarios: ScenarioReport[]): string[] {
  const rows = scenarios.map((s) => [s.name, cell(s.before), cell(s.after), s.verdict]);
  const head = ['scenario', 'before', 'after', 'verdict'];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join(' | ');
  return ['  ' + fmt(head), '  ' + widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? Math.max(w, 7) : w)).join('-+-'), ...rows.map((r) => '  ' + fmt(r))];
}

export function renderText(report: Report, opts: TextOptions = {}): string {
  const width = opts.width ?? 100;
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const level = (l: Finding['level']) => paint(l === 'error' ? SGR.red : l === 'warning' ? SGR.yellow : SGR.cyan, l.padEnd(7));
  const out: string[] = [];
  const s = report.input.series;
  out.push(paint(SGR.bold, `abi-check ${report.tool.version}: ${s.name ?? report.patches[0]?.subject ?? 'series'}${s.version > 1 ? ` (v${s.version})` : ''}`));
  out.push(`input: ${report.input.kind}${report.input.target ? ` ${report.input.target}` : ''}${s.url ? ` <${s.url}>` : ''}; base: ${report.base.source}${report.base.files.length ? ` (${report.base.files.filter((f) => f.exact).length}/${report.base.files.length} files exact)` : ''}`);
  out.push('');

  out.push(paint(SGR.bold, 'Patches'));
  const byPatch = (i: number) => report.findings.filter((f) => f.patch === i);
  for (const p of report.patches) {
    out.push(`  [${p.index}/${report.patches.length}] ${p.subject}`);
    out.push(`        ${p.author}${p.date ? `, ${p.date}` : ''}; ${counts(byPatch(p.index))}`);
    const w = Math.max(0, ...p.applied.map((f) => f.path.length));
    for (const f of p.applied) out.push(`        ${f.path.padEnd(w)}  ${hunkSummary(f.hunks)}`);
  }
  if (byPatch(0).length) out.push(`  [series] end to end: ${counts(byPatch(0))}`);
  out.push('');

  out.push(paint(SGR.bold, 'Findings'));
  if (report.findings.length === 0) out.push('  none');
  const shownLayouts = new Set<string>();
  const order = [...report.patches.map((p) => p.index), 0];
  const rank = { error: 0, warning: 1, note: 2 } as const;
  for (const idx of order) {
    const fs = [...byPatch(idx)].sort((a, b) => rank[a.level] - rank[b.level]);
    if (fs.length === 0) continue;
    const p = report.patches.find((x) => x.index === idx);
    out.push(`  ${p ? `Patch ${p.index}/${report.patches.length}: ${p.subject}` : 'The series end to end'}`);
    for (const f of fs) {
      out.push('');
      out.push(`    ${level(f.level)} ${paint(SGR.bold, f.rule)}  ${f.file}${f.line !== null ? `:${f.line}` : ''}`);
      out.push(`            ${f.symbol}  [${f.kind}; ${abiText(f.abis)}]`);
      out.push(...wrap(f.message, width, '            '));
      if (f.suggestion) out.push(...wrap(`suggestion: ${f.suggestion}`, width, '            '));
      const rec = recordOf(f, report.layouts);
      if (rec && !shownLayouts.has(rec) && f.level !== 'note') {
        shownLayouts.add(rec);
        out.push('');
        out.push(...layoutBlocks(rec, report.layouts[rec], '            '));
      } else if (rec && shownLayouts.has(rec) && f.level !== 'note') {
        out.push(paint(SGR.dim, `            (layout of ${rec} shown above)`));
      }
    }
    out.push('');
  }

  if (report.behaviour.scenarios.length || report.behaviour.notes?.length) {
    out.push(paint(SGR.bold, 'Behaviour (emulated, before vs after)'));
    if (report.behaviour.scenarios.length) out.push(...behaviourTable(report.behaviour.scenarios));
    for (const n of report.behaviour.notes ?? []) out.push(...wrap(`- ${n}`, width, '  ', '    '));
    out.push('');
  }

  if (report.notes.length) {
    out.push(paint(SGR.bold, 'Notes'));
    for (const n of report.notes) out.push(...wrap(`- ${n}`, width, '  ', '    '));
    out.push('');
  }

  const { errors, warnings, notes, verdict } = report.summary;
  const code = exitCodeFor(report);
  const failed = failedHunks(report);
  const v = verdict === 'breaking' ? paint(SGR.red, 'BREAKING') : verdict === 'additive' ? paint(SGR.yellow, 'ADDITIVE') : paint(SGR.green, 'COMPATIBLE');
  out.push(`${paint(SGR.bold, 'Summary')}: ${v} — ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}${failed ? `; ${failed} hunk${failed === 1 ? '' : 's'} failed to apply` : ''}; exit code ${code}`);
  return `${out.join('\n')}\n`;
}

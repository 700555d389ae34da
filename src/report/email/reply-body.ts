/**
 * The plain-text body of a review reply, written the way a kernel reviewer
 * writes one: an attribution line, then, bottom-posted, the relevant hunk
 * lines quoted with `> ` and each finding under them, the before/after
 * layout of the records involved, a short footer (tool version, command to
 * reproduce) and the `-- ` signature. Prose is wrapped at 72 columns; quoted
 * diff lines and the command are kept as they are.
 */
import { ABI_NAMES } from '../../abi/layout-types.ts';
import type { Series } from '../../patchwork/series.ts';
import type { Finding, Report } from '../report.ts';
import { headerText } from './header-safety.ts';
import { layoutKeyFor } from '../layout-key.ts';
import { renderLayoutTable } from './layout-table.ts';
import { excerptFor, quote, type Excerpt } from './quote.ts';
import type { ReplyTarget } from './reply-target.ts';
import { wrapParagraph } from './wrap.ts';
import { plural } from '../plural.ts';

export interface ReplyBodyOptions {
  command: string;
  attachJson: boolean;
  signature?: string;
}

const LEVEL_WORD = { error: 'Error', warning: 'Warning', note: 'Note' } as const;

function countLine(findings: Finding[]): string {
  const n = (l: Finding['level']) => findings.filter((f) => f.level === l).length;
  return [plural(n('error'), 'error'), plural(n('warning'), 'warning'), plural(n('note'), 'note')].join(', ');
}

/** `Mon, 20 Apr 2026 18:39:15 +0000` (RFC 5322 date in UTC). */
function mailDate(iso: string): string {
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (x: number) => String(x).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function abiPhrase(abis: string[]): string | null {
  if (abis.length === 0) return null;
  if (abis.length === ABI_NAMES.length && ABI_NAMES.every((a) => abis.includes(a))) return `on all ${abis.length} ABIs`;
  return `on ${abis.join(', ')}`;
}

function findingLines(f: Finding): string[] {
  const where = abiPhrase(f.abis);
  // The symbol (`struct x.y`) is kept on one line.
  const symbol = headerText(f.symbol).replace(/ /g, '\u0001');
  const head = `${LEVEL_WORD[f.level]} [${f.rule}]: ${symbol}${where ? ` (${where})` : ''}${f.line === null && f.file ? ` in ${f.file}` : ''}`;
  const out = [...wrapParagraph(head).map((l) => l.replace(/\u0001/g, ' ')), ...wrapParagraph(f.message)];
  if (f.suggestion) out.push(...wrapParagraph(`Suggestion: ${f.suggestion}`));
  return out;
}

interface Block {
  excerpt: Excerpt | null;
  findings: Finding[];
}

/** Findings of one patch grouped under the diff excerpt they belong to, in diff order. */
function blocksFor(findings: Finding[], diff: string | null): Block[] {
  const blocks: Block[] = [];
  const byKey = new Map<string, Block>();
  for (const f of findings) {
    const excerpt = diff && f.file ? excerptFor(diff, f.file, f.line) : null;
    const key = excerpt ? excerpt.key : `none:${f.file}`;
    const b = byKey.get(key);
    if (b) b.findings.push(f);
    else {
      const nb = { excerpt, findings: [f] };
      byKey.set(key, nb);
      blocks.push(nb);
    }
  }
  // diff order; findings without an excerpt last
  const order = (b: Block): [number, number] => (b.excerpt ? [b.excerpt.hunkIndex, b.excerpt.start] : [Infinity, 0]);
  return blocks.sort((a, b) => {
    const [ha, sa] = order(a);
    const [hb, sb] = order(b);
    return ha - hb || sa - sb;
  });
}

function patchSection(series: Series, patchIndex: number, findings: Finding[]): string[] {
  const patch = series.patches.find((p) => p.index === patchIndex) ?? null;
  const out: string[] = [];
  const filesQuoted = new Set<string>();
  let lastHunk = -1;
  for (const block of blocksFor(findings, patch ? patch.diff : null)) {
    if (out.length > 0) out.push('');
    const ex = block.excerpt;
    if (ex) {
      if (!filesQuoted.has(ex.file)) {
        out.push(...quote([ex.fileHeader]));
        filesQuoted.add(ex.file);
      }
      // the hunk header once per hunk; a later excerpt of the same hunk is a snip
      if (ex.hunkIndex !== lastHunk) out.push(...quote([ex.header]));
      if (ex.trimmed || ex.hunkIndex === lastHunk) out.push('> [...]');
      lastHunk = ex.hunkIndex;
      out.push(...quote(ex.lines));
      out.push('');
    } else if (block.findings[0]!.file) {
      out.push(...wrapParagraph(`In ${block.findings[0]!.file}:`), '');
    }
    block.findings.forEach((f, i) => {
      if (i > 0) out.push('');
      out.push(...findingLines(f));
    });
  }
  return out;
}

export function buildReplyText(report: Report, series: Series, target: ReplyTarget, opts: ReplyBodyOptions): string {
  const lines: string[] = [];
  const author = headerText(target.mail.author.name || target.mail.author.email);
  lines.push(...wrapParagraph(target.mail.date ? `On ${mailDate(target.mail.date)}, ${author} wrote:` : `${author} wrote:`));

  const patchIndexes = [...new Set(target.findings.map((f) => f.patch))].sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b));
  const many = target.patchIndex === 0 && patchIndexes.some((i) => i > 0);
  for (const idx of patchIndexes) {
    const fs = target.findings.filter((f) => f.patch === idx);
    if (many) {
      lines.push('');
      if (idx > 0) {
        const p = series.patches.find((x) => x.index === idx);
        lines.push(...wrapParagraph(`In ${headerText(p ? p.subject : `patch ${idx}`)}:`));
      } else {
        lines.push('Series-wide:');
      }
    }
    lines.push('');
    lines.push(...patchSection(series, idx, fs));
  }
  if (target.findings.length === 0) {
    lines.push('');
    lines.push(...wrapParagraph(
      report.findings.length === 0
        ? 'abi-check found no uAPI/ABI change in this series.'
        : 'abi-check found nothing to report for this patch.',
    ));
  }

  // Tables for the records of errors and warnings (notes only when there is nothing else).
  const serious = target.findings.filter((f) => f.level !== 'note');
  const keys = [...new Set((serious.length > 0 ? serious : target.findings).map((f) => layoutKeyFor(report, f.symbol)).filter((k): k is string => k !== null))];
  if (keys.length > 0) {
    lines.push('');
    lines.push(...wrapParagraph(`Layout before and after the series (offsets and sizes in bytes):`));
    for (const key of keys) {
      lines.push('');
      lines.push(...renderLayoutTable(report, key));
    }
  }

  lines.push('');
  const scope = target.patchIndex === 0 ? 'this series' : 'this patch';
  lines.push(...wrapParagraph(
    `${countLine(target.findings)} in ${scope}; series verdict: ${report.summary.verdict}.`,
  ));
  if (report.base.source === 'diff-context') {
    lines.push('');
    lines.push(...wrapParagraph(
      'No kernel tree was at hand: the base files were reconstructed from the diff context, so layouts cover only what the diff shows.',
    ));
  }
  lines.push('');
  lines.push(...wrapParagraph(
    `Checked by abi-check ${report.tool.version}, a uAPI/ABI review tool for Linux patch series.` +
      (opts.attachJson ? ' The full report is attached as abi-check-report.json.' : ''),
  ));
  lines.push('To reproduce:');
  lines.push('');
  lines.push(`  ${headerText(opts.command)}`);
  lines.push('');
  lines.push('-- ');
  lines.push(...wrapParagraph(opts.signature ?? `abi-check ${report.tool.version}`));
  return `${lines.join('\n')}\n`;
}

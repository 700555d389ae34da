/**
 * Which mail of the thread a review reply answers.
 *
 * Kernel reviewers answer the patch that made a change, so:
 * - an explicit patchIndex answers that patch (0 = the cover letter) with the
 *   findings of that patch (the cover letter gets the series-wide ones);
 * - otherwise, when every finding comes from one patch, the reply goes to
 *   that patch;
 * - when findings span several patches or are series-wide (patch 0), one
 *   reply goes to the cover letter and quotes each patch's hunks under a
 *   heading naming the patch (use replyTargets() for one mail per patch);
 * - with no findings, the verdict goes to the cover letter.
 * A series without a cover letter uses patch 1, the root of its thread.
 */
import type { MailMeta, Series } from '../../patchwork/series.ts';
import type { Finding, Report } from '../report.ts';
import { InputError } from '../../errors.ts';

export interface ReplyTarget {
  /** 0 = the cover letter (or, without one, the thread root). */
  patchIndex: number;
  mail: MailMeta;
  findings: Finding[];
}

function threadRoot(series: Series): { index: number; mail: MailMeta } {
  if (series.cover) return { index: 0, mail: series.cover };
  const first = series.patches[0];
  if (!first) throw new InputError('series', 'has no mails to reply to');
  return { index: first.index, mail: first };
}

function patchMail(series: Series, index: number): MailMeta {
  if (index === 0) return threadRoot(series).mail;
  const p = series.patches.find((x) => x.index === index);
  if (!p) throw new InputError('report', `finding refers to patch ${index}, which the series does not have`);
  return p;
}

export function chooseReplyTarget(report: Report, series: Series, patchIndex?: number): ReplyTarget {
  if (patchIndex !== undefined) {
    return {
      patchIndex,
      mail: patchMail(series, patchIndex),
      findings: report.findings.filter((f) => f.patch === patchIndex),
    };
  }
  const patches = new Set(report.findings.map((f) => f.patch));
  if (patches.size === 1) {
    const [only] = patches;
    if (only! > 0) return { patchIndex: only!, mail: patchMail(series, only!), findings: [...report.findings] };
  }
  return { patchIndex: 0, mail: threadRoot(series).mail, findings: [...report.findings] };
}

/** One target per patch that has findings, plus the cover letter for series-wide findings. */
export function replyTargets(report: Report, series: Series): ReplyTarget[] {
  const indexes = [...new Set(report.findings.map((f) => f.patch))].sort((a, b) => a - b);
  if (indexes.length === 0) return [chooseReplyTarget(report, series)];
  return indexes.map((i) => chooseReplyTarget(report, series, i));
}

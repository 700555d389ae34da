/**
 * Turn parsed mails (from an mbox, .eml, .patch, or Patchwork) into a Series:
 * pick the cover letter and the patches, order them by their "n/N" numbering,
 * notice gaps, replies and mixed versions. Pure: no IO.
 */
import type { Cover, Patch, Series } from './series.ts';
import type { ParsedMail } from './mail.ts';
import { parseSubject, type SubjectInfo } from './subject.ts';
import { splitPatchBody } from './patch-body.ts';

/** A parsed mail plus what Patchwork knows about it, when it came from Patchwork. */
export interface SourceMail extends ParsedMail {
  id?: number | null;
  webUrl?: string | null;
  /** The diff as the source already separated it (Patchwork's `diff` field), used verbatim. */
  diff?: string;
}

export function buildPatch(mail: SourceMail, index: number, seriesBase: string | null): Patch {
  const body = splitPatchBody(mail.body);
  return {
    ...mail.meta,
    index,
    id: mail.id ?? mail.patchworkId ?? null,
    webUrl: mail.webUrl ?? null,
    commitMessage: body.commitMessage,
    diff: mail.diff ?? body.diff,
    baseCommit: body.baseCommit ?? seriesBase,
  };
}

export function buildCover(mail: SourceMail): Cover {
  return { ...mail.meta, id: mail.id ?? mail.patchworkId ?? null, webUrl: mail.webUrl ?? null, body: mail.body.replace(/\s+$/, '\n') };
}

/** One note per patch whose diff has lines without a diff prefix (mail damage). */
export function damageNotes(mails: SourceMail[], patches: Patch[]): string[] {
  const notes: string[] = [];
  mails.forEach((mail, i) => {
    const damaged = mail.diff === undefined ? splitPatchBody(mail.body).damagedLines : 0;
    if (damaged > 0) {
      notes.push(`patch ${patches[i].index}: ${damaged} diff line${damaged === 1 ? '' : 's'} without a +/-/space prefix (wrapped or damaged by mail); kept as they are`);
    }
  });
  return notes;
}

interface Classified {
  mail: SourceMail;
  subject: SubjectInfo;
  hasDiff: boolean;
  base: string | null;
}

export type SeriesInput = Series['input'];

export interface MailSeriesOptions {
  /** Used as the series name when there is neither cover nor patch subject (e.g. a bare diff). */
  fallbackName?: string;
}

/**
 * Build a Series from the mails of one file or thread.
 * Throws Error (message only) when the mails contain no patch at all — the
 * caller turns it into an InputError naming the input.
 */
export function seriesFromMails(mails: SourceMail[], input: SeriesInput, options: MailSeriesOptions = {}): Series {
  const notes: string[] = [];
  const classified: Classified[] = mails.map((mail) => {
    const body = splitPatchBody(mail.body);
    return { mail, subject: parseSubject(mail.meta.subject), hasDiff: body.diff !== '', base: body.baseCommit };
  });

  const replies = classified.filter((c) => c.subject.isReply);
  if (replies.length > 0) notes.push(`ignored ${replies.length} repl${replies.length === 1 ? 'y' : 'ies'} in the input`);
  const postings = classified.filter((c) => !c.subject.isReply);
  let patches = postings.filter((c) => c.hasDiff);
  let covers = postings.filter((c) => !c.hasDiff && c.subject.number === 0);
  const others = postings.filter((c) => !c.hasDiff && c.subject.number !== 0);
  if (others.length > 0) {
    notes.push(`ignored ${others.length} mail${others.length === 1 ? '' : 's'} without a diff: ${others.map((o) => JSON.stringify(o.mail.meta.subject)).join(', ')}`);
  }
  if (patches.length === 0) {
    throw new Error(mails.length === 0 ? 'contains no mail' : 'contains no patch (no unified diff found in any mail)');
  }

  const versions = [...new Set(patches.map((p) => p.subject.version))].sort((a, b) => a - b);
  const version = versions[versions.length - 1];
  if (versions.length > 1) {
    notes.push(`the input mixes versions v${versions.join(', v')}; analysing v${version} only`);
    patches = patches.filter((p) => p.subject.version === version);
    covers = covers.filter((c) => c.subject.version === version);
  }

  const numbered = patches.every((p) => p.subject.number !== null);
  if (numbered) {
    const byNumber = new Map<number, Classified>();
    for (const p of patches) {
      const n = p.subject.number as number;
      if (byNumber.has(n)) notes.push(`patch ${n} appears more than once; using the last copy`);
      byNumber.set(n, p);
    }
    patches = [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  }
  const totals = patches.map((p) => p.subject.total).filter((t): t is number => t !== null);
  const total = totals.length > 0 ? Math.max(...totals) : null;

  let receivedAll = true;
  if (numbered && total !== null) {
    const have = new Set(patches.map((p) => p.subject.number));
    const missing: number[] = [];
    for (let n = 1; n <= total; n++) if (!have.has(n)) missing.push(n);
    if (missing.length > 0) {
      receivedAll = false;
      notes.push(`partial series: missing patch${missing.length === 1 ? '' : 'es'} ${missing.map((n) => `${n}/${total}`).join(', ')}`);
    }
  }

  const coverMail = covers.length > 0 ? covers[covers.length - 1] : null;
  if (covers.length > 1) notes.push(`found ${covers.length} cover letters; using the last`);
  const baseCommit = coverMail?.base ?? patches.find((p) => p.base !== null)?.base ?? null;
  const builtPatches = patches.map((p, i) => buildPatch(p.mail, numbered ? (p.subject.number as number) : i + 1, baseCommit));
  notes.push(...damageNotes(patches.map((p) => p.mail), builtPatches));
  const name =
    coverMail?.subject.title ||
    (builtPatches.length === 1 ? patches[0].subject.title : '') ||
    patches[0].subject.title ||
    options.fallbackName ||
    null;

  return {
    input,
    id: null,
    name,
    version,
    webUrl: null,
    project: null,
    receivedAll,
    total,
    cover: coverMail ? buildCover(coverMail.mail) : null,
    patches: builtPatches,
    baseCommit,
    notes,
  };
}

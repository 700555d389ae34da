/**
 * Read Patchwork REST API objects (API 1.0–1.3) into mails and Series.
 * Tolerant by design: older versions lack fields, ozlabs sends `null` where a
 * local 3.1 server sends "", lists may omit detail fields. Pure: no IO.
 */
import type { Person, Series } from './series.ts';
import { bareMsgid, metaFromApiHeaders } from './mail.ts';
import { toUtcIso } from './dates.ts';
import { buildCover, buildPatch, type SourceMail } from './assemble.ts';
import { parseSubject } from './subject.ts';
import { splitPatchBody } from './patch-body.ts';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A non-empty string field, else null ("" and null mean "unknown" in Patchwork). */
export function str(obj: Json | null | undefined, key: string): string | null {
  const v = obj?.[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function num(obj: Json | null | undefined, key: string): number | null {
  const v = obj?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

export function obj(o: Json | null | undefined, key: string): Json | null {
  const v = o?.[key];
  return isObject(v) ? v : null;
}

export function arr(o: Json | null | undefined, key: string): unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}

/** What kind of Patchwork object this is, judged by its fields and URL. */
export function apiObjectKind(o: Json): 'patch' | 'cover' | 'series' | 'unknown' {
  const url = str(o, 'url') ?? '';
  if (/\/series\/\d+\/?/.test(url) || (Array.isArray(o.patches) && 'cover_letter' in o)) return 'series';
  if (/\/covers?\/\d+\/?/.test(url)) return 'cover';
  if (/\/patches\/\d+\/?/.test(url) || 'diff' in o) return 'patch';
  if ('content' in o && 'msgid' in o) return 'cover';
  return 'unknown';
}

function submitter(o: Json): Person {
  const s = obj(o, 'submitter');
  return { name: str(s, 'name'), email: str(s, 'email') ?? '' };
}

/**
 * A patch or cover detail object as a mail. The original headers win over
 * Patchwork's rewritten fields; when `headers` is missing we fall back to
 * `name` (rewritten subject), `submitter` and `date`, and say so.
 */
export async function mailFromApi(o: Json, notes: string[]): Promise<SourceMail> {
  const fromHeaders = await metaFromApiHeaders(o.headers);
  const name = str(o, 'name') ?? '';
  const apiDate = toUtcIso(str(o, 'date'));
  const meta = {
    msgid: fromHeaders?.msgid || bareMsgid(str(o, 'msgid') ?? ''),
    subject: fromHeaders?.subject || name,
    author: fromHeaders && fromHeaders.author.email !== '' ? fromHeaders.author : submitter(o),
    date: fromHeaders?.date ?? apiDate,
    inReplyTo: fromHeaders?.inReplyTo ?? null,
    references: fromHeaders?.references ?? [],
    to: fromHeaders?.to ?? [],
    cc: fromHeaders?.cc ?? [],
  };
  if (!fromHeaders?.subject && name !== '') {
    notes.push(`${meta.msgid || `object ${num(o, 'id')}`}: Patchwork sent no original Subject header; using its rewritten name ${JSON.stringify(name)}`);
  }
  const content = typeof o.content === 'string' ? o.content : '';
  const diff = typeof o.diff === 'string' ? o.diff : '';
  const body = diff === '' ? content : `${content.replace(/\n*$/, '\n')}${diff}`;
  const mail: SourceMail = { meta, body, id: num(o, 'id'), webUrl: str(o, 'web_url') };
  // Patchwork already cut the diff out of the mail: keep it verbatim (even when whitespace-damaged)
  if (diff !== '') mail.diff = diff;
  return mail;
}

/** The first series a patch/cover belongs to (`series` is a list in 1.1+, may be missing or empty). */
export function firstSeriesRef(o: Json): Json | null {
  const s = o.series;
  if (Array.isArray(s)) return s.find(isObject) ?? null;
  return isObject(s) ? s : null;
}

export interface ApiSeriesParts {
  series: Json | null;
  cover: SourceMail | null;
  patches: SourceMail[];
}

/** Assemble a Series from a Patchwork series object and the detail of its cover and patches. */
export function seriesFromApiParts(parts: ApiSeriesParts, input: Series['input'], notes: string[]): Series {
  const s = parts.series;
  const subjects = parts.patches.map((p) => parseSubject(p.meta.subject));
  const numbered = subjects.every((x) => x.number !== null) && new Set(subjects.map((x) => x.number)).size === subjects.length;
  const order = parts.patches.map((p, i) => ({ p, n: numbered ? (subjects[i].number as number) : i + 1 }));
  if (numbered) order.sort((a, b) => a.n - b.n);
  const coverBase = parts.cover ? splitPatchBody(parts.cover.body).baseCommit : null;
  const baseCommit = coverBase ?? parts.patches.map((p) => splitPatchBody(p.body).baseCommit).find((b) => b !== null) ?? null;
  const patches = order.map(({ p, n }) => buildPatch(p, n, baseCommit));

  const total = num(s, 'total') ?? subjects.find((x) => x.total !== null)?.total ?? null;
  const receivedTotal = num(s, 'received_total');
  let receivedAll: boolean;
  if (typeof s?.received_all === 'boolean') receivedAll = s.received_all;
  else if (total !== null) receivedAll = (receivedTotal ?? patches.length) >= total;
  else receivedAll = true;
  if (!receivedAll) {
    const have = new Set(patches.map((p) => p.index));
    const missing = total !== null ? Array.from({ length: total }, (_, i) => i + 1).filter((n) => !have.has(n)) : [];
    const missingText = missing.length > 0 && numbered ? ` (missing ${missing.map((n) => `${n}/${total}`).join(', ')})` : '';
    notes.push(
      typeof s?.received_all === 'boolean'
        ? `partial series: Patchwork has ${receivedTotal ?? patches.length} of ${total ?? '?'} patches${missingText}; the result covers only what was received`
        : `partial series: ${patches.length} of ${total ?? '?'} patches available${missingText}`,
    );
  }
  const project = obj(s, 'project');
  const coverTitle = parts.cover ? parseSubject(parts.cover.meta.subject).title : null;
  return {
    input,
    id: num(s, 'id'),
    name: str(s, 'name') ?? coverTitle ?? (patches[0] ? parseSubject(patches[0].subject).title : null),
    version: num(s, 'version') ?? subjects[0]?.version ?? 1,
    webUrl: str(s, 'web_url'),
    project: str(project, 'link_name'),
    receivedAll,
    total,
    cover: parts.cover ? buildCover(parts.cover) : null,
    patches,
    baseCommit,
    notes,
  };
}

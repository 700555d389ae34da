/**
 * Series from a local file: an mbox (several mails, e.g. b4 am output), a
 * single .eml/.patch (git format-patch), a bare diff, or a saved Patchwork
 * API answer (JSON, possibly with browsable-page text around it).
 * Reading is the only IO; classification and parsing are pure.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { Series } from './series.ts';
import { splitMbox, isPostmark } from './mbox.ts';
import { parseMail } from './mail.ts';
import { seriesFromMails, type SourceMail } from './assemble.ts';
import { extractJson } from './json-text.ts';
import { apiObjectKind, firstSeriesRef, isObject, mailFromApi, num, obj, str, type Json } from './api-model.ts';
import { splitPatchBody } from './patch-body.ts';
import { parseTargetUrl, type Target } from './target.ts';

/** A file either yields a Series, or names a Patchwork object to fetch (a saved series or cover answer). */
export type FileResult = { kind: 'series'; series: Series } | { kind: 'fetch'; target: Target; note: string };

export type FileShape = 'empty' | 'binary' | 'html' | 'mail' | 'json' | 'diff' | 'unknown';

const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:[ \t]?/;

/** What a file's text looks like. Pure. */
export function fileShape(text: string): FileShape {
  if (text.trim() === '') return 'empty';
  if (text.includes('\u0000')) return 'binary';
  if (/^\s*<(?:!doctype html|html|head|body)\b/i.test(text.replace(/^\uFEFF/, ''))) return 'html';
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (isPostmark(lines[first])) return 'mail';
  // an RFC 5322 header block: header lines (with folding) up to a blank line, including From: or Subject:
  let sawHeader = false;
  let sawKey = false;
  for (let i = first; i < lines.length && i < first + 400; i++) {
    const l = lines[i];
    if (l === '') break;
    if (HEADER_LINE.test(l)) {
      sawHeader = true;
      if (/^(?:from|subject|message-id):/i.test(l)) sawKey = true;
    } else if (!(/^[ \t]/.test(l) && sawHeader)) {
      sawHeader = false;
      break;
    }
  }
  if (sawHeader && sawKey) return 'mail';
  if (/^\s*[{[]/.test(text) || /(?:^|\n)[ \t]*[{[]/.test(text) && /"(?:url|msgid|diff|id)"\s*:/.test(text)) return 'json';
  if (splitPatchBody(text).diff !== '') return 'diff';
  return 'unknown';
}

async function mailsFromText(data: Buffer): Promise<SourceMail[]> {
  const raw = splitMbox(data);
  return Promise.all(raw.map((m) => parseMail(m)));
}

/** `git show`/`git log -p` output or a bare diff, as one mail. */
function mailFromDiffText(text: string, fileName: string): SourceMail {
  const commit = /^commit [0-9a-f]{7,64}[^\n]*\n((?:[A-Za-z]+:[^\n]*\n)*)\n((?: {4}[^\n]*\n|\n)*)/.exec(text);
  let subject = fileName;
  let author = { name: null as string | null, email: '' };
  let date: string | null = null;
  let body = text;
  if (commit) {
    const headers = commit[1];
    const a = /^Author:\s*(.*?)\s*<([^>]*)>/m.exec(headers);
    if (a) author = { name: a[1] || null, email: a[2] };
    const d = /^(?:Author)?Date:\s*(.+)$/m.exec(headers);
    if (d && !Number.isNaN(Date.parse(d[1]))) date = new Date(Date.parse(d[1])).toISOString();
    const message = commit[2].split('\n').map((l) => l.replace(/^ {4}/, '')).join('\n').trim();
    subject = message.split('\n')[0] || fileName;
    body = `${message}\n---\n${text.slice(commit[0].length)}`;
  }
  return {
    meta: { msgid: '', subject, author, date, inReplyTo: null, references: [], to: [], cc: [] },
    body,
  };
}

function isPatchDetail(o: Json): boolean {
  return apiObjectKind(o) === 'patch' && typeof o.diff === 'string';
}

async function fromApiDocument(value: unknown, input: Series['input'], display: string): Promise<FileResult> {
  const notes: string[] = [];
  const objects = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
  if (objects.length === 0) throw new InputError(display, 'the JSON holds no Patchwork patch, cover or series object');
  const patchDetails = objects.filter(isPatchDetail);
  if (patchDetails.length > 0) {
    const mails = await Promise.all(patchDetails.map((o) => mailFromApi(o, notes)));
    let series: Series;
    try {
      series = seriesFromMails(mails, input);
    } catch (e) {
      throw new InputError(display, (e as Error).message);
    }
    const first = patchDetails[0];
    const ref = firstSeriesRef(first);
    const project = obj(first, 'project');
    series.id = num(ref, 'id');
    series.name = str(ref, 'name') ?? series.name;
    series.webUrl = str(ref, 'web_url');
    series.project = str(project, 'link_name');
    series.version = num(ref, 'version') ?? series.version;
    const server = str(first, 'url');
    series.input.server = server ? (parseTargetUrl(server) as { server?: string } | null)?.server ?? null : null;
    if (patchDetails.length === 1 && (series.total ?? 1) > 1) {
      notes.push(
        `the file holds one patch (${series.patches[0].index}/${series.total}) of series ${series.id ?? '?'}` +
          `${series.webUrl ? ` (${series.webUrl})` : ''}; the other patches are not in it`,
      );
    }
    series.notes.unshift(...notes);
    if (series.patches.length === 1) {
      const p = series.patches[0];
      series.input.requested = { kind: 'patch', id: p.id, msgid: p.msgid, index: p.index };
    }
    return { kind: 'series', series };
  }
  // a saved series or cover answer carries no diffs: fetch the series it names
  const o = objects[0];
  const kind = apiObjectKind(o);
  const url = str(o, 'url');
  const target = url ? parseTargetUrl(url) : null;
  if ((kind === 'series' || kind === 'cover') && target) {
    return { kind: 'fetch', target, note: `${display} is a saved Patchwork ${kind} answer without diffs; fetched the series from ${(target as { server?: string }).server}` };
  }
  throw new InputError(display, 'the JSON is a Patchwork answer without any diff (a patch list entry?) and names no series to fetch');
}

export async function readSeriesFile(filePath: string, display: string = filePath, kindOverride?: Series['input']['kind']): Promise<FileResult> {
  let data: Buffer;
  try {
    const st = await stat(filePath);
    if (st.isDirectory()) throw new InputError(display, 'is a directory, not a file');
    data = await readFile(filePath);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(display, code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot read: ${(e as Error).message}`);
  }
  const text = data.toString('utf8');
  const shape = fileShape(text);
  const ext = path.extname(filePath).toLowerCase();
  const input = (kind: Series['input']['kind']): Series['input'] => ({ kind: kindOverride ?? kind, target: display, server: null, apiVersion: null });
  switch (shape) {
    case 'empty':
      throw new InputError(display, 'file is empty');
    case 'binary':
      throw new InputError(display, 'binary data, not a mail, mbox, patch or Patchwork API answer');
    case 'html':
      throw new InputError(display, 'an HTML page, not the API answer: save it with ?format=json, or copy the page text');
    case 'unknown':
      throw new InputError(display, 'not a mail, mbox, patch, diff or Patchwork API answer (no mail headers, no diff, no JSON found)');
    case 'json': {
      const found = extractJson(text);
      if (!found.ok) {
        throw new InputError(display, found.problem === 'truncated' ? `truncated JSON: ${found.detail}` : `not a Patchwork API answer: ${found.detail}`);
      }
      return fromApiDocument(found.value, input('api-page'), display);
    }
    case 'diff': {
      const series = seriesFromMails([mailFromDiffText(text, path.basename(filePath))], input('patch'));
      series.notes.push(`${display} is a bare diff without mail headers: no author, date or Message-ID`);
      return { kind: 'series', series };
    }
    case 'mail': {
      const mails = await mailsFromText(data);
      try {
        const series = seriesFromMails(mails, input(mails.length > 1 || ext === '.mbox' || ext === '.mbx' ? 'mbox' : 'patch'), {
          fallbackName: path.basename(filePath),
        });
        return { kind: 'series', series };
      } catch (e) {
        throw new InputError(display, (e as Error).message);
      }
    }
  }
}

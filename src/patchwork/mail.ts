/**
 * One mail (cover letter or patch) parsed with mailparser into the header
 * fields a Series needs, plus its decoded plain-text body.
 * Works for mails from an mbox and for Patchwork's stored `headers` object.
 */
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import type { MailMeta, Person } from './series.ts';
import { toUtcIso } from './dates.ts';

export interface ParsedMail {
  meta: MailMeta;
  /** Decoded text body (quoted-printable/base64 undone), patch attachments appended. */
  body: string;
  /** `X-Patchwork-Id:` of mails downloaded from Patchwork's mbox endpoints. */
  patchworkId?: number;
}

/** Strip angle brackets and whitespace from one Message-ID. */
export function bareMsgid(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

/** Every `<…>` Message-ID in a header value (or the bare value when it has no brackets). */
export function msgidList(value: string | string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
  if (bracketed.length > 0) return bracketed;
  return text.split(/\s+/).map(bareMsgid).filter((id) => id.includes('@'));
}

function flattenAddresses(list: EmailAddress[]): Person[] {
  const out: Person[] = [];
  for (const a of list) {
    if (a.group) out.push(...flattenAddresses(a.group));
    else if (a.address) out.push({ name: a.name ? a.name : null, email: a.address });
  }
  return out;
}

function people(field: AddressObject | AddressObject[] | undefined): Person[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => flattenAddresses(o.value));
}

const PATCH_ATTACHMENT = /^text\/(?:x-diff|x-patch|plain)$|^application\/(?:x-patch|x-diff)$/;

/** Parse one raw RFC 5322 message (bytes or text). */
export async function parseMail(raw: Buffer | string): Promise<ParsedMail> {
  const mail = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const from = people(mail.from)[0] ?? { name: null, email: '' };
  let body = mail.text ?? '';
  for (const attachment of mail.attachments) {
    if (PATCH_ATTACHMENT.test(attachment.contentType)) body += `\n${attachment.content.toString('utf8')}`;
  }
  const meta: MailMeta = {
    msgid: mail.messageId ? bareMsgid(mail.messageId) : '',
    subject: mail.subject ?? '',
    author: from,
    date: toUtcIso(mail.date ?? null),
    inReplyTo: msgidList(mail.inReplyTo)[0] ?? null,
    references: msgidList(mail.references),
    to: people(mail.to),
    cc: people(mail.cc),
  };
  const pwId = mail.headers.get('x-patchwork-id');
  const patchworkId = typeof pwId === 'string' && /^\d+$/.test(pwId.trim()) ? Number(pwId.trim()) : undefined;
  return patchworkId === undefined ? { meta, body } : { meta, body, patchworkId };
}

/** The headers a Series needs, taken from Patchwork's `headers` object (names case-insensitive). */
const WANTED = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'content-type'];

/**
 * Rebuild a raw header block from Patchwork's `headers` field (a name → value
 * or value-list map, values still RFC 2047-encoded and folded as received),
 * so it is parsed exactly like a mail from an mbox.
 */
export function headerBlockFromApi(headers: unknown): string {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return '';
  const lines: string[] = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!WANTED.includes(name.toLowerCase())) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== 'string') continue;
      // keep folding valid: every continuation line must start with white space
      const folded = v.replace(/\r?\n(?![ \t])/g, '\n ').replace(/^\s*\n/, '');
      lines.push(`${name}: ${folded.trim() === '' ? '' : folded}`);
    }
  }
  return lines.join('\n');
}

/** MailMeta from Patchwork's `headers` field; null when it holds none of the needed headers. */
export async function metaFromApiHeaders(headers: unknown): Promise<MailMeta | null> {
  const block = headerBlockFromApi(headers);
  if (block === '') return null;
  const parsed = await parseMail(`${block}\n\n`);
  return parsed.meta;
}

/**
 * Composes the review reply mail (RFC 5322, MIME by nodemailer's
 * MailComposer): `Re: ` + the original Subject, In-Reply-To and References
 * threading it under the patch (see reply-target.ts for which mail is
 * answered), To the author and Cc the original To and Cc (reply-all), our own
 * Message-ID, a plain-text body (reply-body.ts) and, unless attachJson is
 * false, the JSON report as a text/plain attachment `abi-check-report.json`
 * after the inline prose part (multipart/mixed).
 *
 * The Message-ID is derived from the report and the answered message, so
 * composing the same reply twice (a resend from the spool, a CI retry) yields
 * the same id and lists and archives deduplicate it.
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Series } from '../../patchwork/series.ts';
import type { Report } from '../report.ts';
import { InputError } from '../../errors.ts';
import { cleanMsgid, cleanPerson, parseFrom, replySubject, type MailAddress } from './header-safety.ts';
import { buildReplyText } from './reply-body.ts';
import { chooseReplyTarget, replyTargets, type ReplyTarget } from './reply-target.ts';

export const REPORT_ATTACHMENT_NAME = 'abi-check-report.json';

export interface ReplyOptions {
  /** From: of the reply, e.g. `Jane Doe <jane@example.org>`. */
  from: string;
  /** Answer this patch (0 = cover letter); default: see reply-target.ts. */
  patchIndex?: number;
  attachJson: boolean;
  /** The command line that reproduces the report, quoted in the footer. */
  command: string;
  date?: Date;
  /** Right-hand side of our Message-ID; default: the From address's domain. */
  messageIdDomain?: string;
  /** The JSON text to attach; default: the report as compact JSON — the same value `--format json`
   *  prints, without its indentation, because mailing lists cap message sizes (vger: 100,000 bytes). */
  reportJson?: string;
  signature?: string;
}

export interface ReplyMail {
  target: { patchIndex: number; msgid: string; subject: string };
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Without angle brackets, like every message-id here. */
  messageId: string;
  inReplyTo: string;
  references: string[];
  date: Date;
  text: string;
  /** The whole message (RFC 5322, CRLF line ends, 7-bit MIME encoded). */
  raw: string;
  /** SMTP envelope: our address and every recipient. */
  envelope: { from: string; to: string[] };
}

function uniqueRecipients(target: ReplyTarget, self: MailAddress): { to: MailAddress[]; cc: MailAddress[] } {
  const seen = new Set<string>([self.address.toLowerCase()]);
  const take = (list: (MailAddress | null)[]) =>
    list.filter((a): a is MailAddress => {
      if (!a || seen.has(a.address.toLowerCase())) return false;
      seen.add(a.address.toLowerCase());
      return true;
    });
  const to = take([cleanPerson(target.mail.author)]);
  const cc = take([...target.mail.to, ...target.mail.cc].map(cleanPerson));
  // Replying to ourselves: keep the author as recipient anyway.
  if (to.length === 0) {
    const author = cleanPerson(target.mail.author);
    if (author) to.push(author);
  }
  return { to, cc };
}

function messageIdFor(reportJson: string, inReplyTo: string, domain: string): string {
  const h = createHash('sha256').update(reportJson).update('\0').update(inReplyTo).digest('hex').slice(0, 24);
  return `abi-check-${h}@${domain}`;
}

/**
 * The prose part. nodemailer quoted-printable-encodes any text with a line
 * over 76 columns (quoted diff lines often are); RFC 2045 allows 7bit lines
 * up to 998 octets, so ASCII text within that goes out as 7bit and reads as
 * plain text in every mail client and archive. Anything else is left to
 * nodemailer (quoted-printable, UTF-8).
 */
function textPart(text: string): string | { raw: string } {
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x09\x0a\x20-\x7e]*$/.test(text);
  const lines = text.split('\n');
  if (!ascii || lines.some((l) => l.length > 998) || lines.some((l) => l.startsWith('From '))) return text;
  const body = lines.join('\r\n');
  return { raw: `Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n${body}` };
}

function build(composer: MailComposer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message)));
  });
}

async function composeFor(report: Report, series: Series, target: ReplyTarget, opts: ReplyOptions): Promise<ReplyMail> {
  const from = parseFrom(opts.from);
  const inReplyTo = cleanMsgid(target.mail.msgid);
  if (!inReplyTo) throw new InputError('series', `the mail to answer has no usable Message-ID (${JSON.stringify(target.mail.msgid)})`);
  const references = [
    ...target.mail.references.map(cleanMsgid).filter((m): m is string => m !== null && m !== inReplyTo),
    inReplyTo,
  ];
  const { to, cc } = uniqueRecipients(target, from);
  const reportJson = opts.reportJson ?? `${JSON.stringify(report)}\n`;
  const domain = (opts.messageIdDomain ?? from.address.split('@')[1]!).replace(/[^A-Za-z0-9.-]/g, '');
  const messageId = messageIdFor(reportJson, inReplyTo, domain || 'localhost');
  const date = opts.date ?? new Date();
  const subject = replySubject(target.mail.subject);
  const text = buildReplyText(report, series, target, {
    command: opts.command,
    attachJson: opts.attachJson,
    signature: opts.signature,
  });

  const composer = new MailComposer({
    // Deterministic MIME boundary: the same reply composes to the same bytes.
    baseBoundary: messageId.slice('abi-check-'.length, 'abi-check-'.length + 16),
    from,
    to,
    cc,
    subject,
    messageId: `<${messageId}>`,
    inReplyTo: `<${inReplyTo}>`,
    references: references.map((r) => `<${r}>`),
    date,
    text: textPart(text),
    headers: { 'X-Mailer': `abi-check ${report.tool.version}` },
    attachments: opts.attachJson
      ? [{ filename: REPORT_ATTACHMENT_NAME,
          // text/* travels with CRLF line breaks (RFC 2046 canonical form)
          content: reportJson.replace(/\r?\n/g, '\r\n'), contentType: 'text/plain; charset=utf-8', contentDisposition: 'attachment',
          // readable in list archives, unlike base64
          contentTransferEncoding: 'quoted-printable' }]
      : [],
  } as ConstructorParameters<typeof MailComposer>[0]);
  const raw = (await build(composer)).toString('latin1');
  return {
    target: { patchIndex: target.patchIndex, msgid: inReplyTo, subject: target.mail.subject },
    from,
    to,
    cc,
    subject,
    messageId,
    inReplyTo,
    references,
    date,
    text,
    raw,
    envelope: { from: from.address, to: [...to, ...cc].map((a) => a.address) },
  };
}

/** The one reply for the report (target chosen as described in reply-target.ts). */
export async function composeReplyMail(report: Report, series: Series, opts: ReplyOptions): Promise<ReplyMail> {
  return composeFor(report, series, chooseReplyTarget(report, series, opts.patchIndex), opts);
}

/** One reply per patch that has findings (series-wide findings to the cover letter). */
export async function composeReplyMails(report: Report, series: Series, opts: Omit<ReplyOptions, 'patchIndex'>): Promise<ReplyMail[]> {
  const out: ReplyMail[] = [];
  for (const target of replyTargets(report, series)) out.push(await composeFor(report, series, target, opts));
  return out;
}

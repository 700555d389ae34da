/**
 * Makes values taken from patch mails safe to put into header fields of our
 * reply: no CR/LF or other control characters (so nothing from a hostile
 * Subject or display name can start a new header line), message-ids and
 * addresses checked for shape. Non-ASCII text is kept; the MIME composer
 * encodes it as RFC 2047 encoded-words.
 */
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { Person } from '../../patchwork/series.ts';
import { InputError } from '../../errors.ts';

export interface MailAddress {
  name: string;
  address: string;
}

/** One header line's worth of text: control characters become spaces, runs collapse. */
export function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const MSGID = /^[\x21-\x3b\x3d\x3f-\x7e]+$/; // printable ASCII except < and >

/** A message-id without brackets, or null when it is not one. */
export function cleanMsgid(value: string): string | null {
  const bare = value.trim().replace(/^<|>$/g, '');
  return MSGID.test(bare) && bare.includes('@') ? bare : null;
}

const ADDR = /^[^\s<>()[\]",;:\\@]+@[^\s<>()[\]",;:\\@]+$/;

/** A recipient with a checked address and a header-safe display name, or null. */
export function cleanPerson(p: Person): MailAddress | null {
  const address = p.email.trim();
  if (!ADDR.test(address)) return null;
  return { name: headerText(p.name ?? ''), address };
}

/** Parses a From value such as `Name <addr@host>`; throws InputError when it is not one address. */
export function parseFrom(from: string): MailAddress {
  const list = addressparser(headerText(from), { flatten: true });
  const one = list.length === 1 ? cleanPerson({ name: list[0]!.name || null, email: list[0]!.address }) : null;
  if (!one) throw new InputError('--from', `not a single mail address: ${JSON.stringify(from)}`);
  return one;
}

/** `Re: ` + the original subject (not doubled), header-safe. */
export function replySubject(original: string): string {
  const s = headerText(original);
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/**
 * Writes composed mails as an mbox (mboxrd quoting, LF line ends) that
 * `git send-email FILE` and mutt (`mutt -f FILE`) read as they are.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The mbox form of one RFC 5322 message: postmark line, `>From ` quoting, LF, blank line after. */
export function toMboxEntry(raw: string, date = new Date(0)): string {
  const body = raw.replace(/\r\n/g, '\n').replace(/^(>*From )/gm, '>$1');
  // asctime() form, as git format-patch writes it.
  const asctime = date.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_, wd, d, mon, y, t) => `${wd} ${mon} ${String(Number(d)).padStart(2, " ")} ${t} ${y}`);
  return `From abi-check ${asctime}\n${body.endsWith('\n') ? body : `${body}\n`}\n`;
}

/** Writes (or, with append, adds to) an mbox file holding the given raw messages. */
export async function writeMbox(path: string, raw: string | string[], opts: { append?: boolean } = {}): Promise<void> {
  const entries = (Array.isArray(raw) ? raw : [raw]).map((r) => toMboxEntry(r)).join('');
  await mkdir(dirname(path), { recursive: true });
  if (opts.append) await appendFile(path, entries);
  else await writeFile(path, entries);
}

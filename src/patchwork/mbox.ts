/**
 * Split an mbox (or a concatenation of `git format-patch` files, or b4 am
 * output) into raw messages on its "From " separator lines.
 * Works on bytes (latin1 round-trip) so 8-bit bodies in any charset survive.
 */

/** The postmark line: "From <sender> <asctime date>", e.g. "From 1a2b… Mon Sep 17 00:00:00 2001". */
const POSTMARK =
  /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})?(?: +[+-]\d{4})? +\d{4}\s*$/;

export function isPostmark(line: string): boolean {
  return POSTMARK.test(line);
}

/**
 * Raw messages in file order. Text without any postmark is one message.
 * mboxrd quoting (">From " → "From ") is undone inside messages.
 */
export function splitMbox(data: Buffer): Buffer[] {
  const text = data.toString('latin1');
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) if (isPostmark(lines[i].replace(/\r$/, ''))) starts.push(i);
  if (starts.length === 0) return text.trim() === '' ? [] : [data];
  const messages: Buffer[] = [];
  for (let k = 0; k < starts.length; k++) {
    const body = lines
      .slice(starts[k] + 1, k + 1 < starts.length ? starts[k + 1] : lines.length)
      .map((line) => (/^>+From /.test(line) ? line.slice(1) : line))
      .join('\n');
    if (body.trim() !== '') messages.push(Buffer.from(body, 'latin1'));
  }
  return messages;
}

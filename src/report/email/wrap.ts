/**
 * Plain-text wrapping for mail prose: greedy word wrap to a column limit
 * (72 by default, the kernel's mail convention). Words longer than the limit
 * (paths, URLs, symbols) are never split; they stand on a line of their own.
 */

export const MAIL_WIDTH = 72;

/** Wraps one paragraph (newlines inside it are treated as spaces). */
export function wrapParagraph(text: string, width = MAIL_WIDTH, indent = '', firstIndent = indent): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    const prefix = lines.length === 0 ? firstIndent : indent;
    if (empty) {
      line = prefix + word;
      empty = false;
    } else if (line.length + 1 + word.length <= width) {
      line += ` ${word}`;
    } else {
      lines.push(line);
      line = indent + word;
    }
  }
  if (!empty) lines.push(line);
  return lines;
}

/** Wraps text made of paragraphs separated by blank lines. */
export function wrapProse(text: string, width = MAIL_WIDTH): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    if (out.length > 0) out.push('');
    out.push(...wrapParagraph(para, width));
  }
  return out;
}

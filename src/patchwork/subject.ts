/**
 * What a patch mail's subject says about its place in a series:
 * "[PATCH v2 3/7] subsys: title", "[RFC PATCH net-next 0/4] …", "Re: [PATCH …]".
 */

export interface SubjectInfo {
  /** A reply ("Re:", "AW:", …) rather than a posting. */
  isReply: boolean;
  /** From a "vN" prefix tag; 1 when absent. */
  version: number;
  /** n of "n/N"; null when the subject carries no numbering. */
  number: number | null;
  /** N of "n/N". */
  total: number | null;
  /** Every tag inside the leading bracket groups, e.g. ["RFC", "PATCH", "v2", "3/7"]. */
  tags: string[];
  /** The subject without reply markers and bracket prefixes. */
  title: string;
}

const REPLY = /^\s*(?:re|aw|sv|antw|fwd?)\s*:\s*/i;
const BRACKET = /^\s*\[([^\]]*)\]\s*/;

export function parseSubject(subject: string): SubjectInfo {
  let rest = subject.replace(/\s+/g, ' ').trim();
  let isReply = false;
  const tags: string[] = [];
  for (;;) {
    const reply = REPLY.exec(rest);
    if (reply) {
      isReply = true;
      rest = rest.slice(reply[0].length);
      continue;
    }
    const bracket = BRACKET.exec(rest);
    if (bracket) {
      tags.push(...bracket[1].split(/[\s,]+/).filter((t) => t !== ''));
      rest = rest.slice(bracket[0].length);
      continue;
    }
    break;
  }
  let version = 1;
  let number: number | null = null;
  let total: number | null = null;
  for (const tag of tags) {
    const v = /^v(\d+)$/i.exec(tag);
    if (v) version = Number(v[1]);
    const n = /^(\d+)\/(\d+)$/.exec(tag);
    if (n) {
      number = Number(n[1]);
      total = Number(n[2]);
    }
  }
  return { isReply, version, number, total, tags, title: rest };
}

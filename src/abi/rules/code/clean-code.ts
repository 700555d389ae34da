/**
 * Kernel C prepared for pattern reading: comments, string and character
 * literals blanked out (same length, newlines kept, so offsets map to lines).
 */
export function blankCommentsAndStrings(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && n === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      const stop = Math.min(j + 1, src.length);
      out += c + ' '.repeat(Math.max(0, stop - i - 2)) + (stop - i >= 2 ? c : '');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export function lineAt(text: string, index: number, startLine: number): number {
  let n = 0;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') n++;
  return startLine + n;
}

export interface Call {
  name: string;
  args: string[];
  /** Index of the call name in the text. */
  index: number;
  text: string;
}

/** Calls to any of `names` with their top-level arguments (balanced parentheses). */
export function findCalls(text: string, names: string[]): Call[] {
  const out: Call[] = [];
  const re = new RegExp(`\\b(${names.join('|')})\\s*\\(`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let depth = 1;
    let j = m.index + m[0].length;
    const argStart = j;
    while (j < text.length && depth > 0) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
      j++;
    }
    if (depth !== 0) continue;
    const inner = text.slice(argStart, j - 1);
    const args: string[] = [];
    let d = 0;
    let cur = '';
    for (const ch of inner) {
      if (ch === '(' || ch === '[' || ch === '{') d++;
      if (ch === ')' || ch === ']' || ch === '}') d--;
      if (ch === ',' && d === 0) { args.push(cur.trim()); cur = ''; continue; }
      cur += ch;
    }
    if (cur.trim()) args.push(cur.trim());
    out.push({ name: m[1], args, index: m.index, text: text.slice(m.index, j).replace(/\s+/g, ' ') });
  }
  return out;
}

/** Variables declared with `struct TAG` type (`struct foo x`, `struct foo *p`, `struct foo __user *arg`). */
export function variablesOfRecord(text: string, tag: string): string[] {
  return [...new Set(recordVariables(text, tag).map((v) => v.name))];
}

/** The same, each with whether it is a pointer to the record (`struct foo *p`) or the record itself. */
export function recordVariables(text: string, tag: string, kind: 'struct' | 'union' = 'struct'): { name: string; pointer: boolean }[] {
  const out: { name: string; pointer: boolean }[] = [];
  const re = new RegExp(`\\b${kind}\\s+${tag}\\s+((?:__user\\s+|const\\s+)*)(\\*\\s*)*(?:__user\\s+)?([A-Za-z_]\\w*)\\s*(?=[=;,)\\[])`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ name: m[3]!, pointer: m[2] !== undefined });
  return out;
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

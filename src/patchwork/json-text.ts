/**
 * Find and parse the JSON document in a text that may have other text around
 * it — a Patchwork browsable-API page saved from the browser has a few lines
 * of page text ("Patch Detail", "GET /api/patches/…") before the JSON.
 */

export type JsonTextResult =
  | { ok: true; value: unknown; start: number; end: number }
  | { ok: false; problem: 'no-json' | 'truncated' | 'invalid'; detail: string };

/** Offset just past the JSON value starting at `start`, or -1 when the text ends first. */
function scanValueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Candidate starts: the very beginning, then every line that starts with `{` or `[`. */
function candidateStarts(text: string): number[] {
  const starts: number[] = [];
  const re = /(?:^|\n)[ \t]*([{[])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) starts.push(m.index + m[0].length - 1);
  return starts;
}

export function extractJson(text: string): JsonTextResult {
  const starts = candidateStarts(text);
  if (starts.length === 0) return { ok: false, problem: 'no-json', detail: 'no JSON object or array found' };
  let firstFailure: JsonTextResult | null = null;
  for (const start of starts) {
    const end = scanValueEnd(text, start);
    if (end === -1) {
      firstFailure ??= { ok: false, problem: 'truncated', detail: `the JSON starting at line ${lineOf(text, start)} ends before it is closed` };
      // an unclosed value swallows everything after it; no later start can be complete
      break;
    }
    try {
      return { ok: true, value: JSON.parse(text.slice(start, end)), start, end };
    } catch (e) {
      firstFailure ??= { ok: false, problem: 'invalid', detail: `invalid JSON at line ${lineOf(text, start)}: ${(e as Error).message}` };
    }
  }
  return firstFailure ?? { ok: false, problem: 'no-json', detail: 'no JSON object or array found' };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

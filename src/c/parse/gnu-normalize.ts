/**
 * Rewrites preprocessed GNU C into text tree-sitter-c parses, without moving
 * anything: every edit keeps the text's length and its newlines, so node
 * offsets and rows still point into the original preprocessed text (and,
 * through the preprocessor's origins, at the original file and line).
 *
 * - `__attribute__((…))` is blanked wherever it stands (tree-sitter-c accepts
 *   it only in some of the positions GCC does) and returned as an
 *   AttributeSite, which the extractor attaches by position.
 * - Keyword spellings the grammar lacks (`__signed__`, `__inline__`,
 *   `__typeof__`, `__builtin_offsetof` …) become their standard forms.
 * - `__extension__`, `_Pragma(…)` and directive lines left in the text are blanked.
 * - Kernel annotations that survive preprocessing because their header was
 *   not available (diff-context mode): `__user`, `__iomem`, `__rcu`, … are
 *   blanked; `__packed`, `__aligned(x)`, `__counted_by(x)` become attribute sites.
 * - offsetof's member designator past one name (`dirent.name`, `arr[2]`) is
 *   spelled as one identifier (member-designators.ts).
 */
import { spellDesignator } from './member-designators.ts';

/** One attribute inside `__attribute__((…))`, name without surrounding underscores. */
export interface AttributeItem {
  name: string;
  /** Text between the attribute's parentheses, or null when it has none. */
  args: string | null;
}

/** Where an attribute list stood in the text: [start, end) in UTF-16 offsets. */
export interface AttributeSite {
  start: number;
  end: number;
  items: AttributeItem[];
}

export interface NormalizedSource {
  text: string;
  /** Sorted by start. */
  attributes: AttributeSite[];
  /** Directive lines left in the text (e.g. `#pragma pack`), by offset. */
  directives: { offset: number; text: string }[];
  /** Unbalanced `__attribute__`/`_Pragma` parentheses, by offset. */
  problems: { offset: number; message: string }[];
}

const RENAMES: Record<string, string> = {
  __signed__: 'signed',
  __signed: 'signed',
  __inline__: 'inline',
  __inline: 'inline',
  __const__: 'const',
  __const: 'const',
  __volatile__: 'volatile',
  __volatile: 'volatile',
  __restrict__: 'restrict',
  __restrict: 'restrict',
  __typeof__: 'typeof',
  __typeof: 'typeof',
  __alignof__: '_Alignof',
  __alignof: '_Alignof',
  __asm__: 'asm',
  __asm: 'asm',
  __builtin_offsetof: 'offsetof',
  __always_inline: 'inline',
};

/** Identifiers that carry no meaning for types: blanked. */
const BLANK_WORDS = new Set([
  '__extension__',
  // kernel annotations (include/linux/compiler_types.h, init.h, cache.h …)
  '__user', '__kernel', '__iomem', '__rcu', '__percpu', '__force', '__bitwise', '__bitwise__',
  '__safe', '__nocast', '__private', '__must_check', '__init', '__exit', '__initdata', '__initconst',
  '__exitdata', '__cold', '__hot', '__maybe_unused', '__always_unused', '__used', '__read_mostly',
  '__ro_after_init', '__randomize_layout', '__no_randomize_layout', '__weak', '__pure', '__noreturn',
  '__attribute_const__', '__visible', 'notrace', 'noinline', 'asmlinkage', '__nonstring', '__deprecated',
  '__noclone', '__latent_entropy', '__designated_init', '__noinline', '__malloc', '__flatten',
]);

/** Function-like annotations blanked with their argument list. */
const BLANK_CALLS = new Set([
  '_Pragma', '__acquires', '__releases', '__must_hold', '__cond_acquires', '__cond_releases', '__guarded_by',
  '__pt_guarded_by', '__diag_ignore', '__section', '__printf', '__scanf', '__alloc_size', '__realloc_size',
  '__assume_aligned',
]);

/** Kernel annotations that stand for attributes when their definition was not seen. */
const ATTRIBUTE_WORDS: Record<string, AttributeItem> = {
  __packed: { name: 'packed', args: null },
  __aligned_largest: { name: 'aligned', args: null },
};
const ATTRIBUTE_CALLS: Record<string, string> = {
  __aligned: 'aligned',
  __counted_by: 'counted_by',
  __counted_by_le: 'counted_by',
  __counted_by_be: 'counted_by',
  __counted_by_ptr: 'counted_by',
};

const KEYWORDS = [
  '__attribute__', '__attribute', 'offsetof', ...Object.keys(RENAMES), ...BLANK_WORDS, ...BLANK_CALLS,
  ...Object.keys(ATTRIBUTE_WORDS), ...Object.keys(ATTRIBUTE_CALLS),
].sort((a, b) => b.length - a.length);

/** Literals, comments and directive lines (to skip or blank) and the identifiers this pass rewrites. */
const TOKEN = new RegExp(
  String.raw`"(?:[^"\
]|\.)*"|'(?:[^'\
]|\.)*'|/\*[\s\S]*?\*/|//[^
]*|^[ 	]*#[^
]*|(?<![A-Za-z0-9_$])(?:` +
    KEYWORDS.join('|') +
    String.raw`)(?![A-Za-z0-9_$])`,
  'gm',
);

export function normalizeGnuC(source: string): NormalizedSource {
  const out: string[] = [];
  let copied = 0;
  const attributes: AttributeSite[] = [];
  const directives: { offset: number; text: string }[] = [];
  const problems: { offset: number; message: string }[] = [];

  const replace = (start: number, end: number, withText: string) => {
    out.push(source.slice(copied, start), withText);
    copied = end;
  };
  const blank = (start: number, end: number) => replace(start, end, blankOut(source.slice(start, end)));
  /** Designators to spell, in order, made when the scan reaches them (a type before one may still need edits). */
  const designators: { start: number; end: number; text: string }[] = [];
  const spellDesignatorsBefore = (offset: number) => {
    while (designators.length > 0 && designators[0]!.start <= offset) {
      const d = designators.shift()!;
      if (d.start >= copied) replace(d.start, d.end, d.text);
    }
  };

  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(source); m; m = TOKEN.exec(source)) {
    const tok = m[0];
    const start = m.index;
    spellDesignatorsBefore(start);
    // within a designator just spelled
    if (start < copied) continue;
    const c = tok.charCodeAt(0);
    if (c === 34 /* " */ || c === 39 /* ' */) continue;
    if (tok.startsWith('/*') || tok.startsWith('//')) {
      blank(start, start + tok.length);
      continue;
    }
    if (tok.trimStart().startsWith('#')) {
      directives.push({ offset: start, text: tok.trim() });
      blank(start, start + tok.length);
      continue;
    }
    if (tok === '__attribute__' || tok === '__attribute') {
      const open = skipSpace(source, start + tok.length);
      const close = source[open] === '(' ? matchParen(source, open) : -1;
      if (close < 0) {
        problems.push({ offset: start, message: `${tok} without a balanced argument list` });
        blank(start, start + tok.length);
        continue;
      }
      const inner = source.slice(open + 1, close).trim();
      const list = inner.startsWith('(') && inner.endsWith(')') ? inner.slice(1, -1) : inner;
      attributes.push({ start, end: close + 1, items: parseAttributeList(list) });
      blank(start, close + 1);
      TOKEN.lastIndex = close + 1;
      continue;
    }
    const renamed = RENAMES[tok];
    if (renamed !== undefined) replace(start, start + tok.length, renamed.padEnd(tok.length, ' '));
    if (tok === 'offsetof' || renamed === 'offsetof') {
      const d = longDesignator(source, start + tok.length);
      if (d) {
        const at = designators.findIndex((x) => x.start > d.start);
        designators.splice(at < 0 ? designators.length : at, 0, d);
      }
      continue;
    }
    if (renamed !== undefined) continue;
    if (BLANK_WORDS.has(tok)) {
      blank(start, start + tok.length);
      continue;
    }
    const word = ATTRIBUTE_WORDS[tok];
    if (word) {
      attributes.push({ start, end: start + tok.length, items: [word] });
      blank(start, start + tok.length);
      continue;
    }
    const attrCall = ATTRIBUTE_CALLS[tok];
    if (attrCall !== undefined || BLANK_CALLS.has(tok)) {
      const open = skipSpace(source, start + tok.length);
      if (source[open] !== '(') {
        if (BLANK_CALLS.has(tok)) blank(start, start + tok.length);
        continue;
      }
      const close = matchParen(source, open);
      if (close < 0) {
        problems.push({ offset: start, message: `${tok} without a balanced argument list` });
        continue;
      }
      if (attrCall !== undefined) {
        attributes.push({
          start,
          end: close + 1,
          items: [{ name: attrCall, args: source.slice(open + 1, close).trim() }],
        });
      }
      blank(start, close + 1);
      TOKEN.lastIndex = close + 1;
    }
  }
  spellDesignatorsBefore(source.length);
  out.push(source.slice(copied));
  return { text: out.join(''), attributes, directives, problems };
}

/** The member designator of the offsetof whose name ends at `from`, spelled as one identifier, when it has more than one step. */
function longDesignator(source: string, from: number): { start: number; end: number; text: string } | null {
  const open = skipSpace(source, from);
  if (source[open] !== '(') return null;
  const close = matchParen(source, open);
  if (close < 0) return null;
  let comma = -1;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const ch = source[i];
    if (ch === '"' || ch === "'") i = skipLiteral(source, i);
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) comma = i;
  }
  if (comma < 0) return null;
  const raw = source.slice(comma + 1, close);
  const start = comma + 1 + (raw.length - raw.trimStart().length);
  const text = spellDesignator(raw.trim());
  return text === null ? null : { start, end: start + text.length, text };
}

/** Spaces for every character except line breaks. */
export function blankOut(s: string): string {
  return s.includes('\n') ? s.replace(/[^\n]/g, ' ') : ' '.repeat(s.length);
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  return i;
}

/** Index of the `)` matching the `(` at `open`, skipping string and char literals; -1 if none. */
export function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '"' || ch === "'") {
      i = skipLiteral(s, i);
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function skipLiteral(s: string, i: number): number {
  const q = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === q || s[j] === '\n') return j;
  }
  return s.length;
}

/** Split `a, b(x, y), __c__` at top-level commas into items. */
export function parseAttributeList(list: string): AttributeItem[] {
  const items: AttributeItem[] = [];
  let depth = 0;
  let from = 0;
  const push = (raw: string) => {
    const t = raw.trim();
    if (!t) return;
    const paren = t.indexOf('(');
    const name = (paren < 0 ? t : t.slice(0, paren)).trim().replace(/^__(.*)__$/, '$1');
    const args = paren < 0 ? null : t.slice(paren + 1, t.lastIndexOf(')')).trim();
    items.push({ name, args });
  };
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === '"' || ch === "'") i = skipLiteral(list, i);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      push(list.slice(from, i));
      from = i + 1;
    }
  }
  push(list.slice(from));
  return items;
}

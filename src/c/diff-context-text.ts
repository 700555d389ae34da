/**
 * Diff-context text (only the lines the hunks show, unknown lines empty)
 * made safe to preprocess: a known segment that begins inside a comment
 * opened on unknown lines has that comment tail blanked, and a segment that
 * ends inside a comment continuing on unknown lines has the comment head
 * blanked; a segment wholly inside a comment is blanked whole. Otherwise
 * `*\/` and comment text would be read as code and an open `/*` would
 * swallow the next hunk.
 *
 * Braces a known segment leaves open (a struct whose end the diff does not
 * show) are closed on the last unknown line before the next segment, when
 * that segment starts with a file-scope declaration: a line at column 0
 * (kernel style indents members and statements) that is not a label, a
 * directive or a closing brace. Otherwise the next hunk's `struct foo {`
 * would be read as nested in the unclosed one, and lost. So are they when
 * the segment starts with a column-0 comment (kernel-doc), with
 * enumerators of another family than the open enum's, or with enumerators
 * where a struct or union is open. The closed record
 * still overlaps unknown lines, so it stays partial (partial-records.ts).
 * A segment that then starts inside a body whose opening is not shown is
 * blanked up to that body's end (afterStrayBody). Braces the last segment
 * leaves open are closed on a line appended after it, past one unknown
 * line: the struct a file's last hunk opens is read as partial, not lost
 * to a syntax error at the end of the file.
 * Lines are never removed, nor added but at the end.
 */
import type { KnownRange } from '../tree/images.ts';
import { scanCodeBraces } from './code-braces.ts';
import { ConditionalBranches, type Branch } from './conditional-branches.ts';
import { enumeratorOnLine, leavesFamily } from './enumerator-family.ts';

export function repairDiffContext(text: string, known: KnownRange[]): string {
  const lines = text.split('\n');
  const shown = [...lines];
  const sorted = [...known].sort((a, b) => a.start - b.start);
  for (const seg of sorted) {
    const first = seg.start - 1;
    const last = Math.min(seg.end, lines.length) - 1;
    if (first > last) continue;
    blankLeadingCommentTail(lines, first, last, seg.start > 1);
    blankTrailingOpenComment(lines, first, last);
  }
  closeBracesAtDeclarations(lines, sorted, shown);
  return lines.join('\n');
}

/** What an open brace began: how it is closed (a record or initializer with `};`, a block with `}`), and for an enum the enumerators seen in it. */
interface Opened {
  closer: '};' | '}';
  enumerators: string[] | null;
  /** A struct or union body. */
  record: boolean;
}

/** See the file comment: braces left open before a segment that starts at file scope. */
function closeBracesAtDeclarations(lines: string[], sorted: KnownRange[], shown: readonly string[]): void {
  const open: Opened[] = [];
  const branches = new ConditionalBranches();
  /** In a branch C never reads: its braces are none of the code's. */
  let cplusplus = false;
  let inComment = false;
  let prevEnd = 0;
  for (const seg of sorted) {
    const first = seg.start - 1;
    const last = Math.min(seg.end, lines.length) - 1;
    if (first > last) continue;
    const gapLast = first - 1;
    if (open.length > 0 && gapLast >= prevEnd && lines[gapLast] === '' && !inComment
      && (startsFileScope(lines, shown, first, last) || startsOtherEnum(lines, first, last, open) || startsNonMembersInRecord(lines, first, last, open))) {
      lines[gapLast] = open.reverse().map((o) => o.closer).join(' ');
      open.length = 0;
    }
    const from = open.length === 0 && !inComment && seg.start > 1 ? afterStrayBody(lines, first, last) : first;
    const directive = directiveLines();
    for (let i = from; i <= last; i++) {
      const line = lines[i]!;
      // a directive and its continuation lines hold no braces of the code (a #define's body)
      if (!inComment && directive(line)) {
        if (branches.directive(line)) cplusplus = branches.open.some(isCplusplusOnly);
        continue;
      }
      if (cplusplus) continue;
      const enumerators = !inComment ? open[open.length - 1]?.enumerators : null;
      const name = enumerators ? enumeratorOnLine(line) : null;
      if (name) enumerators!.push(name);
      inComment = scanBraces(line, inComment, open);
    }
    prevEnd = last + 1;
  }
  // braces the last segment leaves open close after it, past one unknown line (appended: no line moves)
  if (open.length > 0 && !inComment && prevEnd > 0) {
    while (lines.length < prevEnd + 2) lines.push('');
    if (lines.slice(prevEnd).every((l) => l === '')) lines[prevEnd + 1] = open.reverse().map((o) => o.closer).join(' ');
  }
}

/**
 * The segment starts at file scope (see the file comment): its first line of
 * code or comment, past blank lines and preprocessor directives (uAPI headers
 * put `#define`s inside struct bodies as often as between them), is a
 * comment at column 0 as the diff shows it (`/**`, ` * @FOO_ATTR: …`, ` *\/`:
 * kernel style indents comments inside a body, kernel-doc before a
 * declaration is not), or, once cut comments are blanked, starts a
 * declaration. The comment test reads `shown`, the text before blanking: a
 * hunk wholly inside the kernel-doc of the next enum is blanked, yet it is
 * what tells that the enum before it has ended.
 */
function startsFileScope(lines: string[], shown: readonly string[], first: number, last: number): boolean {
  const directive = directiveLines();
  for (let i = first; i <= last; i++) {
    const line = shown[i]!;
    if (directive(line) || line.trim() === '') continue;
    if (/^(\/\*| \*(\s|\/|$))/.test(line)) return true;
    const code = lines[i]!;
    if (code.trim() === '') continue; // a blanked comment tail
    return /^[A-Za-z_]/.test(code) && !/^\w+\s*:(?!:)/.test(code) && !/^(case|default)\b/.test(code);
  }
  return false;
}

/**
 * The innermost open brace is an enum, and the segment's first line of code
 * is an enumerator of another family than those seen in it
 * (enumerator-family.ts): that enum ended on lines the diff does not show.
 */
function startsOtherEnum(lines: string[], first: number, last: number, open: readonly Opened[]): boolean {
  const seen = open[open.length - 1]?.enumerators;
  if (!seen || seen.length === 0) return false;
  const directive = directiveLines();
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    if (directive(line) || line.trim() === '') continue;
    const name = enumeratorOnLine(line);
    return name !== null && leavesFamily(seen, name);
  }
  return false;
}

/**
 * The innermost open brace is a struct or union body, and the segment's
 * first line of code is no member: an enumerator (`RDMA_DRIVER_EFA,`: a
 * name, maybe a value, a comma; a member has a type and a `;`) or an
 * initializer's entry (`{1, 1, HSMP_GET},`, `.flags = 0,`, `[3] = …`): that
 * body ended on lines the diff does not show, and the segment is inside an
 * enum or an initializer it does not show the opening of (afterStrayBody
 * then blanks it).
 */
function startsNonMembersInRecord(lines: string[], first: number, last: number, open: readonly Opened[]): boolean {
  const inner = open[open.length - 1];
  if (!inner?.record) return false;
  const directive = directiveLines();
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    if (directive(line) || line.trim() === '' || /^\s*(\/\*|\*|\/\/)/.test(line)) continue;
    if (/^\s*(\{|\.\w+\s*=|\[[^\]]*\]\s*=)/.test(line)) return true;
    return /,\s*(\/[*/].*)?$/.test(line) && enumeratorOnLine(line) !== null;
  }
  return false;
}

/**
 * A segment that starts inside a body the diff does not show the opening of
 * (no brace is open, yet its first line of code is indented, kernel style's
 * mark of a member, an enumerator or a statement, and ends as one does) is blanked up to and
 * including the line that closes that body, and the index of the line after
 * it is returned. Read at file scope, `FOO_ATTR_X,` or a stray `};` would be
 * a syntax error that swallows the declarations after it. Without a heading
 * to name the body (hunk-sections.ts), what it holds cannot be told anyway.
 */
function afterStrayBody(lines: string[], first: number, last: number): number {
  // comments are followed through directives too (`#define AT_FDCWD -100 /* …` goes on, indented, below)
  const none = () => undefined;
  let inComment = false;
  let directive = directiveLines();
  let start = -1;
  for (let i = first; i <= last && start < 0; i++) {
    const line = lines[i]!;
    const commentBefore = inComment;
    const isDirective = !inComment && directive(line);
    inComment = scanCodeBraces(line, inComment, none).inComment;
    if (commentBefore || isDirective || line.trim() === '' || /^\s*\/[*/]/.test(line)) continue;
    // indented, and ending as a member, an enumerator or a statement does (not a macro's continued body)
    const code = line.replace(/\/\*.*?\*\/|\/\/.*$/g, '').trimEnd();
    if (!/^\}/.test(code) && !(/^(\t| +[^ *])/.test(code) && /[,;{]$/.test(code))) return first;
    start = i;
  }
  if (start < 0) return first;
  let depth = 1;
  inComment = false;
  directive = directiveLines();
  for (let i = start; i <= last; i++) {
    const line = lines[i]!;
    const isDirective = !inComment && directive(line);
    const scan = scanCodeBraces(line, inComment, (brace) => {
      if (isDirective) return false;
      depth += brace === '{' ? 1 : -1;
      return depth === 0;
    });
    inComment = scan.inComment;
    if (scan.stopped) {
      blankCode(lines, start, i);
      return i + 1;
    }
  }
  // the body goes on past the segment: all of it is blanked
  blankCode(lines, start, last);
  return last + 1;
}

/** Blanks lines first..last but their preprocessor directives: an #if or #endif blanked alone would unbalance the rest. */
function blankCode(lines: string[], first: number, last: number): void {
  const directive = directiveLines();
  for (let i = first; i <= last; i++) if (!directive(lines[i]!)) lines[i] = '';
}

/** C++ only: `#ifdef __cplusplus` or `#if defined(__cplusplus)`'s first branch (uAPI headers put `extern "C" {` … `}` there). */
function isCplusplusOnly(b: Branch): boolean {
  return (b.directive === 'ifdef' && /^\s*__cplusplus\b/.test(b.condition)) || (b.directive === 'if' && /^\s*defined\s*\(?\s*__cplusplus\s*\)?\s*(\/[*/].*)?$/.test(b.condition));
}

/**
 * Tells preprocessor lines: fed the lines in order, says of each whether it is
 * a directive (`#…`) or the continuation of one (after a line ending in a backslash).
 */
function directiveLines(): (line: string) => boolean {
  let continued = false;
  return (line) => {
    const is = continued || /^\s*#/.test(line);
    continued = is && line.endsWith('\\');
    return is;
  };
}

/** Pushes and pops `open` for the code braces of one line; returns whether a comment is still open. */
function scanBraces(line: string, inComment: boolean, open: Opened[]): boolean {
  return scanCodeBraces(line, inComment, (brace, at) => {
    if (brace === '}') {
      open.pop();
      return;
    }
    const before = line.slice(0, at);
    const closer = /\b(struct|union|enum)\b[^;{}()]*$/.test(before) || /[=,{]\s*$/.test(before) ? '};' : '}';
    open.push({ closer, enumerators: /\benum\b[^;{}()]*$/.test(before) ? [] : null, record: /\b(struct|union)\b[^;{}()=]*$/.test(before) });
  }).inComment;
}

/** If the segment starts inside a comment (a `*\/` comes before any `/*`), blank up to that `*\/`. */
function blankLeadingCommentTail(lines: string[], first: number, last: number, afterUnknown: boolean): void {
  if (!afterUnknown) return;
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    const close = line.indexOf('*/');
    const open = line.indexOf('/*');
    if (open >= 0 && (close < 0 || open < close)) return;
    if (close >= 0) {
      for (let j = first; j < i; j++) lines[j] = '';
      lines[i] = ' '.repeat(close + 2) + line.slice(close + 2);
      return;
    }
    // only comment-looking lines may precede the close
    if (!/^\s*(\*|$)/.test(line)) return;
  }
  // no close in the segment: a hunk wholly inside a comment (` * @consumer: …` lines), blanked, unless a
  // line could be code (`*p = x;`): comment lines have a blank or nothing after their `*`
  for (let i = first; i <= last; i++) if (!/^\s*(\*(\s|$)|$)/.test(lines[i]!)) return;
  for (let i = first; i <= last; i++) lines[i] = '';
}

/** If a comment opened in the segment is still open at its end, blank it from its `/*`. */
function blankTrailingOpenComment(lines: string[], first: number, last: number): void {
  let openAt: { line: number; col: number } | null = null;
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    let col = 0;
    for (;;) {
      if (openAt) {
        const close = line.indexOf('*/', i === openAt.line ? openAt.col + 2 : col);
        if (close < 0) break;
        openAt = null;
        col = close + 2;
      } else {
        const lineComment = line.indexOf('//', col);
        const open = line.indexOf('/*', col);
        if (open < 0 || (lineComment >= 0 && lineComment < open) || insideString(line, open)) break;
        openAt = { line: i, col: open };
        col = open + 2;
      }
    }
  }
  if (!openAt) return;
  lines[openAt.line] = lines[openAt.line]!.slice(0, openAt.col);
  for (let j = openAt.line + 1; j <= last; j++) lines[j] = '';
}

function insideString(line: string, at: number): boolean {
  let quotes = 0;
  for (let i = 0; i < at; i++) if (line[i] === '"' && line[i - 1] !== '\\') quotes++;
  return quotes % 2 === 1;
}

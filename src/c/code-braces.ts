/**
 * The braces of one line of C source text that are code: outside block and
 * line comments, string literals and character constants. Lines are scanned
 * one at a time (diff hunks and partial images come as lines), so whether a
 * block comment is open carries from one line to the next.
 */

/** Called for each code brace, with its column; returning true stops the scan of this line. */
export type BraceVisitor = (brace: '{' | '}', at: number) => boolean | void;

export interface BraceScan {
  /** A block comment is still open at the end of the line. */
  inComment: boolean;
  /** The visitor stopped the scan. */
  stopped: boolean;
}

export function scanCodeBraces(line: string, inComment: boolean, visit: BraceVisitor): BraceScan {
  return scanCode(line, inComment, (c, i) => (c === '{' || c === '}') && visit(c, i) === true);
}

/**
 * `lines` with comments, string literals and character constants blanked
 * (each character a space, so columns stay), a block comment carried from
 * one line to the next.
 */
export function codeOnly(lines: readonly string[]): string[] {
  let inComment = false;
  return lines.map((line) => {
    const code = Array.from({ length: line.length }, () => ' ');
    inComment = scanCode(line, inComment, (c, i) => {
      code[i] = c;
    }).inComment;
    return code.join('').trimEnd();
  });
}

/** Calls `visit` for each character of `line` that is code, with its column; returning true stops the scan. */
function scanCode(line: string, inComment: boolean, visit: (c: string, at: number) => boolean | void): BraceScan {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inComment) {
      if (c === '*' && line[i + 1] === '/') {
        inComment = false;
        i++;
      }
    } else if (c === '/' && line[i + 1] === '*') {
      inComment = true;
      i++;
    } else if (c === '/' && line[i + 1] === '/') {
      break;
    } else if (c === '"' || c === "'") {
      for (i++; i < line.length && line[i] !== c; i++) if (line[i] === '\\') i++;
    } else if (visit(c, i) === true) {
      return { inComment, stopped: true };
    }
  }
  return { inComment, stopped: false };
}

/** Kernel C read as text: what is code and what is not. */

/** `text` with comments, string literals and character constants blanked (same length, newlines kept). */
export function codeOnly(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * `code` with preprocessor directives (and their continuation lines)
 * blanked, newlines kept; with `keepDefines`, `#define`s stay (their bodies
 * use names).
 */
export function withoutDirectives(code: string, opts: { keepDefines?: boolean } = {}): string {
  const re = opts.keepDefines ? /^[ \t]*#[ \t]*(?!define\b)\w+(?:[^\n]*\\\n)*[^\n]*/gm : /^[ \t]*#(?:[^\n]*\\\n)*[^\n]*/gm;
  return code.replace(re, (m) => m.replace(/[^\n]/g, ' '));
}

/** A function from an offset in `text` to its 1-based line; offsets asked in increasing order cost one pass in all. */
export function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
    }
    return line;
  };
}

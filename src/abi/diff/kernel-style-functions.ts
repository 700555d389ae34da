/**
 * Function definitions of kernel C found by its coding style alone, without
 * preprocessing or parsing: a body opens with `{` alone at column 0 and
 * closes with `}` at column 0 (Documentation/process/coding-style.rst; the
 * kernel's own tools rely on it too). The head is the run of lines above the
 * `{` back to a blank line, a preprocessor line or the end of the previous
 * declaration. Used for kernel files a series does not touch, read only to
 * learn how they copy a struct, where a full front-end pass per file would
 * cost more than it tells.
 */
export interface StyleFunction {
  name: string;
  /** 1-based lines of the head's first line and of the closing brace. */
  startLine: number;
  endLine: number;
  /** The head's lines, up to the `{` (`static int foo(struct a *x,\n\t\t   int y)`). */
  head: string;
}

const NOT_A_NAME = /^(if|for|while|switch|return|sizeof|__attribute__|defined)$/;

export function kernelStyleFunctions(text: string): StyleFunction[] {
  const lines = text.split('\n');
  const out: StyleFunction[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '{') continue;
    let head = i;
    while (head > 0) {
      const prev = lines[head - 1]!;
      if (prev.trim() === '' || /^\s*#/.test(prev) || /[;}]\s*$/.test(prev) || /\*\/\s*$/.test(prev)) break;
      head--;
    }
    const headText = lines.slice(head, i).join(' ');
    const name = [...headText.matchAll(/([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!).find((n) => !NOT_A_NAME.test(n));
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith('}')) end++;
    if (!name || end >= lines.length || /=\s*$/.test(headText.trim())) {
      i = end;
      continue;
    }
    out.push({ name, startLine: head + 1, endLine: end + 1, head: lines.slice(head, i).join('\n') });
    i = end;
  }
  return out;
}

/**
 * File-scope declarations and definitions of variables in kernel C, read
 * from the text alone (no preprocessing), with the type each one spells:
 * a series that changes the type of a variable an in-kernel header declares
 * `extern` must change its definition with it (and any other `extern`
 * declaration of it), or the build breaks on conflicting types.
 *
 * A declaration's type is compared as written: `extern`, attributes
 * (`__ro_after_init`, `__aligned(8)`, `__attribute__((…))`) and the
 * initializer left out, words and `*` joined by single spaces, array bounds
 * kept as written (`const struct class`, `unsigned long [ NR_CPUS ]`). Only
 * a declaration of one plain declarator is read: a function pointer, a
 * macro-made definition (`DEFINE_PER_CPU(int, x)`), several names in one
 * declaration, a `static` one (the file's own variable) or one inside a
 * function or a macro are not — a definition missed, never one made up.
 */
import { codeOnly, lineCounter, withoutDirectives } from './code-text.ts';
import { declarationAt } from './op-implementations.ts';

/** A file-scope definition (`struct class *tty_class;`) or `extern` declaration of `name` at `path`:`line`. */
export interface VariableDeclaration {
  name: string;
  path: string;
  line: number;
  kind: 'definition' | 'declaration';
  /** Its type as written (see above): comparable with `declaredVariableType`'s. */
  type: string;
}

/** Words starting with `__` that are types or sparse's address spaces, not attributes. */
const TYPE_WORDS = /^__(?:[us](?:8|16|32|64|128)|[lb]e(?:16|32|64)|aligned_[lb]?[eu]?64|wsum|sum16|poll_t|kernel_\w+|user|iomem|rcu|percpu|bitwise|force|int128|float128|signed__|signed|volatile__|volatile|const|inline|restrict)$/;

/** Where the `(` at `at` in `text` closes, -1 when it does not. */
function closeOf(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** `head` without attributes: `__attribute__((…))`, `__foo(…)` and `__foo` words that are not types. */
function withoutAttributes(head: string): string | null {
  let out = '';
  let i = 0;
  const word = /[A-Za-z_]\w*/y;
  while (i < head.length) {
    word.lastIndex = i;
    const m = word.exec(head);
    if (!m) {
      out += head[i++];
      continue;
    }
    const w = m[0];
    i += w.length;
    if (!w.startsWith('__') || TYPE_WORDS.test(w)) {
      out += w;
      continue;
    }
    // an attribute: drop it with its argument list, if it has one
    const open = /^\s*\(/.exec(head.slice(i));
    if (open) {
      const close = closeOf(head, i + open[0].length - 1);
      if (close < 0) return null;
      i = close + 1;
    }
    out += ' ';
  }
  return out;
}

/**
 * The type `head` (a declaration up to its `=` or `;`) gives `name`, as
 * written (see above); null when it is not one plain declarator of `name`,
 * or is `static` or a `typedef`. `extern` says it declares rather than
 * defines.
 */
export function declaredVariableType(head: string, name: string): { type: string; extern: boolean } | null {
  const plain = withoutAttributes(head);
  if (plain === null || /[(),{}=;]/.test(plain)) return null;
  const tokens = plain.match(/[A-Za-z_]\w*|\[[^\]]*\]|\*|\S/g) ?? [];
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.startsWith('[')) end--;
  if (end < 2 || tokens[end - 1] !== name) return null;
  const words = tokens.slice(0, end - 1);
  if (words.some((t) => t === 'static' || t === 'typedef' || !/^(?:[A-Za-z_]\w*|\*)$/.test(t))) return null;
  const extern = words.includes('extern');
  const type = words.filter((t) => t !== 'extern' && t !== 'register');
  if (!type.some((t) => t !== '*' && t !== 'const' && t !== 'volatile')) return null;
  const bounds = tokens.slice(end).map((b) => `[ ${b.slice(1, -1).replace(/\s+/g, ' ').trim()} ]`.replace('[  ]', '[ ]'));
  return { type: [...type, ...bounds].join(' '), extern };
}

/** The declarations of `names` at file scope in `text` (the file `path`), in order. */
export function variableDeclarationsIn(path: string, text: string, names: readonly string[]): VariableDeclaration[] {
  const wanted = new Set(names.filter((n) => text.includes(n)));
  if (wanted.size === 0) return [];
  const code = withoutDirectives(codeOnly(text));
  const out: VariableDeclaration[] = [];
  const lineAt = lineCounter(code);
  let start = 0;
  let braces = 0;
  let parens = 0;
  /** Where the head of the statement at file scope ends (its first `=`, `;` or `{`), -1 before. */
  let headEnd = -1;
  const tests = [...wanted].map((n) => ({ n, re: new RegExp(`(?<![\\w$])${n}(?![\\w$])`) }));
  const takeHead = (end: number) => {
    headEnd = end;
    const head = code.slice(start, end);
    for (const { n, re } of tests) {
      if (!head.includes(n) || !re.test(head)) continue;
      const t = declaredVariableType(head, n);
      if (t) out.push({ name: n, path, line: lineAt(start + head.search(/\S/)), kind: t.extern ? 'declaration' : 'definition', type: t.type });
    }
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(') parens++;
    else if (c === ')') parens = Math.max(0, parens - 1);
    else if (c === '{') {
      if (braces === 0 && parens === 0 && headEnd < 0) headEnd = i;
      braces++;
    } else if (c === '}') {
      braces = Math.max(0, braces - 1);
      // a function's body ends its statement; a struct's or an initializer's is followed by more
      if (braces === 0 && parens === 0 && /\)\s*$/.test(code.slice(start, headEnd))) {
        start = i + 1;
        headEnd = -1;
      }
    } else if (braces === 0 && parens === 0 && (c === '=' || c === ';')) {
      if (headEnd < 0) takeHead(i);
      if (c === ';') {
        start = i + 1;
        headEnd = -1;
      }
    }
  }
  return out;
}

/**
 * The type the declaration of `name` starting at 1-based `line` of a
 * header's `lines` gives it, as written (see above); null where no plain
 * declaration of `name` starts there.
 */
export function declaredTypeAt(lines: readonly string[], line: number, name: string): string | null {
  const decl = declarationAt(lines, line);
  const end = decl.search(/[=;]/);
  return declaredVariableType(end < 0 ? decl : decl.slice(0, end), name)?.type ?? null;
}

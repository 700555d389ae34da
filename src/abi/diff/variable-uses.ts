/**
 * Uses of variables that a series turns from a pointer into the object it
 * pointed to (`struct class *tty_class` → `struct class tty_class`), or
 * back, left as they were: read from kernel C text alone (no
 * preprocessing). After a pointer becomes an object, every use that still
 * treats it as a pointer — passed as one (`device_create(tty_class, …)`),
 * assigned one (`tty_class = class_create(…)`), dereferenced
 * (`tty_class->devnode`), tested (`IS_ERR(tty_class)`) — no longer
 * compiles: converted users take its address (`&tty_class`). After an
 * object becomes a pointer, `&x` and `x.member` are the stale ones.
 *
 * Not read as uses: declarations (src/abi/diff/variable-declarations.ts
 * names those), `sizeof`/`typeof`/`EXPORT_SYMBOL*` operands (they compile
 * either way), members of other things (`dev->tty_class`), and a file that
 * declares its own variable or parameter of that name anywhere but at file
 * scope with `extern` (it may mean its own): a use missed, never one made up.
 */
import { codeOnly, lineCounter, withoutDirectives } from './code-text.ts';
import { variableDeclarationsIn } from './variable-declarations.ts';

/** Which way a variable's type changes: `*T` → `T`, or `T` → `*T`. */
export type PointerChange = 'pointer-to-object' | 'object-to-pointer';

/** A use of `name` at `path`:`line` that still treats it as its old type. */
export interface StaleVariableUse {
  name: string;
  path: string;
  line: number;
  /** The use, as written on its line (trimmed, at most ~100 characters). */
  text: string;
}

/** Words before `(` whose operand compiles the same for a pointer and an object. */
const NEUTRAL_CALLS = /(?:\bsizeof|\btypeof|\b__typeof__|\b__typeof|\bEXPORT_SYMBOL(?:_GPL|_NS|_NS_GPL)?|\bEXPORT_PER_CPU_SYMBOL(?:_GPL)?)\s*\(\s*$/;

/** Words that can stand before a use of a name as well as before a declared one. */
const STATEMENT_WORDS = new Set(['return', 'else', 'case', 'do', 'goto', 'sizeof']);

/**
 * Whether the file declares something else named `name`: a macro, or a
 * local or parameter (`T name` or `T *name` ended by `=`, `;`, `,` or `)`)
 * anywhere but on the lines of its file-scope declarations.
 */
function hasOwn(code: string, name: string, fileScope: ReadonlySet<number>): boolean {
  if (new RegExp(`#\\s*define\\s+${name}\\b`).test(code)) return true;
  const re = new RegExp(`([A-Za-z_]\\w*|\\*)\\s*(?<![\\w$])${name}\\s*(?:\\[[^\\]]*\\]\\s*)*[=;,)]`, 'g');
  const lineAt = lineCounter(code);
  for (const m of code.matchAll(re)) {
    if (STATEMENT_WORDS.has(m[1]!)) continue;
    if (!fileScope.has(lineAt(m.index!))) return true;
  }
  return false;
}

/** The stale uses of the variables `changes` names in `text` (the file `path`), in order. */
export function staleVariableUsesIn(path: string, text: string, changes: ReadonlyMap<string, PointerChange>): StaleVariableUse[] {
  const names = [...changes.keys()].filter((n) => text.includes(n));
  if (names.length === 0) return [];
  // directives other than #define (whose bodies use names) are no uses: `#include <linux/tty_class.h>`
  const code = withoutDirectives(codeOnly(text), { keepDefines: true });
  const lines = text.split('\n');
  const declared = variableDeclarationsIn(path, text, names);
  const out: StaleVariableUse[] = [];
  for (const name of names) {
    // a file with its own `static` variable of that name means its own
    if (new RegExp(`^static\\b[^;=\\n]*(?<![\\w$])${name}\\b`, 'm').test(code)) continue;
    const fileScope = new Set(declared.filter((d) => d.name === name).map((d) => d.line));
    if (hasOwn(code, name, fileScope)) continue;
    const way = changes.get(name)!;
    const lineAt = lineCounter(code);
    for (const m of code.matchAll(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g'))) {
      const at = m.index!;
      const before = code.slice(Math.max(0, at - 200), at);
      const after = code.slice(at + name.length, at + name.length + 40);
      if (/(?:->|\.)\s*$/.test(before) || NEUTRAL_CALLS.test(before)) continue;
      const line = lineAt(at);
      if (fileScope.has(line)) continue;
      const address = /&\s*$/.test(before) && !/&&\s*$/.test(before);
      const stale = way === 'pointer-to-object' ? !address : address || /^\s*\.(?!\.)/.test(after);
      if (stale) out.push({ name, path, line, text: abridgedLine(lines[line - 1] ?? '') });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

function abridgedLine(line: string): string {
  const t = line.trim().replace(/\s+/g, ' ');
  return t.length <= 100 ? t : `${t.slice(0, 97)}…`;
}

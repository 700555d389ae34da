/**
 * Calls of some functions in kernel C, with the number of arguments each
 * passes, read from the text alone (no preprocessing): a series that changes
 * how many parameters a function takes must change every call with it, and
 * a call with the old count no longer compiles. Comments, string literals
 * and character constants are blanked first; what looks like a declaration
 * or definition (`int foo(`, `*foo(`), a macro definition (`#define
 * foo(`), a member (`ops->foo(`, `x.foo(`) or a name inside a longer one is
 * no call. Each call also says whether its value is used (assigned, tested,
 * passed on, returned, operated on): a function that now returns void
 * breaks such a call. A definition in the file (kernel style) is listed too,
 * with its parameter count and whether it returns a value: it must change
 * with the declaration as well. A file that
 * defines a static function or a macro of the name has its own: nothing of
 * that name is read there.
 */
import { codeOnly, lineCounter } from './code-text.ts';
import { kernelStyleFunctions } from './kernel-style-functions.ts';
import { headSignatures } from './op-implementations.ts';

/** A call of `name` at `path`:`line` passing `args` arguments, or its definition there taking `args` parameters. */
export interface FunctionCall {
  name: string;
  path: string;
  line: number;
  args: number;
  kind: 'call' | 'definition';
  /** A call: its value is used (see valueUsed). A definition: it returns a value (its return type is not void). */
  valued: boolean;
  /** A definition: its signature as comparable text (op-implementations.ts's `signatureText`), without and with qualifiers. */
  signature?: string;
  qualifiedSignature?: string;
}

/** Words after which `name(` is still a call, not a declaration. */
const STATEMENT_WORDS = new Set(['return', 'else', 'case', 'do', 'sizeof', 'typeof', '__typeof__', 'defined']);

/** The number of arguments of the call whose `(` is at `open` in `code`, and where its `)` is; null when it does not close. */
function argumentCount(code: string, open: number): { args: number; close: number } | null {
  let depth = 0;
  let commas = 0;
  let any = false;
  for (let i = open; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return { args: any ? commas + 1 : 0, close: i };
    } else if (depth === 1) {
      if (c === ',') commas++;
      else if (!/\s/.test(c)) any = true;
    }
  }
  return null;
}

/**
 * Whether the value of the call from `start` (its name) to `close` (its `)`)
 * is used. Operated on after it (`fn(x) < 0`, `fn(x)->y`): used. Else by
 * what stands before it: a statement's start (`;`, `{`, `}`, `)` of a
 * condition or of a `(void)` cast, `else`, `do`) is no use; `:` (a label or
 * a `?:` branch) is taken as none (a use missed, never one made up);
 * `return`, an operator, `(` or `,` (an argument, a condition) is a use.
 */
function valueUsed(code: string, start: number, close: number): boolean {
  const after = /^\s*(.?)/.exec(code.slice(close + 1, close + 80))![1]!;
  if (after !== '' && !';,)'.includes(after)) return true;
  const before = code.slice(Math.max(0, start - 80), start).trimEnd();
  if (before === '') return false;
  const word = /([A-Za-z_]\w*)$/.exec(before);
  if (word) return word[1] === 'return';
  return !';{}):'.includes(before[before.length - 1]!);
}

/** Whether `name(` at `at` stands where a call can (not after a type, a member operator, `#define`). */
function isCallSite(code: string, at: number): boolean {
  const before = code.slice(Math.max(0, at - 200), at);
  if (/(->|\.)\s*$/.test(before)) return false;
  if (/#\s*define\s+$/.test(before)) return false;
  const word = /([A-Za-z_]\w*)\s*$/.exec(before);
  if (word) return STATEMENT_WORDS.has(word[1]!);
  // `struct foo *name(`, `char **name(`: a declaration returning a pointer (`a * name(b)` is missed, never misread)
  return !/[A-Za-z_]\w*\s*\*[\s*]*$/.test(before);
}

/** The calls of `names` in `text` (the file `path`), in order, then the definitions. */
export function functionCallsIn(path: string, text: string, names: readonly string[]): FunctionCall[] {
  let wanted = names.filter((n) => text.includes(n));
  if (wanted.length === 0) return [];
  const code = codeOnly(text);
  // the definitions, kernel style (a body's `{` alone at column 0), with their parameter counts
  const definitions: FunctionCall[] = [];
  const ownNames = new Set<string>();
  for (const f of kernelStyleFunctions(text)) {
    if (!wanted.includes(f.name)) continue;
    const head = f.head;
    // a static function of that name is the file's own, another function: its calls are not the header's
    if (/^\s*static\b/.test(codeOnly(head))) ownNames.add(f.name);
    const sig = headSignatures(head, f.name);
    if (sig) {
      definitions.push({
        name: f.name, path, line: f.startLine, args: sig.proto.params.length, kind: 'definition', valued: sig.proto.returns !== 'void',
        signature: sig.signature, qualifiedSignature: sig.qualified,
      });
    }
  }
  // so is a macro of that name the file defines
  for (const n of wanted) if (new RegExp(`#\\s*define\\s+${n}\\b`).test(code)) ownNames.add(n);
  wanted = wanted.filter((n) => !ownNames.has(n));
  if (wanted.length === 0) return [];
  const out: FunctionCall[] = [];
  const re = new RegExp(`(?<![\\w$])(${wanted.join('|')})\\s*\\(`, 'g');
  const lineAt = lineCounter(code);
  for (const m of code.matchAll(re)) {
    if (!isCallSite(code, m.index!)) continue;
    const call = argumentCount(code, m.index! + m[0].length - 1);
    if (call === null) continue;
    out.push({ name: m[1]!, path, line: lineAt(m.index!), args: call.args, kind: 'call', valued: valueUsed(code, m.index!, call.close) });
  }
  return [...out, ...definitions.filter((d) => !ownNames.has(d.name))];
}

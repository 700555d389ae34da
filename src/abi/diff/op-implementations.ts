/**
 * The functions kernel C puts in an op slot: `.uevent = pci_uevent` inside
 * the initializer of a `struct bus_type` (or `dev->release = demo_release;`
 * in a function declaring `struct device *dev`), and the prototype of that function
 * where the same file defines it (kernel style: the body's `{` alone at
 * column 0, ./kernel-style-functions.ts). Read from the text alone, without
 * preprocessing: a series that changes an op's signature must change every
 * implementation with it, and the tree's .c files are too many to run
 * through the front end.
 *
 * Prototypes are kept as type texts a comparison can use: parameter names,
 * comments, storage classes and qualifiers (`const`, `__user` …) dropped,
 * spaces normalised (`const struct device *dev` → `struct device *`).
 * Qualifiers go because the front end's types do not carry them either: what
 * is compared is what the op's declaration says in the TypeModel.
 */
import { scanCodeBraces } from '../../c/code-braces.ts';
import { codeOnly, lineCounter } from './code-text.ts';
import { kernelStyleFunctions, type StyleFunction } from './kernel-style-functions.ts';

/** An op slot: a function-pointer member of a struct. */
export interface OpSlot {
  tag: string;
  member: string;
}

/** A function a .c file puts in an op slot, with its prototype when the file defines it. */
export interface OpImplementation extends OpSlot {
  path: string;
  /** The function named in the initializer. */
  fn: string;
  /** 1-based line of the initializer's `.member = fn`. */
  assignedLine: number;
  /** The definition in the same file: its first line and its signature (`signatureText`), without and with qualifiers; null when the file does not define it. */
  definition: { line: number; signature: string; qualified: string } | null;
}

/** Type qualifiers: kept in a qualified comparison, where they are not top-level (a parameter's own `const` does not make another function type). */
const QUALIFIERS = new Set(['const', 'volatile', 'restrict', '__restrict']);

/** Words that qualify a type or a declaration without changing the type a call passes. */
const DROPPED = new Set([
  'static', 'inline', '__inline', '__inline__', 'extern', 'register',
  '__always_inline', 'noinline', 'notrace', '__cold', '__init', '__exit', '__ref', '__maybe_unused', '__always_unused',
  '__user', '__iomem', '__rcu', '__percpu', '__force', '__kernel', '__must_check', 'noinstr', '__sched', '__latent_entropy',
]);

/** Words that end a type, never a parameter's name. */
const TYPE_WORDS = new Set(['char', 'short', 'int', 'long', 'signed', 'unsigned', 'float', 'double', 'void', '_Bool']);

/** Words that spell C's integer types in any order (`unsigned`, `long int`, `short unsigned`). */
const INTEGER_WORDS = new Set(['signed', 'unsigned', 'short', 'long', 'int', 'char']);

/** The integer type a run of INTEGER_WORDS names, spelled as the front end names builtins (`unsigned` → `unsigned int`). */
function integerName(run: readonly string[]): string {
  const unsigned = run.includes('unsigned');
  if (run.includes('char')) return unsigned ? 'unsigned char' : run.includes('signed') ? 'signed char' : 'char';
  const longs = run.filter((w) => w === 'long').length;
  const base = run.includes('short') ? 'short' : longs >= 2 ? 'long long' : longs === 1 ? 'long' : 'int';
  return unsigned ? `unsigned ${base}` : base;
}

/** `words` with each run of integer keywords spelled one way. */
function canonicalIntegers(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    if (!INTEGER_WORDS.has(words[i]!)) {
      out.push(words[i++]!);
      continue;
    }
    const run: string[] = [];
    // qualifiers may stand inside the run (`unsigned const int`): they stay, after it
    const inside: string[] = [];
    for (; i < words.length && (INTEGER_WORDS.has(words[i]!) || QUALIFIERS.has(words[i]!)); i++) (INTEGER_WORDS.has(words[i]!) ? run : inside).push(words[i]!);
    out.push(...inside, ...integerName(run).split(' '));
  }
  return out;
}

/**
 * A type as text, comparable: qualifiers and attributes dropped, one space
 * between words, none around `*` and brackets (`struct device *` →
 * `struct device*`). With `named`, the declarator's own name (the last
 * identifier) is dropped too; a function pointer loses its own name and its
 * parameters' (`void (*cb)(void *ctx)` → `void(*)(void*)`). With
 * `qualified`, qualifiers below the top level stay (`const struct device *dev`
 * → `const struct device*`; `struct device *const dev` → `struct device*`).
 */
export function comparableType(text: string, named = false, qualified = false): string {
  // attributes, spelled out or as the kernel's macros taking arguments (`__printf(2, 3)`, `__alloc_size(1)`; not `__typeof__(x)`)
  let t = codeOnly(text)
    .replace(/__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)/g, ' ')
    .replace(/\b__(?!typeof)[a-z]\w*\s*\([^()]*\)/g, ' ');
  // a function pointer, `void (*cb)(void *ctx, int err)`: its own name and its parameters' names go
  const fp = /^([^()]*)\(\s*\*\s*(?:[A-Za-z_]\w*)?\s*\)\s*\(([\s\S]*)\)\s*$/.exec(t.trim());
  if (fp) {
    const params = splitTopLevel(fp[2]!);
    const inner = params.length === 1 && comparableType(params[0]!) === 'void' ? [] : params.map((p) => comparableType(p, true, qualified));
    return `${comparableType(fp[1]!, false, qualified)}(*)(${inner.join(',')})`;
  }
  if (named) {
    // `struct device *dev`, `u8 buf[16]`, `int flags`: the last word, unless the type ends there
    const m = /^(.*?)([A-Za-z_]\w*)\s*((?:\[[^\]]*\]\s*)*)$/.exec(t.trim());
    if (m) {
      const rest = m[1]!.split(/\s+/).filter((w) => w && !DROPPED.has(w) && !QUALIFIERS.has(w));
      const last = rest[rest.length - 1];
      // an unnamed parameter ends with its type: `unsigned long`, `struct foo`
      const isName = last !== undefined && !TYPE_WORDS.has(m[2]!) && !/^(struct|union|enum)$/.test(last) && !DROPPED.has(m[2]!) && !QUALIFIERS.has(m[2]!);
      if (isName) t = `${m[1]}${m[3]}`;
    }
  }
  let words = canonicalIntegers(t.replace(/([*()[\],])/g, ' $1 ').split(/\s+/).filter((w) => w && !DROPPED.has(w)));
  // the top-level qualifiers go even in a qualified comparison: after the last `*`, or all of them without one
  const top = words.lastIndexOf('*');
  words = words.filter((w, i) => !QUALIFIERS.has(w) || (qualified && i < top));
  return words.join(' ').replace(/ ?([*()[\],]) ?/g, '$1');
}

/** The top-level comma-separated parts of `text` (commas inside brackets stay). */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** A signature as one comparable text: `int(struct device*,unsigned long)`. */
export function signatureText(p: { returns: string; params: readonly string[] }): string {
  return `${p.returns}(${p.params.join(',')})`;
}

/**
 * The return type and parameter types of a definition's head (`static int
 * foo(struct a *x, int y)`), comparable (qualified: see comparableType), or
 * null when it does not read as one.
 */
export function prototypeOf(head: string, fn: string, qualified = false): { returns: string; params: string[] } | null {
  const text = codeOnly(head);
  const at = new RegExp(`\\b${fn}\\s*\\(`).exec(text);
  if (!at) return null;
  let depth = 0;
  let end = -1;
  for (let i = at.index + at[0].length - 1; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const returns = comparableType(text.slice(0, at.index), false, qualified);
  if (returns === '') return null;
  const inner = text.slice(at.index + at[0].length, end);
  const parts = splitTopLevel(inner);
  const params = parts.length === 1 && comparableType(parts[0]!) === 'void' ? [] : parts.map((p) => comparableType(p, true, qualified));
  return { returns, params };
}

/**
 * The prototype `head` gives function `fn` (prototypeOf, without qualifiers)
 * and its signature as comparable text without and with them; null when it
 * does not read as one.
 */
export function headSignatures(head: string, fn: string): { proto: { returns: string; params: string[] }; signature: string; qualified: string } | null {
  const proto = prototypeOf(head, fn);
  const qualified = proto ? prototypeOf(head, fn, true) : null;
  return proto && qualified ? { proto, signature: signatureText(proto), qualified: signatureText(qualified) } : null;
}

/**
 * The signature of the op `member` as the declaration at 1-based `line` of
 * `text` spells it (`int (*uevent)(const struct device *dev, …);`, over as
 * many lines as it takes), comparable and qualified, with the declaration
 * itself on one line; null when no `(*member)(…)` declaration starts there
 * (a typedef'd op type, a line the text does not have).
 */
export function declaredOpSignature(text: string, line: number, member: string): { signature: string; declaration: string } | null {
  const pointer = new RegExp(`\\(\\s*\\*\\s*${member}\\s*\\)`);
  const code = declarationAt(text.split('\n'), line);
  if (!pointer.test(code)) return null;
  const proto = prototypeOf(code.replace(pointer, member), member, true);
  if (!proto) return null;
  return { signature: signatureText(proto), declaration: code.replace(/\s+/g, ' ').trim() };
}

/**
 * The code of the declaration starting at 1-based `line` of a text's
 * `lines`, up to the `;` that ends it (over at most a dozen lines), comments
 * blanked.
 */
export function declarationAt(lines: readonly string[], line: number): string {
  let decl = '';
  for (let i = line - 1; i >= 0 && i < lines.length && i < line + 11; i++) {
    decl += `${lines[i]}\n`;
    const clean = codeOnly(decl);
    const parens = [...clean].reduce((d, c) => d + (c === '(' ? 1 : c === ')' ? -1 : 0), 0);
    if (parens === 0 && clean.includes(';')) break;
  }
  return codeOnly(decl);
}

/** Where initializers of `struct tag` objects begin: the offset just after their `{`. */
function initializerStarts(text: string, tag: string): number[] {
  const re = new RegExp(`\\bstruct\\s+${tag}\\s+(?:(?:const|__\\w+(?:\\([^)]*\\))?)\\s+)*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)?(?:__\\w+(?:\\([^)]*\\))?\\s*)*=\\s*\\{`, 'g');
  return [...text.matchAll(re)].map((m) => m.index! + m[0].length);
}

/** The offset of the `}` closing a brace opened just before `from`, or the text's end. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  let inComment = false;
  let offset = from;
  for (const line of text.slice(from).split('\n')) {
    let closedAt = -1;
    const scan = scanCodeBraces(line, inComment, (brace, at) => {
      depth += brace === '{' ? 1 : -1;
      if (depth === 0) {
        closedAt = at;
        return true;
      }
    });
    inComment = scan.inComment;
    if (closedAt >= 0) return offset + closedAt;
    offset += line.length + 1;
  }
  return text.length;
}

/** The functions `text` (the .c file `path`) puts in the slots `slots`, with their prototypes where it defines them. */
export function opImplementationsIn(path: string, text: string, slots: readonly OpSlot[], embedders?: Embedders): OpImplementation[] {
  const out: OpImplementation[] = [];
  const byTag = new Map<string, string[]>();
  for (const s of slots) {
    if (!text.includes(s.tag) || !text.includes(s.member)) continue;
    byTag.set(s.tag, [...(byTag.get(s.tag) ?? []), s.member]);
  }
  if (byTag.size === 0) return out;
  const clean = codeOnly(text);
  let styled: StyleFunction[] | null = null;
  const functionsOf = () => (styled ??= kernelStyleFunctions(text));
  let functions: Map<string, { line: number; head: string }> | null = null;
  const definitionOf = (fn: string) => {
    if (!functions) {
      functions = new Map();
      for (const f of functionsOf()) if (!functions.has(f.name)) functions.set(f.name, { line: f.startLine, head: f.head });
    }
    return functions.get(fn);
  };
  const found = (tag: string, member: string, fn: string, assignedLine: number) => {
    if (fn === 'NULL') return;
    const def = definitionOf(fn);
    const sig = def ? headSignatures(def.head, fn) : null;
    const definition = def && sig ? { line: def.line, signature: sig.signature, qualified: sig.qualified } : null;
    out.push({ tag, member, path, fn, assignedLine, definition });
  };
  let cleanLines: string[] | null = null;
  const linesOf = () => (cleanLines ??= clean.split('\n'));
  const lineAt = lineCounter(clean);
  for (const [tag, members] of byTag) {
    for (const start of initializerStarts(clean, tag)) {
      const body = clean.slice(start, closingBrace(clean, start));
      for (const member of members) {
        for (const m of body.matchAll(new RegExp(`\\.\\s*${member}\\s*=\\s*&?\\s*([A-Za-z_]\\w*)\\s*(?=[,}\\n])`, 'g'))) {
          found(tag, member, m[1]!, lineAt(start + m.index!));
        }
      }
    }
    const holders = withEmbedders(embeddersIn(linesOf(), tag), embedders?.get(tag));
    for (const a of assignmentsIn(linesOf(), functionsOf(), tag, members, holders)) found(tag, a.member, a.fn, a.line);
  }
  return out;
}

/**
 * The structs that hold a `struct tag` directly, by tag, with the names of
 * those members: `struct platform_device { … struct device dev; … }` makes
 * `pdev->dev.release` struct device's `release`.
 */
export type Embedders = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

/**
 * The structs defined in `lines` (code, comments blanked; kernel style:
 * `struct name {` at column 0 to `};` at column 0) holding a member of type
 * `struct tag` itself (not a pointer), with those members' names.
 */
export function embeddersIn(lines: readonly string[], tag: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const member = new RegExp(`^\\s+struct\\s+${tag}\\s+([A-Za-z_]\\w*)\\s*;`);
  let outer: string | null = null;
  for (const line of lines) {
    const opened = /^struct\s+([A-Za-z_]\w*)\s*\{/.exec(line);
    if (opened) outer = opened[1]!;
    else if (line.startsWith('}')) outer = null;
    else if (outer !== null && outer !== tag) {
      const m = member.exec(line);
      if (m) {
        let names = out.get(outer);
        if (!names) out.set(outer, (names = new Set()));
        names.add(m[1]!);
      }
    }
  }
  return out;
}

/** The file's own embedders with those found elsewhere (the tree's headers). */
function withEmbedders(own: Map<string, Set<string>>, more: ReadonlyMap<string, ReadonlySet<string>> | undefined): ReadonlyMap<string, ReadonlySet<string>> {
  if (!more || more.size === 0) return own;
  const out = new Map<string, Set<string>>(own);
  for (const [outer, names] of more) out.set(outer, new Set([...(own.get(outer) ?? []), ...names]));
  return out;
}

/**
 * Slots filled at run time inside a function: `dev->release = demo_release;`
 * or `ops.probe = demo_probe;`, where the function itself declares the
 * variable (a parameter or a local) as a `struct tag` (a pointer for `->`),
 * and `pdev->dev.release = demo_release;`, where it declares `pdev` as a
 * struct that `holders` says holds a `struct tag dev`. A variable reached
 * otherwise (`a->b->dev.release`) is not read: text alone cannot tell its
 * type.
 */
function assignmentsIn(
  lines: readonly string[],
  functions: readonly StyleFunction[],
  tag: string,
  members: readonly string[],
  holders: ReadonlyMap<string, ReadonlySet<string>>,
): { member: string; fn: string; line: number }[] {
  const out: { member: string; fn: string; line: number }[] = [];
  const slot = new RegExp(`(?<![\\w.>$])([A-Za-z_]\\w*)\\s*(->|\\.)\\s*(?:([A-Za-z_]\\w*)\\s*\\.\\s*)?(${members.join('|')})\\s*=\\s*&?\\s*([A-Za-z_]\\w*)\\s*;`, 'g');
  /** Whether `body` declares `variable` as a `struct name` (a pointer when `pointer`). */
  const declares = (body: string, name: string, variable: string, pointer: boolean) => {
    const d = new RegExp(`\\bstruct\\s+${name}\\s*(?:const\\s+)?(\\*\\s*(?:const\\s+)?)?${variable}\\s*[,;)=[]`).exec(body);
    return d !== null && pointer === (d[1] !== undefined);
  };
  for (const f of functions) {
    const body = lines.slice(f.startLine - 1, f.endLine).join('\n');
    if (!members.some((m) => body.includes(m))) continue;
    for (const m of body.matchAll(slot)) {
      const [, variable, op, through, member, fn] = m;
      const pointer = op === '->';
      const ok = through === undefined
        ? declares(body, tag, variable!, pointer)
        : [...holders].some(([outer, names]) => names.has(through) && body.includes(outer) && declares(body, outer, variable!, pointer));
      if (ok) out.push({ member: member!, fn: fn!, line: f.startLine + body.slice(0, m.index!).split('\n').length - 1 });
    }
  }
  return out;
}

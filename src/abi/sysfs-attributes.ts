/**
 * sysfs attributes a series adds, and the attribute names Documentation/ABI
 * documents. Every file under /sys is ABI (Documentation/ABI/README), so a
 * new attribute comes with an entry under Documentation/ABI/testing naming
 * its path (`What: /sys/class/net/<iface>/threaded`).
 *
 * An attribute is taken from the declaring macros of the driver core and
 * kobject API (`DEVICE_ATTR_RO(name)`, `DRIVER_ATTR_RW`, `BUS_ATTR_WO`,
 * `CLASS_ATTR_STRING`, `BIN_ATTR_RO`, `DEVICE_INT_ATTR`, `__ATTR(name, …)` …)
 * on a line a patch adds to a kernel .c or .h file, outside a macro
 * definition (there the name is a parameter), or from a call of a macro the
 * same file defines to declare one under the name it is given
 * (`#define MTD_DEVICE_ATTR_RO(name) static DEVICE_ATTR(name, 0444, …)`,
 * then `MTD_DEVICE_ATTR_RO(type);`). A name the series also removes
 * somewhere (an attribute moved between files) is not new.
 */
import type { Images } from '../tree/images.ts';
import { addedLines } from './diff/added-lines.ts';

export interface SysfsAttribute {
  name: string;
  /** The macro that declares it (`DEVICE_ATTR_RW`). */
  macro: string;
  path: string;
  /** 1-based index of the patch that adds it, and its line in that patch's post-image. */
  patch: number;
  line: number;
}

const DECLARING = /\b(DEVICE_ATTR(?:_[A-Z]+)*|DEVICE_(?:INT|ULONG|BOOL|STRING)_ATTR(?:_RO)?|DRIVER_ATTR_(?:RO|RW|WO)|BUS_ATTR_(?:RO|RW|WO)|CLASS_ATTR_(?:RO|RW|WO|STRING)|BIN_ATTR(?:_[A-Z]+)*|__BIN_ATTR(?:_[A-Z]+)*|__ATTR(?:_RO|_RW|_WO|_RO_MODE|_RW_MODE)?)\s*\(\s*([A-Za-z_]\w*)/g;

/** Kernel code the sysfs API is used in (not the tools, samples and scripts, which are userspace or build helpers). */
function isKernelCode(path: string): boolean {
  return /\.[ch]$/.test(path) && !/^(?:tools|samples|scripts|Documentation|usr)\//.test(path) && !/(?:^|\/)uapi\//.test(path);
}

/** A macro a file defines that declares an attribute named by one of its parameters: which one (0-based). */
type Wrappers = Map<string, number>;

/** The wrappers a file's `lines` define: `#define NAME(params) … DEVICE_ATTR_RO(param) …` (the parameter not pasted with ##). */
function wrappersIn(lines: readonly string[]): Wrappers {
  const out: Wrappers = new Map();
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*#\s*define\s+([A-Za-z_]\w*)\(([^)]*)\)(.*)$/.exec(lines[i]!);
    if (!head) continue;
    let body = head[3]!;
    for (let k = i; /\\\s*$/.test(lines[k]!) && k + 1 < lines.length; k++) body += `\n${lines[k + 1]}`;
    const params = head[2]!.split(',').map((p) => p.trim());
    for (const m of body.matchAll(DECLARING)) {
      const at = params.indexOf(m[2]!);
      const after = body.slice(m.index! + m[0].length);
      if (at >= 0 && !/^\s*##/.test(after) && !/##\s*$/.test(body.slice(0, m.index! + m[0].length - m[2]!.length))) out.set(head[1]!, at);
    }
  }
  return out;
}

/** The attribute names declared on `text` (one line), directly or through one of the file's wrappers. */
function declaredOn(text: string, wrappers: Wrappers): { name: string; macro: string }[] {
  const out: { name: string; macro: string }[] = [];
  for (const m of text.matchAll(DECLARING)) out.push({ macro: m[1]!, name: m[2]! });
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*\(([^()]*)\)/g)) {
    const at = wrappers.get(m[1]!);
    const name = at === undefined ? undefined : m[2]!.split(',')[at]?.trim();
    if (name && /^[A-Za-z_]\w*$/.test(name)) out.push({ macro: m[1]!, name });
  }
  return out;
}

/** Whether line `n` (1-based) of `lines` is part of a `#define` (itself a directive, or continuing one). */
function inMacroDefinition(lines: readonly string[], n: number): boolean {
  let k = n - 1;
  while (k > 0 && /\\\s*$/.test(lines[k - 1]!)) k--;
  return /^\s*#/.test(lines[k] ?? '');
}

/** The attributes the series adds (each name once, where it first appears), in patch and file order. */
export function sysfsAdditions(images: Images): SysfsAttribute[] {
  const added: SysfsAttribute[] = [];
  const removed = new Set<string>();
  for (const [path, versions] of Object.entries(images.files)) {
    if (!isKernelCode(path)) continue;
    // each version's lines and wrappers, read once (a version is the after of one patch and the before of the next)
    const read = versions.map((v) => {
      const lines = v?.text?.split('\n') ?? [];
      return { lines, wrappers: wrappersIn(lines) };
    });
    for (let k = 1; k < versions.length; k++) {
      const before = versions[k - 1] ?? null;
      const after = versions[k] ?? null;
      if (before === after) continue;
      for (const l of addedLines(before, after)) {
        if (inMacroDefinition(read[k]!.lines, l.line)) continue;
        for (const d of declaredOn(l.text, read[k]!.wrappers)) added.push({ ...d, path, patch: k, line: l.line });
      }
      for (const l of addedLines(after, before)) {
        if (inMacroDefinition(read[k - 1]!.lines, l.line)) continue;
        for (const d of declaredOn(l.text, read[k - 1]!.wrappers)) removed.add(d.name);
      }
    }
  }
  const seen = new Set<string>();
  return added
    .filter((a) => !removed.has(a.name) && !seen.has(a.name) && seen.add(a.name))
    .sort((a, b) => a.patch - b.patch || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
}

/** `create_{pmem,ram}_region` → `create_pmem_region`, `create_ram_region` (the entries' shorthand for several files). */
function expandBraces(part: string): string[] {
  const m = /^(.*?)\{([^{}]*)\}(.*)$/.exec(part);
  if (!m) return [part];
  return m[2]!.split(',').flatMap((alt) => expandBraces(`${m[1]}${alt.trim()}${m[3]}`));
}

/**
 * The names Documentation/ABI texts document: every component of every path
 * their `What:` lines give (an entry may list several paths, one per line;
 * a few spell `What` without its colon; `{a,b}` stands for both), so that
 * `/sys/class/net/<iface>/threaded` documents `threaded`.
 */
export function documentedNames(texts: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const text of texts) {
    let inWhat = false;
    for (const line of text.split('\n')) {
      const what = /^What:?\s+(\/.*)$/.exec(line);
      if (what) inWhat = true;
      else if (!/^\s+\//.test(line)) inWhat = false;
      if (!inWhat) continue;
      for (const part of (what ? what[1]! : line).split(/[/\s]+/)) {
        for (const name of expandBraces(part.replace(/[,;:.]+$/, ''))) if (name) names.add(name);
      }
    }
  }
  return names;
}

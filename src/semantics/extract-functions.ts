/**
 * What each patch changes in kernel C: the functions it adds, removes or
 * modifies (by comparing the function definitions of the pre- and
 * post-image; where lines are unknown, by the lines the hunks touch and the
 * kernel's column-0 layout), the static functions they call in the same
 * file, and whether each is fully visible (can run) or not (with the lines
 * that are missing).
 */
import type { Patch, Series } from '../patchwork/series.ts';
import type { FileImage, Images, KnownRange } from '../tree/images.ts';
import { parsePatch } from '../tree/parse-patch.ts';
import type { FilePatch } from '../tree/patch-model.ts';
import { describeRanges, unknownLines } from './emulated-kernel.ts';
import { unitDefinitions, type DefinedFunction } from './interpreter/definitions.ts';

export interface ChangedFunction {
  patch: number;
  file: string;
  name: string;
  change: 'added' | 'removed' | 'modified';
  /** Line in the patch's post-image (pre-image for removed ones). */
  line: number | null;
  /** True when every line of it is known on both sides where it exists. */
  visible: boolean;
  /** Exactly what is missing when not visible. */
  missing?: string;
  /** Static functions of the same file it calls (transitively), by name. */
  staticCallees: string[];
}

interface HunkLines {
  /** Lines removed (pre-image numbers) and added (post-image numbers). */
  removed: number[];
  added: number[];
  heading: string;
}

/** The hunks of one file in a patch's diff, with the line numbers they change. */
export function changedLines(diff: string, path: string): HunkLines[] {
  // The series' own diff parser (git sections or plain `diff -u`/quilt output alike); the patch was
  // applied from this same text, so it parses.
  let files: FilePatch[];
  try {
    files = parsePatch(diff, path);
  } catch {
    return [];
  }
  const out: HunkLines[] = [];
  for (const f of files) {
    if ((f.newPath ?? f.oldPath) !== path) continue;
    for (const h of f.hunks) {
      const cur: HunkLines = { removed: [], added: [], heading: h.header.replace(/^@@ [^@]*@@ ?/, '') };
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      for (const l of h.lines) {
        if (l.op === '-') cur.removed.push(oldLine++);
        else if (l.op === '+') cur.added.push(newLine++);
        else {
          oldLine++;
          newLine++;
        }
      }
      out.push(cur);
    }
  }
  return out;
}

/** The function a line belongs to by the kernel's layout (column-0 header … column-0 `}`), over known lines only. */
function enclosingByLayout(img: FileImage, line: number): { name: string; start: number } | { name: null; reason: 'outside' | 'unknown' } {
  const lines = (img.text ?? '').split('\n');
  const known = (n: number) => img.known.some((r) => n >= r.start && n <= r.end);
  for (let n = line; n >= 1; n--) {
    if (!known(n)) return { name: null, reason: 'unknown' };
    const text = lines[n - 1] ?? '';
    if (n !== line && /^\}/.test(text)) return { name: null, reason: 'outside' };
    if (/^[A-Za-z_]/.test(text) && !/^(struct|union|enum)\s+\w+\s*\{/.test(text) && !/=\s*\{\s*$/.test(text) && !/;\s*$/.test(text)) {
      const m = /\b([A-Za-z_]\w*)\s*\(/.exec(text);
      if (m && !/^#/.test(text)) return { name: m[1]!, start: n };
    }
    if (/^(struct|union|enum)\s+\w+\s*\{|=\s*\{\s*$|^#/.test(text) && n !== line) return { name: null, reason: 'outside' };
  }
  return { name: null, reason: 'outside' };
}

/**
 * For a function only partly known: which of its lines are unknown, from its
 * header (or the first unknown line before `line`) to its column-0 `}`.
 */
function partialExtent(img: FileImage, start: number | null, line: number): string | undefined {
  const lines = (img.text ?? '').split('\n');
  const known = (n: number) => img.known.some((r) => n >= r.start && n <= r.end);
  let from = start ?? line;
  let startUnknown = false;
  if (start === null) {
    while (from > 1 && known(from - 1)) from--;
    startUnknown = true;
  }
  let end = line;
  const total = img.lineCount ?? lines.length;
  while (end < total && !(known(end) && /^\}/.test(lines[end - 1] ?? '') && end > from)) end++;
  const gaps = unknownLines(img.known, from, end);
  const parts: string[] = [];
  if (startUnknown) parts.push(`its start (before line ${from}) is unknown`);
  if (gaps.length) parts.push(gaps.length === 1 && gaps[0]!.start === gaps[0]!.end ? `line ${gaps[0]!.start} is unknown` : `lines ${describeRanges(gaps)} are unknown`);
  if (!known(end)) parts.push(`its end is unknown`);
  return parts.length ? parts.join(', ') : undefined;
}

function calledStatics(fn: DefinedFunction, defs: Map<string, DefinedFunction>, seen = new Set<string>()): string[] {
  for (const id of fn.node.descendantsOfType('identifier')) {
    const callee = defs.get(id.text);
    if (callee && callee.isStatic && !seen.has(callee.name) && callee.name !== fn.name) {
      seen.add(callee.name);
      calledStatics(callee, defs, seen);
    }
  }
  return [...seen];
}

function fullyKnown(img: FileImage, f: DefinedFunction): KnownRange[] {
  return unknownLines(img.known, f.startLine, f.endLine);
}

export function extractChangedFunctions(series: Series, images: Images): ChangedFunction[] {
  const out: ChangedFunction[] = [];
  series.patches.forEach((patch: Patch, i) => {
    for (const [path, stages] of Object.entries(images.files)) {
      if (!path.endsWith('.c')) continue;
      const hunks = changedLines(patch.diff, path);
      if (!hunks.length) continue;
      const pre = stages[i]!;
      const post = stages[i + 1]!;
      const preDefs = pre.text ? unitDefinitions(path, pre.text).functions : new Map<string, DefinedFunction>();
      const postDefs = post.text ? unitDefinitions(path, post.text).functions : new Map<string, DefinedFunction>();
      const seen = new Map<string, ChangedFunction>();
      const described = new Set<string>();
      const touch = (name: string, side: 'pre' | 'post', line: number, extent?: string) => {
        if (seen.has(name)) {
          const prev = seen.get(name)!;
          if (extent && !prev.visible && !described.has(`${name}\0${side}`)) prev.missing += `; ${side}-image: ${extent}`;
          if (extent) described.add(`${name}\0${side}`);
          return;
        }
        if (extent) described.add(`${name}\0${side}`);
        const a = preDefs.get(name);
        const b = postDefs.get(name);
        const change = a && b ? 'modified' : b ? 'added' : a ? 'removed' : 'modified';
        const gaps: string[] = [];
        if (a) {
          const g = fullyKnown(pre, a);
          if (g.length) gaps.push(`pre-image lines ${describeRanges(g)} unknown`);
        }
        if (b) {
          const g = fullyKnown(post, b);
          if (g.length) gaps.push(`post-image lines ${describeRanges(g)} unknown`);
        }
        if (!a && !b) gaps.push(`${side}-image: ${extent ?? `the definition around line ${line}`}`);
        const defs = b ? postDefs : preDefs;
        const own = b ?? a;
        seen.set(name, {
          patch: patch.index,
          file: path,
          name,
          change,
          line: b ? b.startLine : a ? a.startLine : line,
          visible: gaps.length === 0,
          ...(gaps.length ? { missing: `${path}: ${gaps.join('; ')}` } : {}),
          staticCallees: own ? calledStatics(own, defs) : [],
        });
      };
      for (const h of hunks) {
        for (const [side, lines, defs, img] of [['pre', h.removed, preDefs, pre], ['post', h.added, postDefs, post]] as const) {
          for (const line of lines) {
            const def = [...defs.values()].find((f) => line >= f.startLine && line <= f.endLine && fullyKnown(img, f).length === 0);
            if (def) {
              touch(def.name, side, line);
              continue;
            }
            const enc = enclosingByLayout(img, line);
            if (enc.name !== null) touch(enc.name, side, line, partialExtent(img, enc.start, line));
            else if (enc.reason === 'unknown') {
              const m = /\b([A-Za-z_]\w*)\s*\(/.exec(h.heading);
              if (m) touch(m[1]!, side, line, partialExtent(img, null, line));
            }
          }
        }
      }
      out.push(...seen.values());
    }
  });
  return out;
}

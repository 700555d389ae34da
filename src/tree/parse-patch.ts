/**
 * Parses one patch's diff text into FilePatch[]: git's extended headers
 * (new/deleted/renamed/copied files, modes, index blobs, binary markers) are
 * read here, the hunks by the parse-diff package.
 */
import parseDiff from 'parse-diff';
import { InputError } from '../errors.ts';
import type { FileChange, FilePatch, Hunk, HunkLine } from './patch-model.ts';
import { isNullBlob } from './patch-model.ts';
import { safeRepoPath } from './safe-path.ts';

const GIT_SECTION = /^diff --git /;

/** Splits `diff` into file sections and parses each. `inputName` names the patch in errors. */
export function parsePatch(diff: string, inputName: string): FilePatch[] {
  const text = withoutTransportCr(diff);
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (GIT_SECTION.test(line)) starts.push(i);
  });
  if (starts.length === 0) return parsePlainDiff(text, inputName);
  return starts.map((start, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]! : lines.length;
    return parseGitSection(lines.slice(start, end), inputName);
  });
}

/** A diff whose every line ends in CRLF went through a CRLF transport: the CRs are not the file's. */
function withoutTransportCr(diff: string): string {
  const lines = diff.split('\n');
  const body = lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
  return body.length > 0 && body.every((l) => l.endsWith('\r')) ? diff.replace(/\r\n/g, '\n').replace(/\r$/, '') : diff;
}

function parseGitSection(section: string[], inputName: string): FilePatch {
  const firstHunk = section.findIndex((l) => l.startsWith('@@ '));
  const header = firstHunk < 0 ? section : section.slice(0, firstHunk);
  const h = readExtendedHeader(header);

  const gitPaths = splitGitHeaderPaths(section[0]!.slice('diff --git '.length));
  let oldPath = h.renameFrom ?? h.copyFrom ?? h.minus ?? gitPaths?.[0] ?? null;
  let newPath = h.renameTo ?? h.copyTo ?? h.plus ?? gitPaths?.[1] ?? null;
  if (h.minus === DEV_NULL || h.newFileMode !== null) oldPath = null;
  if (h.plus === DEV_NULL || h.deletedFileMode !== null) newPath = null;
  if (oldPath === DEV_NULL) oldPath = null;
  if (newPath === DEV_NULL) newPath = null;
  if (oldPath === null && newPath === null) {
    throw new InputError(inputName, `cannot tell which file this section changes: ${section[0]}`);
  }

  const hunks = firstHunk < 0 ? [] : readHunks(section.join('\n'));
  const change: FileChange = h.binary
    ? 'binary'
    : oldPath === null
      ? 'add'
      : newPath === null
        ? 'delete'
        : h.renameFrom !== null
          ? 'rename'
          : h.copyFrom !== null
            ? 'copy'
            : hunks.length === 0 && (h.oldMode !== null || h.newMode !== null)
              ? 'mode'
              : 'modify';

  return {
    oldPath: oldPath === null ? null : safeRepoPath(oldPath, inputName),
    newPath: newPath === null ? null : safeRepoPath(newPath, inputName),
    change,
    oldBlob: h.oldBlob,
    newBlob: h.newBlob,
    oldMode: h.deletedFileMode ?? h.oldMode ?? h.indexMode,
    newMode: h.newFileMode ?? h.newMode ?? h.indexMode,
    hunks,
  };
}

const DEV_NULL = '/dev/null';

interface ExtendedHeader {
  minus: string | null;
  plus: string | null;
  renameFrom: string | null;
  renameTo: string | null;
  copyFrom: string | null;
  copyTo: string | null;
  oldMode: string | null;
  newMode: string | null;
  newFileMode: string | null;
  deletedFileMode: string | null;
  indexMode: string | null;
  oldBlob: string | null;
  newBlob: string | null;
  binary: boolean;
}

function readExtendedHeader(lines: string[]): ExtendedHeader {
  const h: ExtendedHeader = {
    minus: null, plus: null, renameFrom: null, renameTo: null, copyFrom: null, copyTo: null,
    oldMode: null, newMode: null, newFileMode: null, deletedFileMode: null, indexMode: null,
    oldBlob: null, newBlob: null, binary: false,
  };
  for (const line of lines) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^--- (.*)$/))) h.minus = stripPrefix(unquote(dropTimestamp(m[1]!)), 'a/');
    else if ((m = line.match(/^\+\+\+ (.*)$/))) h.plus = stripPrefix(unquote(dropTimestamp(m[1]!)), 'b/');
    else if ((m = line.match(/^rename from (.*)$/))) h.renameFrom = unquote(m[1]!);
    else if ((m = line.match(/^rename to (.*)$/))) h.renameTo = unquote(m[1]!);
    else if ((m = line.match(/^copy from (.*)$/))) h.copyFrom = unquote(m[1]!);
    else if ((m = line.match(/^copy to (.*)$/))) h.copyTo = unquote(m[1]!);
    else if ((m = line.match(/^old mode (\d+)\s*$/))) h.oldMode = m[1]!;
    else if ((m = line.match(/^new mode (\d+)\s*$/))) h.newMode = m[1]!;
    else if ((m = line.match(/^new file mode (\d+)\s*$/))) h.newFileMode = m[1]!;
    else if ((m = line.match(/^deleted file mode (\d+)\s*$/))) h.deletedFileMode = m[1]!;
    else if ((m = line.match(/^index ([0-9a-fA-F]+)\.\.([0-9a-fA-F]+)(?: (\d+))?\s*$/))) {
      h.oldBlob = m[1]!.toLowerCase();
      h.newBlob = m[2]!.toLowerCase();
      h.indexMode = m[3] ?? null;
    } else if (/^Binary files .* differ\s*$/.test(line) || /^GIT binary patch\s*$/.test(line)) h.binary = true;
  }
  if (isNullBlob(h.oldBlob) && h.newFileMode === null && h.minus === null) h.minus = DEV_NULL;
  if (isNullBlob(h.newBlob) && h.deletedFileMode === null && h.plus === null) h.plus = DEV_NULL;
  return h;
}

/**
 * The section's hunks, each read on its own: parse-diff reads as many lines
 * as a hunk's header counts, so a hunk shorter than its header says would
 * swallow the next hunk's `@@` line and body, and the next hunk would be
 * lost without a word. A line starting `@@ -` is never a hunk line (those
 * start with a space, `+`, `-` or `\`), so each hunk ends there, and a short
 * one is told as malformed (toHunk).
 */
function readHunks(sectionText: string): Hunk[] {
  const lines = sectionText.split('\n');
  const starts = lines.flatMap((l, i) => (/^@@ -\d/.test(l) ? [i] : []));
  if (starts.length === 0) return [];
  const head = lines.slice(0, starts[0]).join('\n');
  return starts.flatMap((start, k) => {
    const body = lines.slice(start, starts[k + 1] ?? lines.length).join('\n');
    return (parseDiff(`${head}\n${body}`)[0]?.chunks ?? []).map(toHunk);
  });
}

function toHunk(chunk: parseDiff.Chunk): Hunk {
  const lines: HunkLine[] = [];
  let oldNoEol = false;
  let newNoEol = false;
  for (const change of chunk.changes) {
    const raw = change.content;
    if (raw.startsWith('\\')) {
      const prev = lines[lines.length - 1];
      if (prev?.op !== '+') oldNoEol = true;
      if (prev?.op !== '-') newNoEol = true;
      continue;
    }
    const op = change.type === 'add' ? '+' : change.type === 'del' ? '-' : ' ';
    lines.push({ op, text: raw.slice(1) });
  }
  const oldCount = lines.filter((l) => l.op !== '+').length;
  const newCount = lines.filter((l) => l.op !== '-').length;
  const header = chunk.content;
  const counts = header.match(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/);
  const oldLines = counts ? Number(counts[2] ?? 1) : chunk.oldLines;
  const newLines = counts ? Number(counts[4] ?? 1) : chunk.newLines;
  const hunk: Hunk = {
    header: header.replace(/\s+$/, ''),
    oldStart: chunk.oldStart,
    oldLines,
    newStart: chunk.newStart,
    newLines,
    lines,
    oldNoEol,
    newNoEol,
  };
  if (oldCount !== oldLines || newCount !== newLines) {
    hunk.malformed = `hunk body has ${oldCount} old and ${newCount} new lines but its header says ${oldLines} and ${newLines} (truncated or mangled)`;
  }
  return hunk;
}

/** `a/x b/x` (unquoted, no renames) or `"a/x y" "b/x y"`: returns the two paths without prefixes. */
function splitGitHeaderPaths(rest: string): [string, string] | null {
  if (rest.startsWith('"')) {
    const m = rest.match(/^("(?:[^"\\]|\\.)*")\s+(.*)$/);
    if (!m) return null;
    return [stripPrefix(unquote(m[1]!), 'a/'), stripPrefix(unquote(m[2]!), 'b/')];
  }
  // Same path on both sides: "a/P b/P" has length 2*len(P) + 5.
  const half = (rest.length - 5) / 2;
  if (Number.isInteger(half) && half > 0) {
    const a = rest.slice(0, half + 2);
    const b = rest.slice(half + 3);
    if (a.startsWith('a/') && b.startsWith('b/') && a.slice(2) === b.slice(2)) return [a.slice(2), b.slice(2)];
  }
  const m = rest.match(/^a\/(\S+) b\/(\S+)$/);
  return m ? [m[1]!, m[2]!] : null;
}

function stripPrefix(path: string, prefix: string): string {
  return path !== DEV_NULL && path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** `--- a/x\t2024-01-01 …` (diff -u style) carries a timestamp after a tab. */
function dropTimestamp(s: string): string {
  const tab = s.indexOf('\t');
  return (tab >= 0 ? s.slice(0, tab) : s).replace(/\s+$/, '');
}

/** Git quotes unusual paths C-style: "a/t\303\251st \"x\"". */
function unquote(s: string): string {
  if (!(s.length >= 2 && s.startsWith('"') && s.endsWith('"'))) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const oct = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(oct)) {
      bytes.push(parseInt(oct, 8));
      i += 3;
    } else if (next in simple) {
      bytes.push(simple[next]!);
      i += 1;
    } else {
      bytes.push(92);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The top directories a plain diff of two trees names its sides by, when
 * they are not `a/` and `b/` (`diff -ruN linux-6.1.orig linux-6.1`, quilt's
 * `linux.orig/`): the first path component of each side, as GNU patch -p1
 * drops it, found on a section whose two paths agree after it. Null when no
 * section shows such a pair.
 */
function treePrefixes(diff: string, files: readonly { from?: string; to?: string }[]): { from: string; to: string } | null {
  // `a/` and `b/` are the usual names, and parse-diff drops them itself: a path pair that still differs there is a rename
  if (/^--- a\//m.test(diff) && /^\+\+\+ b\//m.test(diff)) return null;
  for (const f of files) {
    if (!f.from || !f.to || f.from === DEV_NULL || f.to === DEV_NULL || f.from === f.to) continue;
    const [a, b] = [f.from.indexOf('/'), f.to.indexOf('/')];
    if (a <= 0 || b <= 0 || f.from.slice(a) !== f.to.slice(b)) continue;
    const found = { from: f.from.slice(0, a + 1), to: f.to.slice(0, b + 1) };
    // every section names its sides under the same two directories
    const under = (p: string | undefined, dir: string) => !p || p === DEV_NULL || p.startsWith(dir);
    return files.every((g) => under(g.from, found.from) && under(g.to, found.to)) ? found : null;
  }
  return null;
}

/** A diff without `diff --git` lines (diff -u, quilt): sections come from parse-diff's ---/+++ pairs. */
function parsePlainDiff(diff: string, inputName: string): FilePatch[] {
  const files = parseDiff(diff);
  const stamps = headerTimestamps(diff);
  const withStamps = stamps.length === files.length;
  const prefixes = treePrefixes(diff, files);
  return files.map((file, i) => {
    let from = file.from && file.from !== DEV_NULL ? (prefixes ? stripPrefix(file.from, prefixes.from) : file.from) : null;
    let to = file.to && file.to !== DEV_NULL ? (prefixes ? stripPrefix(file.to, prefixes.to) : file.to) : null;
    // `diff -N` (diff -ruN old new) writes a missing file as an empty one dated the epoch, as GNU patch reads it.
    if (withStamps && isEpoch(stamps[i]!.minus) && file.chunks.every((c) => c.oldStart === 0 && c.oldLines === 0)) from = null;
    if (withStamps && isEpoch(stamps[i]!.plus) && file.chunks.every((c) => c.newStart === 0 && c.newLines === 0)) to = null;
    if (from === null && to === null) throw new InputError(inputName, 'a diff section names no file');
    const change: FileChange = from === null ? 'add' : to === null ? 'delete' : from !== to ? 'rename' : 'modify';
    return {
      oldPath: from === null ? null : safeRepoPath(from, inputName),
      newPath: to === null ? null : safeRepoPath(to, inputName),
      change,
      oldBlob: null,
      newBlob: null,
      oldMode: null,
      newMode: null,
      hunks: file.chunks.map(toHunk),
    };
  });
}

/**
 * The timestamps of each file's `--- `/`+++ ` header pair, in order (a pair
 * is a `--- ` line followed by a `+++ ` line and then a hunk or the end, so
 * removed lines that begin with `-- ` are not taken for headers).
 */
function headerTimestamps(diff: string): { minus: string; plus: string }[] {
  const lines = diff.split('\n');
  const out: { minus: string; plus: string }[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith('--- ') || !lines[i + 1]!.startsWith('+++ ')) continue;
    const next = lines[i + 2];
    if (next !== undefined && next !== '' && !next.startsWith('@@ ')) continue;
    const stamp = (l: string) => (l.indexOf('\t') >= 0 ? l.slice(l.indexOf('\t') + 1).trim() : '');
    out.push({ minus: stamp(lines[i]!), plus: stamp(lines[i + 1]!) });
    i++;
  }
  return out;
}

/** `1970-01-01 00:00:00.000000000 +0000` (or the epoch in another zone), or `Thu Jan  1 00:00:00 1970`. */
function isEpoch(stamp: string): boolean {
  const iso = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? ([+-])(\d\d)(\d\d)$/.exec(stamp);
  if (iso) {
    const [, y, mo, d, h, mi, sec, sign, oh, om] = iso;
    const local = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +sec!);
    const offset = (sign === '-' ? -1 : 1) * (+oh! * 60 + +om!) * 60_000;
    return local - offset === 0;
  }
  return /^\w{3} \w{3} +1 00:00:00 1970$/.test(stamp);
}

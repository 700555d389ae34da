/**
 * The kernel tree's own code about some structs: the functions of .c files
 * in the tree that name `struct <tag>`, for files the series does not touch.
 * A series that grows a uAPI struct often leaves its handler alone; how that
 * handler copies the struct (the caller's size, or the whole new sizeof)
 * decides whether old binaries still work (src/abi/rules/code/).
 *
 * A git work tree is searched with `git grep` (the index makes it fast); a
 * plain directory with grep (-F -w on the tags, then each file read checked
 * here: 0.7 s for Linux 6.1's 32,000 .c files where reading them all took
 * 1.9 s), or walked where grep cannot run. Userspace and documentation directories
 * (tools/, samples/, Documentation/, scripts/, usr/) are not kernel code.
 * Work is bounded: at most MAX_FILES files are read, shared out among the
 * structs so that each gets its first files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CodeUnit } from '../abi/rules/index.ts';
import { kernelStyleFunctions } from '../abi/diff/kernel-style-functions.ts';

const NOT_KERNEL = new Set(['.git', 'Documentation', 'tools', 'samples', 'scripts', 'usr', 'LICENSES']);
const MAX_FILES = 400;

/** Tags named as `struct <tag>` in `text`. */
function tagsIn(text: string, tags: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bstruct\s+(\w+)/g)) if (tags.has(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** Files (tree-relative) under `root` that name one of `tags`, by tag, and their texts (each file read once). */
function filesMentioning(root: string, tags: ReadonlySet<string>): { byTag: Map<string, string[]>; texts: Map<string, string> } {
  const byTag = new Map<string, string[]>();
  const texts = new Map<string, string>();
  const found = { byTag, texts };
  const note = (rel: string, text: string) => {
    const named = tagsIn(text, tags);
    if (named.length > 0) texts.set(rel, text);
    for (const t of named) {
      let files = byTag.get(t);
      if (!files) byTag.set(t, (files = []));
      files.push(rel);
    }
  };
  if (existsSync(join(root, '.git'))) {
    try {
      const out = execFileSync('git', ['-C', root, 'grep', '-l', '-E', `struct[[:space:]]+(${[...tags].join('|')})\\b`, '--', '*.c', ...[...NOT_KERNEL].map((d) => `:!${d}/`)], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      for (const rel of out.split('\n').filter(Boolean)) note(rel, readText(join(root, rel)) ?? '');
      return found;
    } catch (e) {
      // git grep exits 1 when nothing matches; anything else: walk the directory instead
      if ((e as { status?: number }).status === 1) return found;
    }
  }
  const grepped = grepFiles(root, tags);
  if (grepped) {
    for (const rel of grepped) note(rel, readText(join(root, rel)) ?? '');
    return found;
  }
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!NOT_KERNEL.has(e.name)) walk(p);
      } else if (e.isFile() && e.name.endsWith('.c')) {
        const text = readText(p);
        if (text?.includes('struct')) note(relative(root, p), text);
      }
    }
  };
  walk(root);
  return found;
}

/** The .c files (tree-relative, sorted) under `root` where a tag stands as a word; null when grep cannot run. */
function grepFiles(root: string, tags: ReadonlySet<string>): string[] | null {
  const args = ['-r', '-l', '-Z', '-w', '-F', ...[...tags].flatMap((t) => ['-e', t]), '--include=*.c', ...[...NOT_KERNEL].map((d) => `--exclude-dir=${d}`), '.'];
  let out: string;
  try {
    out = execFileSync('grep', args, { cwd: root, encoding: 'latin1', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // grep exits 1 when nothing matches; anything else (no grep, an unreadable tree): walk instead
    return (e as { status?: number }).status === 1 ? [] : null;
  }
  return out.split('\0').filter(Boolean).map((p) => p.replace(/^\.\//, '')).sort();
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

/** Up to `max` files, taken from each tag's list in turn, so every tag gets its share. */
function fairShare(byTag: Map<string, string[]>, exclude: ReadonlySet<string>, max: number): string[] {
  const lists = [...byTag.values()].map((l) => l.filter((f) => !exclude.has(f)));
  const out = new Set<string>();
  for (let k = 0; out.size < max && lists.some((l) => k < l.length); k++) {
    for (const l of lists) {
      if (k < l.length) out.add(l[k]!);
      if (out.size >= max) break;
    }
  }
  return [...out].sort();
}

/**
 * The functions of the tree's .c files that name one of the structs `tags`
 * (`struct tag`), except in the files `exclude` lists (those the series
 * touches: their code is read as the series leaves it).
 */
export function treeCodeFor(root: string, tags: string[], exclude: ReadonlySet<string>): CodeUnit[] {
  if (tags.length === 0) return [];
  const wanted = new Set(tags);
  const units: CodeUnit[] = [];
  const { byTag, texts } = filesMentioning(root, wanted);
  for (const rel of fairShare(byTag, exclude, MAX_FILES)) {
    const text = texts.get(rel)!;
    const lines = text.split('\n');
    for (const f of kernelStyleFunctions(text)) {
      const body = lines.slice(f.startLine - 1, f.endLine).join('\n');
      if (tagsIn(body, wanted).length > 0) units.push({ path: rel, name: f.name, startLine: f.startLine, text: body });
    }
  }
  return units;
}

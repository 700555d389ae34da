/**
 * Test support: reads a corpus file (sections `### fire before`, `### fire after`,
 * `### quiet before`, `### quiet after`, optional `### fire code` / `### quiet code`,
 * `### path …` and `### tree <path>` (a file of a stand-in kernel tree the
 * headers are read with, as with --tree); a side whose text is `(deleted)`
 * is a file that does not exist) and runs one case through the real front end
 * (buildTypeModel), the layout engine, the diff and every rule.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTypeModel } from '../../../src/c/build-type-model.ts';
import type { AbiName } from '../../../src/abi/layout-types.ts';
import { classifyPath } from '../../../src/abi/classify-path.ts';
import { diffFile } from '../../../src/abi/diff/diff-file.ts';
import { layoutRecord, sizeAlignOf } from '../../../src/abi/layout/index.ts';
import { RULES, type CodeUnit } from '../../../src/abi/rules/index.ts';
import type { Finding } from '../../../src/report/report.ts';
import { tempDirs, writeFiles } from '../../support/temp-dirs.ts';

export const CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

/** What include/uapi/linux/stddef.h provides, so corpus headers need no system headers. */
const UAPI_PROLOGUE = `#define __struct_group(TAG, NAME, ATTRS, MEMBERS...) \\
	union { \\
		struct { MEMBERS } ATTRS; \\
		struct TAG { MEMBERS } ATTRS NAME; \\
	} ATTRS
`;

export interface CorpusCase {
  rule: string;
  path: string;
  fire: { before: string; after: string; code: string | null };
  quiet: { before: string; after: string; code: string | null };
  /** The comment lines at the top. */
  about: string;
  /** Files of a stand-in kernel tree (tree-relative path → text), when the case needs one. */
  tree?: Record<string, string>;
}

const treeDirs = tempDirs('abi-check-corpus-tree-');
const trees = new WeakMap<Record<string, string>, string>();

/** The case's stand-in kernel tree, written once per case. */
function treeOf(files: Record<string, string>): string {
  let root = trees.get(files);
  if (root) return root;
  root = writeFiles(treeDirs(), files);
  trees.set(files, root);
  return root;
}

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt')).sort();
}

export function readCorpus(file: string): CorpusCase {
  const text = readFileSync(`${CORPUS_DIR}${file}`, 'utf8');
  const sections = new Map<string, string[]>();
  let current: string[] | null = null;
  const about: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^### (.+)$/.exec(line);
    if (m) {
      current = [];
      sections.set(m[1].trim(), current);
    } else if (current) current.push(line);
    else about.push(line.replace(/^#\s?/, ''));
  }
  const get = (k: string) => (sections.get(k) ?? []).join('\n');
  const rule = file.replace(/\.txt$/, '');
  const pathKey = [...sections.keys()].find((k) => k.startsWith('path '));
  const treeKeys = [...sections.keys()].filter((k) => k.startsWith('tree '));
  return {
    ...(treeKeys.length ? { tree: Object.fromEntries(treeKeys.map((k) => [k.slice(5).trim(), get(k)])) } : {}),
    rule,
    path: pathKey ? pathKey.slice(5).trim() : 'include/uapi/linux/corpus.h',
    fire: { before: get('fire before'), after: get('fire after'), code: sections.has('fire code') ? get('fire code') : null },
    quiet: { before: get('quiet before'), after: get('quiet after'), code: sections.has('quiet code') ? get('quiet code') : null },
    about: about.join(' ').trim(),
  };
}

const ENGINE = { layoutRecord, sizeAlignOf };
/** A side's text that stands for a file that does not exist. */
const DELETED = '(deleted)';

export function runCase(c: CorpusCase, which: 'fire' | 'quiet', abis: AbiName[]): Finding[] {
  const side = c[which];
  const scope = classifyPath(c.path);
  const kernel = scope !== 'uapi-header';
  const prologue = kernel ? '' : UAPI_PROLOGUE;
  const deleted = (text: string) => text.trim() === DELETED;
  const models = (text: string) =>
    deleted(text) ? null : Object.fromEntries(abis.map((abi) => [abi, buildTypeModel({ path: c.path, text: prologue + text }, { abi, kernel, includeDirs: [], ...(c.tree ? { kernelTree: treeOf(c.tree) } : {}) })]));
  // a case with a stand-in tree is read as with --tree: its includes are where userspace finds them
  const image = (text: string) => {
    if (deleted(text)) return null;
    const full = prologue + text;
    const lines = full.split('\n').length;
    return { text: full, known: [{ start: 1, end: lines }], lineCount: lines };
  };
  const diff = diffFile({
    path: c.path, scope, abis, before: models(side.before), after: models(side.after), engine: ENGINE, includesComplete: c.tree !== undefined,
    images: { before: image(side.before), after: image(side.after) },
  });
  const code: CodeUnit[] = side.code ? [{ path: 'drivers/corpus/corpus.c', name: /(\w+)\s*\(/.exec(side.code)?.[1] ?? null, startLine: 1, text: side.code }] : [];
  return RULES.filter((r) => r.scopes.includes(scope)).flatMap((r) => r.check({ patch: 1, diff, code, seriesCode: code, implementations: [], calls: [], variableDeclarations: [], variableUses: [], abis }));
}

/** One change (`side`: before, after, and the kernel code the series changes) of the file `path`, through every rule. */
export function runChange(path: string, side: CorpusCase['fire'], abis: AbiName[], tree?: Record<string, string>): Finding[] {
  return runCase({ rule: 'x', path, fire: side, quiet: side, about: '', ...(tree ? { tree } : {}) }, 'fire', abis);
}

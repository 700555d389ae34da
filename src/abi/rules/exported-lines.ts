/**
 * A uAPI header's lines as `make headers_install` exports them, for the rules
 * that read text (uapi.config-leak, uapi.cpp-comment): per line, the code
 * with comments and literals blanked, whether a `//` comment starts on it,
 * and whether it lies in a region only the kernel sees (`#ifdef __KERNEL__`,
 * `#if defined(__KERNEL__)`, the `#else` of `#ifndef __KERNEL__`), which
 * scripts/headers_install.sh removes with unifdef before it checks anything.
 */
import type { AddedLine, FileDiff } from '../diff/types.ts';

export interface ExportedLine {
  code: string;
  cppComment: boolean;
  kernelOnly: boolean;
}

/** `#ifdef __KERNEL__`, or an `#if` that needs `defined(__KERNEL__)` (possibly `&&` more, never `||`). */
const KERNEL_IF = /^\s*#\s*if(def\s+__KERNEL__\b|\s+(?!.*\|\|)(?!.*!\s*defined\s*\(?\s*__KERNEL__).*\bdefined\s*\(?\s*__KERNEL__\b)/;
const KERNEL_IFNDEF = /^\s*#\s*(ifndef\s+__KERNEL__\b|if\s+!\s*defined\s*\(?\s*__KERNEL__\s*\)?\s*$)/;

/** The lines of `text` (index 0 = line 1). */
export function exportedLines(text: string): ExportedLine[] {
  const out: ExportedLine[] = [];
  // #if stack: for each open conditional, whether its current branch is kernel-only (null: neither)
  const stack: (boolean | null)[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    let code = '';
    let cpp = false;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (inBlock) {
        if (c === '*' && raw[i + 1] === '/') {
          inBlock = false;
          i++;
        }
        code += ' ';
        continue;
      }
      if (c === '/' && raw[i + 1] === '*') {
        inBlock = true;
        i++;
        code += '  ';
        continue;
      }
      if (c === '/' && raw[i + 1] === '/') {
        cpp = true;
        break;
      }
      if (c === '"' || c === "'") {
        // a literal: kept (headers_install.sh reads them too), but a // or /* in it starts nothing
        let j = i + 1;
        while (j < raw.length && raw[j] !== c) j += raw[j] === '\\' ? 2 : 1;
        code += raw.slice(i, j + 1);
        i = j;
        continue;
      }
      code += c;
    }
    const outer = stack.some((k) => k === true);
    if (KERNEL_IF.test(code)) stack.push(true);
    else if (KERNEL_IFNDEF.test(code)) stack.push(false);
    else if (/^\s*#\s*if/.test(code)) stack.push(null);
    else if (/^\s*#\s*(else|elif)\b/.test(code) && stack.length) {
      const top = stack[stack.length - 1];
      stack[stack.length - 1] = top === null ? null : /^\s*#\s*else/.test(code) ? !top : null;
    } else if (/^\s*#\s*endif\b/.test(code)) stack.pop();
    const inside = stack.some((k) => k === true);
    out.push({ code, cppComment: cpp, kernelOnly: outer || inside });
  }
  return out;
}

const exported = new WeakMap<FileDiff['text'], (AddedLine & { exported: ExportedLine })[]>();

/**
 * The lines the change added that `make headers_install` exports (not in a
 * kernel-only region), each with how it reads there: what the text rules
 * check, worked out once per file comparison.
 */
export function exportedAddedLines(diff: FileDiff): (AddedLine & { exported: ExportedLine })[] {
  let out = exported.get(diff.text);
  if (!out) {
    const { added, after } = diff.text;
    const lines = added.length === 0 || after === null ? [] : exportedLines(after);
    out = added.flatMap((a) => {
      const l = lines[a.line - 1];
      return l && !l.kernelOnly ? [{ ...a, exported: l }] : [];
    });
    exported.set(diff.text, out);
  }
  return out;
}

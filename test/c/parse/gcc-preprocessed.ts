/**
 * Test helper: preprocess a header with GCC (`gcc -E`, line markers kept) and
 * turn the line markers into the origins array parseTranslationUnit takes, so
 * the parser can be tested on GCC's preprocessing independently of ours.
 */
import { execFileSync } from 'node:child_process';
import type { SourceLoc } from '../../../src/c/type-model.ts';

export interface GccPreprocessed {
  text: string;
  origins: (SourceLoc | undefined)[];
}

/** `#include <name>` preprocessed by `cc args…`; null when GCC rejects the header. */
export function gccPreprocess(name: string, cc = 'gcc', args: string[] = []): GccPreprocessed | null {
  let out: string;
  try {
    out = execFileSync(cc, [...args, '-E', '-x', 'c', '-'], {
      input: `#include <${name}>\n`,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return null;
  }
  return fromLineMarkers(out);
}

export function fromLineMarkers(out: string): GccPreprocessed {
  const lines = out.split('\n');
  const origins: (SourceLoc | undefined)[] = [];
  let file = '<stdin>';
  let line = 1;
  for (let i = 0; i < lines.length; i++) {
    const m = /^# (\d+) "([^"]*)"/.exec(lines[i]!);
    if (m) {
      line = Number(m[1]);
      file = m[2]!;
      lines[i] = '';
      origins.push(undefined);
      continue;
    }
    origins.push({ file, line });
    line++;
  }
  return { text: lines.join('\n'), origins };
}

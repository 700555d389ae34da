/**
 * Test helper: the pre- and post-images a diff shows of one file, as
 * diff-context text (unknown lines empty) with its known ranges, derived
 * from the recorded series' mails.
 */
import fs from 'node:fs';
import { simpleParser } from 'mailparser';
import type { KnownRange } from '../../../src/tree/images.ts';

export async function seriesPatches(mboxPath: string): Promise<string[]> {
  const mbox = fs.readFileSync(mboxPath, 'utf8');
  const mails = mbox.split(/^From MAILER-DAEMON .*\n/m).filter((m) => m.trim() !== '');
  const bodies: string[] = [];
  for (const raw of mails) bodies.push((await simpleParser(raw)).text ?? '');
  return bodies.filter((b) => b.includes('\ndiff --git '));
}

export interface DiffImage {
  text: string;
  known: KnownRange[];
}

export function diffImage(patch: string, path: string, side: 'pre' | 'post'): DiffImage {
  const lines = patch.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`diff --git a/${path} `));
  if (start < 0) throw new Error(`${path} not in patch`);
  const out: string[] = [];
  const known: KnownRange[] = [];
  for (let i = start + 1; i < lines.length && !lines[i]!.startsWith('diff --git '); i++) {
    const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[i]!);
    if (!h) continue;
    let at = Number(side === 'pre' ? h[1] : h[3]);
    const count = Number((side === 'pre' ? h[2] : h[4]) ?? '1');
    known.push({ start: at, end: at + count - 1 });
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j]!;
      const tag = l[0];
      if (tag === ' ' || l === '' || tag === (side === 'pre' ? '-' : '+')) {
        while (out.length < at - 1) out.push('');
        out[at - 1] = l.slice(1);
        at++;
      } else if (tag !== '-' && tag !== '+' && tag !== '\\') break;
      if (at >= known[known.length - 1]!.end + 1) break;
    }
  }
  return { text: out.join('\n'), known };
}

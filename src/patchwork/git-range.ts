/**
 * A git revision range (`A..B`, `A...B`, `HEAD~3..`) in a local kernel tree as
 * a series: `git format-patch --stdout --base=<A>` turns it into the mails a
 * maintainer would have received, so it goes through the same mail reader.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { Series } from './series.ts';
import { readSeriesFile } from './local-input.ts';

const RANGE = /^([^\s.:][^\s:]*?)?(\.\.\.?)([^\s.:][^\s:]*)?$/;

/** The two ends of a range target, or null when `target` is not a range. */
export function parseGitRange(target: string): { from: string; to: string; symmetric: boolean } | null {
  const m = RANGE.exec(target);
  if (!m || (!m[1] && !m[3])) return null;
  return { from: m[1] ?? 'HEAD', to: m[3] ?? 'HEAD', symmetric: m[2] === '...' };
}

function git(tree: string, args: string[], display: string): string {
  try {
    return execFileSync('git', ['-C', tree, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new InputError(display, `git ${args[0]} failed in ${tree}: ${stderr || (err as Error).message}`);
  }
}

export async function readGitRange(target: string, tree: string): Promise<Series> {
  const range = parseGitRange(target);
  if (!range) throw new InputError(target, 'not a git revision range (expected A..B)');
  const base = range.symmetric
    ? git(tree, ['merge-base', range.from, range.to], target).trim()
    : git(tree, ['rev-parse', '--verify', `${range.from}^{commit}`], target).trim();
  const mbox = git(tree, ['format-patch', '--stdout', '--thread', `--base=${base}`, `${range.from}${range.symmetric ? '...' : '..'}${range.to}`], target);
  if (!mbox.trim()) throw new InputError(target, `the range holds no commits in ${tree}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'abi-check-range-'));
  try {
    const file = path.join(dir, 'range.mbox');
    writeFileSync(file, mbox);
    const result = await readSeriesFile(file, target, 'git-range');
    if (result.kind !== 'series') throw new InputError(target, 'git format-patch produced no patches');
    result.series.input.target = target;
    result.series.notes.push(`git range ${target} in ${tree}: ${result.series.patches.length} commit(s) on top of ${base.slice(0, 12)}`);
    return result.series;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

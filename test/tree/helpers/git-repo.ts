/**
 * Small real git repositories for tests: commit files, take real `git diff`
 * output (real blob ids in the index lines), wrap diffs into Series objects.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Series } from '../../../src/patchwork/series.ts';

export class TestRepo {
  readonly dir: string;

  constructor(prefix = 'abi-check-tree-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@example.org');
    this.git('config', 'user.name', 'Test');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: 'pipe' });
  }

  /** Writes (string/Buffer) or removes (null) files and commits; returns the commit id. */
  commit(files: Record<string, string | Buffer | null>, message = 'change'): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) {
        this.git('rm', '-q', '--', path);
        continue;
      }
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      this.git('add', '--', path);
    }
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** `git diff` between two commits as a patch mail would carry it (rename detection on). */
  diff(from: string, to: string, ...extra: string[]): string {
    return this.git('diff', '-M', ...extra, from, to);
  }

  show(rev: string, path: string): string {
    return this.git('show', `${rev}:${path}`);
  }

  blob(rev: string, path: string): string {
    return this.git('rev-parse', `${rev}:${path}`).trim();
  }

  checkout(rev: string): void {
    this.git('checkout', '-q', '-f', rev);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Series holding the given diffs as patches 1..n. */
export function seriesOf(diffs: string[], baseCommit: string | null = null): Series {
  return {
    input: { kind: 'patch', target: 'test', server: null, apiVersion: null },
    id: null,
    name: 'test series',
    version: 1,
    webUrl: null,
    project: null,
    receivedAll: true,
    total: diffs.length,
    cover: null,
    patches: diffs.map((diff, i) => ({
      index: i + 1,
      id: null,
      webUrl: null,
      msgid: `test-${i + 1}@example.org`,
      subject: `[PATCH ${i + 1}/${diffs.length}] test`,
      author: { name: 'Test', email: 'test@example.org' },
      date: null,
      inReplyTo: null,
      references: [],
      to: [],
      cc: [],
      commitMessage: 'test',
      diff,
      baseCommit,
    })),
    baseCommit,
    notes: [],
  };
}

/** n numbered lines "line 1" … "line n", each newline-terminated. */
export function numberedLines(n: number, label = 'line'): string[] {
  return Array.from({ length: n }, (_, i) => `${label} ${i + 1}`);
}

export function text(lines: string[]): string {
  return lines.map((l) => l + '\n').join('');
}

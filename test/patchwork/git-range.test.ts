import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import { parseGitRange } from '../../src/patchwork/git-range.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const repoDir = tempDirs('abi-check-range-');

function repo(): string {
  const dir = repoDir();
  const git = (...a: string[]) => execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.org');
  git('config', 'user.name', 'Dev Eloper');
  mkdirSync(join(dir, 'include/uapi/linux'), { recursive: true });
  writeFileSync(join(dir, 'include/uapi/linux/demo.h'), 'struct demo {\n\t__u32 a;\n\t__u32 b;\n};\n');
  git('add', '.');
  git('commit', '-qm', 'demo: add header');
  writeFileSync(join(dir, 'include/uapi/linux/demo.h'), 'struct demo {\n\t__u32 a;\n\t__u32 renamed;\n};\n');
  git('commit', '-qam', 'demo: rename b');
  writeFileSync(join(dir, 'include/uapi/linux/demo.h'), 'struct demo {\n\t__u32 a;\n\t__u32 renamed;\n\t__u64 c;\n};\n');
  git('commit', '-qam', 'demo: grow');
  return dir;
}

describe('git range targets', () => {
  it('parses range forms and rejects non-ranges', () => {
    expect(parseGitRange('v6.1..HEAD')).toEqual({ from: 'v6.1', to: 'HEAD', symmetric: false });
    expect(parseGitRange('HEAD~3..')).toEqual({ from: 'HEAD~3', to: 'HEAD', symmetric: false });
    expect(parseGitRange('main...topic')).toEqual({ from: 'main', to: 'topic', symmetric: true });
    expect(parseGitRange('series.mbox')).toBeNull();
    expect(parseGitRange('..')).toBeNull();
    expect(parseGitRange('https://x/y')).toBeNull();
  });

  it('reads HEAD~2..HEAD as a two-patch series with its base commit', async () => {
    const dir = repo();
    const base = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD~2'], { encoding: 'utf8' }).trim();
    const series = await acquireSeries('HEAD~2..HEAD', { tree: dir });
    expect(series.input.kind).toBe('git-range');
    expect(series.patches.map((p) => p.subject)).toEqual(['[PATCH 1/2] demo: rename b', '[PATCH 2/2] demo: grow']);
    expect(series.patches[0].author.email).toBe('dev@example.org');
    expect(series.patches[0].diff).toContain('-\t__u32 b;');
    expect(series.baseCommit ?? series.patches[0].baseCommit).toBe(base);
  });

  it('names the range and the tree when git cannot resolve it', async () => {
    const dir = repo();
    await expect(acquireSeries('nope..HEAD', { tree: dir })).rejects.toThrow(/nope\.\.HEAD: git rev-parse failed in/);
  });

  it('says when the range is empty', async () => {
    const dir = repo();
    await expect(acquireSeries('HEAD..HEAD', { tree: dir })).rejects.toThrow(/holds no commits/);
  });
});

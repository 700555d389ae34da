/** src/cli/config.ts: where the Patchwork server, API version, token and project come from. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readGitConfig, resolvePatchworkConfig } from '../../src/cli/config.ts';
import { UsageError } from '../../src/errors.ts';

const noGit = () => undefined;
const git = (values: Record<string, string>) => (key: string) => values[key];

describe('resolvePatchworkConfig', () => {
  it('defaults: patchwork.kernel.org, API 1.3, no token', () => {
    expect(resolvePatchworkConfig({ flags: {}, env: {}, gitConfig: noGit })).toMatchObject({
      server: 'https://patchwork.kernel.org',
      apiVersion: '1.3',
      token: null,
      project: null,
    });
  });

  it('flags beat the environment, which beats git config', () => {
    const gitValues = git({ 'pw.server': 'https://git.example/', 'pw.token': 'gittok', 'pw.project': 'gitproj' });
    const env = { ABI_CHECK_SERVER: 'https://env.example', ABI_CHECK_TOKEN: 'envtok' };
    expect(resolvePatchworkConfig({ flags: { server: 'https://flag.example/', token: 'flagtok' }, env, gitConfig: gitValues })).toMatchObject({
      server: 'https://flag.example',
      token: 'flagtok',
      project: 'gitproj',
      sources: { server: '--server', token: '--token' },
    });
    expect(resolvePatchworkConfig({ flags: {}, env, gitConfig: gitValues })).toMatchObject({ server: 'https://env.example', token: 'envtok' });
    expect(resolvePatchworkConfig({ flags: {}, env: {}, gitConfig: gitValues })).toMatchObject({
      server: 'https://git.example',
      token: 'gittok',
      sources: { server: 'git config pw.server', token: 'git config pw.token' },
    });
  });

  it("git-pw's pw.server ending in /api/1.x gives the API version", () => {
    const cfg = resolvePatchworkConfig({ flags: {}, env: {}, gitConfig: git({ 'pw.server': 'https://patchwork.ozlabs.org/api/1.1/' }) });
    expect(cfg).toMatchObject({ server: 'https://patchwork.ozlabs.org', apiVersion: '1.1', sources: { apiVersion: 'git config pw.server' } });
    const bare = resolvePatchworkConfig({ flags: { server: 'https://h.example/pw/api' }, env: {}, gitConfig: noGit });
    expect(bare).toMatchObject({ server: 'https://h.example/pw', apiVersion: '1.3' });
    const explicit = resolvePatchworkConfig({ flags: { apiVersion: '1.2' }, env: {}, gitConfig: git({ 'pw.server': 'https://p.example/api/1.1' }) });
    expect(explicit.apiVersion).toBe('1.2');
  });

  it('rejects unsupported versions and non-URLs as usage errors (exit 3)', () => {
    expect(() => resolvePatchworkConfig({ flags: { apiVersion: '1.4' }, env: {}, gitConfig: noGit })).toThrow(UsageError);
    expect(() => resolvePatchworkConfig({ flags: { apiVersion: '1.4' }, env: {}, gitConfig: noGit })).toThrow(
      'API version "1.4" is not supported (use one of 1.0, 1.1, 1.2, 1.3)',
    );
    let error: unknown;
    try {
      resolvePatchworkConfig({ flags: {}, env: { ABI_CHECK_SERVER: 'patchwork.kernel.org' }, gitConfig: noGit });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(3);
    expect((error as UsageError).problem).toBe('$ABI_CHECK_SERVER: "patchwork.kernel.org" is not a URL (expected e.g. https://patchwork.kernel.org)');
  });

  it('empty values count as unset', () => {
    expect(resolvePatchworkConfig({ flags: { token: '' }, env: { ABI_CHECK_TOKEN: ' ' }, gitConfig: git({ 'pw.token': 't' }) }).token).toBe('t');
  });
});

describe('readGitConfig', () => {
  it('reads values with git config --get, undefined when unset', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'abi-check-git-'));
    try {
      execFileSync('git', ['init', '-q', repo]);
      execFileSync('git', ['-C', repo, 'config', 'pw.server', 'https://pw.example/api/1.2/']);
      expect(readGitConfig('pw.server', repo)).toBe('https://pw.example/api/1.2/');
      expect(readGitConfig('pw.nothing-here', repo)).toBeUndefined();
      expect(resolvePatchworkConfig({ flags: {}, env: {}, gitConfig: (k) => readGitConfig(k, repo) })).toMatchObject({
        server: 'https://pw.example',
        apiVersion: '1.2',
      });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

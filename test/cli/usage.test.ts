import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from './run-cli.ts';

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

describe('abi-check usage', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('--help lists every subcommand, the main flags, examples and exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['layout', 'tui', 'b4-check', 'watch', '--patch', '--server', '--token', '--offline', '--tree', '--github',
      '--abi', '--format', '--reply', '--mbox', '--post-check', '--github-check', '--emulate-abi', 'Examples:', 'Exit codes']) {
      expect(r.stdout).toContain(s);
    }
  });

  it('subcommand help shows its own flags', async () => {
    const r = await runCli(['layout', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--include');
    expect(r.stdout).toContain('--struct');
  });

  it('an unknown flag is a usage error (exit 3) with one clear line', async () => {
    const r = await runCli(['--frobnicate']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^abi-check: unknown option '--frobnicate'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown ABI is a usage error (exit 3)', async () => {
    const r = await runCli(['--abi', 'vax', '--offline']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("unknown ABI 'vax'");
  });

  it('a bad --format choice is a usage error (exit 3)', async () => {
    const r = await runCli(['--format', 'xml']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('xml');
  });

  it('--patch must be a number', async () => {
    const r = await runCli(['--patch', 'abc']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--patch expects a number');
  });
});

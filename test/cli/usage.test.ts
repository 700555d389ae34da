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

describe('subcommand options are the subcommand\'s own', () => {
  it('layout --abi and --format reach the layout command (not the main command)', async () => {
    const text = await runCli(['layout', '--abi', 'i386', '--struct', 'vfio_iommu_type1_dma_map', 'linux/vfio.h']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('/* size: 32, align: 4, members: 5 */');
    const json = await runCli(['layout', '--abi', 'x86_64', '--format', 'json', '--struct', 'vfio_iommu_type1_dma_map', 'linux/vfio.h']);
    expect(JSON.parse(json.stdout)).toMatchObject({ abi: 'x86_64', headers: { 'linux/vfio.h': { records: [{ name: 'vfio_iommu_type1_dma_map', size: 32, align: 8 }] } } });
  });

  it('watch takes the source and analysis options itself', async () => {
    const r = await runCli(['watch', '--help']);
    for (const s of ['--server', '--token', '--tree', '--abi', '--no-behaviour', '--post-check', '--once']) expect(r.stdout).toContain(s);
  });
});

/**
 * The whole tool, through the real launcher, on the real recorded series:
 * the bundled example offline and the same series served by a replayed
 * Patchwork 3.1.3. Asserts what a maintainer relies on: the verdict, the
 * exit code, the findings that must be there and the ones that must not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from './run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { reportProblems } from '../../src/report/schema/report-schema.ts';
import { startReplay, type ReplayServer } from '../patchwork/replay-server.ts';
import type { Report } from '../../src/report/report.ts';

const cacheDir = tempDirs('abi-check-cache-');
const badDir = tempDirs('abi-check-bad-');

let example: { code: number; stdout: string; stderr: string };
let report: Report;

beforeAll(async () => {
  example = await runCli(['--format', 'json', '--cache-dir', cacheDir()]);
  report = JSON.parse(example.stdout) as Report;
}, 180_000);

describe('the bundled example, offline', () => {
  it('says it analysed the bundled example and exits 12 (incompatible)', () => {
    expect(example.stderr).toContain('analysing the bundled example');
    expect(example.code).toBe(12);
    expect(report.summary.verdict).toBe('breaking');
  });

  it('produces a report that validates against the schema', () => {
    expect(reportProblems(report)).toEqual([]);
    expect(report.schema).toBe('abi-check/report@1');
    expect(report.base.source).toBe('diff-context');
    expect(report.patches.map((p) => p.subject)).toEqual([
      '[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf',
      '[PATCH v1 2/2] RDMA/mlx5: get tph for p2p access when registering dma-buf mr',
    ]);
    for (const p of report.patches) for (const f of p.applied) for (const h of f.hunks) expect(h.status).toBe('exact');
  });

  it('reports the dma_ranges → entries rename as a source break of patch 1', () => {
    const f = report.findings.find((x) => x.rule === 'uapi.member-renamed');
    expect(f).toBeDefined();
    expect(f).toMatchObject({ level: 'error', kind: 'source', patch: 1, file: 'include/uapi/linux/vfio.h' });
    expect(f!.symbol).toContain('vfio_device_feature_dma_buf');
    expect(f!.message).toContain('dma_ranges');
    expect(f!.message).toContain('entries');
    expect(f!.abis).toHaveLength(14);
  });

  it('reports the dropped __counted_by(nr_ranges)', () => {
    const f = report.findings.find((x) => x.rule === 'uapi.counted-by-dropped');
    expect(f).toMatchObject({ patch: 1, file: 'include/uapi/linux/vfio.h' });
    expect(f!.message).toContain('nr_ranges');
  });

  it('reports the kABI change of struct dma_buf_ops', () => {
    const f = report.findings.find((x) => x.rule === 'kabi.ops-changed' || x.rule === 'kabi.member-inserted');
    expect(f).toMatchObject({ level: 'note', kind: 'kabi', patch: 1, file: 'include/linux/dma-buf.h' });
    expect(f!.symbol).toContain('dma_buf_ops');
  });

  it('finds no binary break on struct vfio_region_dma_range, whose layout is the same on all 14 ABIs', () => {
    const binary = report.findings.filter((x) => x.kind === 'binary' && x.level === 'error' && x.symbol.includes('vfio_region_dma_range'));
    expect(binary).toEqual([]);
    const layouts = report.layouts['struct vfio_region_dma_range'];
    expect(Object.keys(layouts)).toHaveLength(14);
    for (const [abi, { before, after }] of Object.entries(layouts)) {
      expect(before?.size, abi).toBe(16);
      expect(after?.size, abi).toBe(16);
    }
  });

  it('prints a text report with the per-patch summary and the rename', async () => {
    const r = await runCli(['--quiet', '--abi', 'x86_64,i386', '--cache-dir', cacheDir()]);
    expect(r.code).toBe(12);
    expect(r.stdout).toContain('[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf');
    expect(r.stdout).toContain('uapi.member-renamed');
    expect(r.stderr).toBe('');
  }, 180_000);
});

describe('the same series from a Patchwork server', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplay();
  });
  afterAll(async () => {
    await server.close();
  });

  it('by series id gives the same findings as the mbox', async () => {
    // --no-github: the base comes from the diff context, like the example's; the series from the server.
    const r = await runCli(['1', '--server', server.origin, '--format', 'json', '--no-github', '--no-behaviour', '--cache-dir', cacheDir()]);
    expect(r.stderr).not.toContain('internal error');
    const fromServer = JSON.parse(r.stdout) as Report;
    expect(fromServer.input.kind).toBe('patchwork-series');
    const rules = (rep: Report) => rep.findings.filter((f) => f.kind !== 'semantic').map((f) => `${f.rule} ${f.symbol}`).sort();
    expect(rules(fromServer)).toEqual(rules(report));
    expect(r.code).toBe(12);
  }, 180_000);
});

describe('bad input', () => {
  it('a garbage file: one clear line naming it, exit 1', async () => {
    const dir = badDir();
    const file = join(dir, 'garbage.patch');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'this is not a patch\n');
    const r = await runCli([file, '--cache-dir', cacheDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('garbage.patch');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable server: one clear line, exit 1', async () => {
    const r = await runCli(['7', '--server', 'http://127.0.0.1:9', '--cache-dir', cacheDir()], { env: { ABI_CHECK_TOKEN: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/127\.0\.0\.1:9/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('the example on the stand-in kernel tree (full text: the emulator runs)', () => {
  it('shows old userspace unchanged, the TPH flag newly accepted and the tag reaching the importer', async () => {
    const r = await runCli(['fixtures/mail/series-tph-v1.mbox', '--tree', 'fixtures/tph-kernel-standin/kernel-tree',
      '--format', 'json', '--abi', 'x86_64,i386', '--cache-dir', cacheDir()], { cwd: new URL('../..', import.meta.url).pathname });
    expect(r.stderr).not.toContain('internal error');
    const rep = JSON.parse(r.stdout) as Report;
    expect(reportProblems(rep)).toEqual([]);
    expect(rep.base.source).toBe('tree');
    const byName = new Map(rep.behaviour.scenarios.map((s) => [s.name, s]));
    expect(byName.get('legacy export: flags 0, one range')?.verdict).toBe('unchanged');
    const tph = byName.get('TPH export + import (extended TPH importer)');
    expect(tph?.verdict).toBe('new-accepted');
    expect(tph?.before.result).toMatch(/-EINVAL/);
    expect((tph?.after.importer as { st_index: number }).st_index).toBe(0x1234);
    expect(byName.get('import of a dma-buf exported without TPH')?.verdict).toBe('unchanged');
    expect(rep.findings.some((f) => f.rule === 'behaviour.legacy-changed')).toBe(false);
    expect(r.code).toBe(12);
  }, 180_000);
});

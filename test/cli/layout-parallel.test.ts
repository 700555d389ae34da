/**
 * `abi-check layout --jobs N`: the headers laid out on N worker threads give
 * the same bytes on stdout and stderr, and the same exit code or error, as
 * the same headers laid out in the main thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLayoutCommand, type LayoutCommandArgs } from '../../src/cli/layout-command.ts';
import { isLayoutJobError, layoutHeaderFiles, type LayoutJob } from '../../src/cli/layout/parallel-layout.ts';
import { layoutHeaderFile } from '../../src/cli/layout/header-file-layout.ts';
import { layoutThreadCount, MIN_RUNS_PER_THREAD } from '../../src/cli/layout/jobs-option.ts';
import { BATCHES_PER_WORKER, layoutBatches } from '../../src/cli/layout/layout-jobs.ts';
import { InputError, UsageError } from '../../src/errors.ts';
import { runCli } from './run-cli.ts';

/**
 * Installed uAPI headers of different kinds: small and large, with
 * per-ABI asm includes, packed and bit-field records, and some the front end
 * reports errors for or cannot lay out every record of (coda.h, sctp.h,
 * errqueue.h, phonet.h, sysctl.h, patchkey.h) — so stderr and exit 1 are
 * compared too.
 */
const HEADERS = [
  'linux/types.h', 'linux/coda.h', 'linux/vfio.h', 'linux/sctp.h', 'linux/errqueue.h', 'linux/if.h', 'linux/phonet.h',
  'linux/kvm.h', 'linux/sysctl.h', 'linux/a.out.h', 'linux/patchkey.h', 'linux/if_packet.h', 'linux/stat.h',
  'linux/input.h', 'linux/ethtool.h',
];

interface Outcome {
  code: number | null;
  out: string;
  err: string;
  thrown: string | null;
}

async function layout(args: Partial<LayoutCommandArgs>): Promise<Outcome> {
  let out = '';
  let err = '';
  try {
    const code = await runLayoutCommand(
      { includeDirs: [], abi: 'x86_64', format: 'json', files: HEADERS, ...args },
      { stdout: (s) => (out += s), stderr: (s) => (err += s) },
    );
    return { code, out, err, thrown: null };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { code: null, out, err, thrown: `${e.exitCode} ${e.message}` };
  }
}

describe('abi-check layout on worker threads', () => {
  it('prints the same JSON and the same diagnostics with 2 threads as with 1, on three ABIs', async () => {
    const abis = ['x86_64', 'i386', 'arm'];
    const one = await Promise.all(abis.map((abi) => layout({ abi, jobs: 1 })));
    const two = await Promise.all(abis.map((abi) => layout({ abi, jobs: 2 })));
    for (let i = 0; i < abis.length; i++) expect(two[i]).toEqual(one[i]);
    // The comparison has teeth: records on every ABI, and errors reported.
    for (const o of one) {
      expect(o.code).toBe(1);
      expect(Object.keys(JSON.parse(o.out).headers)).toEqual(HEADERS);
      expect(o.err).toMatch(/coda\.h:\d+: \w+: cannot lay out struct coda_timespec: /);
    }
  }, 30_000);

  it('prints the same pahole text for --abi all with 2 threads as with 1', async () => {
    const files = ['linux/vfio.h', 'linux/coda.h', 'linux/if_packet.h'];
    const one = await layout({ abi: 'all', format: 'text', files, jobs: '1' });
    const two = await layout({ abi: 'all', format: 'text', files, jobs: '2' });
    expect(two).toEqual(one);
    expect(one.out).toContain('struct vfio_region_info {');
    expect(one.err).toMatch(/: m68k: /);
  }, 30_000);

  it('gives the one-line error of a missing header, after the same stderr, whatever the thread count', async () => {
    const files = ['linux/coda.h', 'linux/no-such-header.h', 'linux/types.h'];
    const one = await layout({ abi: 'i386', files, jobs: 1 });
    const two = await layout({ abi: 'i386', files, jobs: 2 });
    expect(two).toEqual(one);
    expect(one.thrown).toMatch(/^1 linux\/no-such-header\.h: no such file, and not found as <linux\/no-such-header\.h> in /);
    expect(one.err).toContain('coda.h');
    expect(one.out).toBe('');
  }, 30_000);

  it('rejects --jobs that is not a whole number of at least 1 as a usage error', async () => {
    for (const jobs of ['0', 'x', '1.5', '-2', 0]) {
      expect(() => layoutThreadCount(jobs, 3, 3)).toThrow(UsageError);
      expect((await layout({ jobs })).thrown).toBe(`3 usage: layout: --jobs must be a whole number of at least 1, not '${jobs}'`);
    }
    const r = await runCli(['layout', '--jobs', '0', 'linux/types.h']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("abi-check: usage: layout: --jobs must be a whole number of at least 1, not '0'\n");
    const x = await runCli(['layout', '-j', 'x', 'linux/types.h']);
    expect(x.code).toBe(3);
    expect(x.stderr).toContain("not 'x'");
  });

  it('defaults to the main thread for small runs, and to one thread per core but one at most for large ones', () => {
    expect(layoutThreadCount(undefined, 1, 14)).toBe(1);
    expect(layoutThreadCount(undefined, 100, 1400)).toBe(1);
    expect(layoutThreadCount(undefined, 1, 100_000)).toBe(1);
    const cores = availableParallelism();
    expect(layoutThreadCount(undefined, 544, 544 * 14)).toBe(Math.max(1, Math.min(cores - 1, Math.floor((544 * 14) / MIN_RUNS_PER_THREAD))));
    expect(layoutThreadCount(undefined, 10_000, 10_000 * 14)).toBe(Math.max(1, cores - 1));
    expect(layoutThreadCount('7', 2, 2)).toBe(7);
  });
});

describe('layoutBatches', () => {
  const abis = ['x86_64', 'arm', 'sparc64'] as const;
  const jobsFor = (headers: number) =>
    abis.flatMap((abi) => Array.from({ length: headers }, (_, h) => ({ file: `h${h}.h`, abi })));

  it('keeps every job of a header in one batch, batches in header order, jobs in the order given', () => {
    const jobs = jobsFor(100);
    const batches = layoutBatches(jobs, 2);
    // 100 headers over 2 workers × BATCHES_PER_WORKER batches: ceil(100 / 16) = 7 headers a batch
    expect(BATCHES_PER_WORKER).toBe(8);
    expect(batches).toHaveLength(Math.ceil(100 / 7));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i));
    let lastHeader = -1;
    for (const b of batches) {
      expect([...b].sort((x, y) => x - y)).toEqual(b);
      const headers = [...new Set(b.map((i) => Number(jobs[i]!.file.slice(1, -2))))];
      expect(headers[0]).toBe(lastHeader + 1);
      lastHeader = headers[headers.length - 1]!;
      expect(b).toHaveLength(headers.length * abis.length);
      // ABI by ABI within the batch, as given
      expect(b.map((i) => jobs[i]!.abi)).toEqual(abis.flatMap((abi) => headers.map(() => abi)));
    }
  });

  it('makes one batch per header when there are few headers', () => {
    expect(layoutBatches(jobsFor(3), 2)).toEqual([[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
    expect(layoutBatches([], 2)).toEqual([]);
  });
});

describe('layoutHeaderFiles', () => {
  it('returns the results in input order, equal to layoutHeaderFile, with missing headers as data', async () => {
    const jobs: LayoutJob[] = [
      { file: 'linux/if.h', abi: 'x86_64' },
      { file: 'linux/types.h', abi: 'i386' },
      { file: 'linux/missing.h', abi: 'x86_64' },
      { file: 'linux/if.h', abi: 'ppc32' },
      { file: 'linux/types.h', abi: 'sparc64' },
    ];
    const results = await layoutHeaderFiles(jobs, { includeDirs: [] }, { workers: 2 });
    expect(results).toHaveLength(jobs.length);
    results.forEach((r, i) => {
      const { file, abi } = jobs[i];
      if (file === 'linux/missing.h') {
        expect(isLayoutJobError(r) && r.input).toBe(file);
        return;
      }
      expect(isLayoutJobError(r)).toBe(false);
      const here = layoutHeaderFile(file, { includeDirs: [] }, abi);
      const { ms: _a, ...there } = r as typeof here;
      const { ms: _b, ...expected } = here;
      expect(there).toEqual(expected);
    });
  }, 30_000);

  it('names the header a worker was on when the worker dies, and does not hang', async () => {
    const jobs: LayoutJob[] = [{ file: 'linux/vfio.h', abi: 'x86_64' }, { file: 'linux/kvm.h', abi: 'arm' }];
    // A heap too small to even load the front end: the worker runs out of memory on its first header.
    const run = layoutHeaderFiles(jobs, { includeDirs: [] }, { workers: 2, resourceLimits: { maxOldGenerationSizeMb: 4 } });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/^linux\/(vfio\.h|kvm\.h): the layout worker stopped while laying out this header \((x86_64|arm)\): out of memory$/);
  }, 30_000);

  it('names the job a worker dies on in the middle of its batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abi-check-batch-'));
    try {
      // 14 MB of declarations: more than a worker with a 64 MB heap can preprocess and parse.
      const big = join(dir, 'big.h');
      writeFileSync(big, Array.from({ length: 400_000 }, (_, i) => `struct s${i} { int a; long b; };\n`).join(''));
      const small = ['types.h', 'if.h', 'stat.h', 'ioctl.h', 'fs.h', 'time.h', 'errno.h', 'limits.h', 'param.h', 'posix_types.h', 'stddef.h', 'const.h', 'socket.h', 'sockios.h', 'uio.h', 'wait.h', 'capability.h'];
      const jobs: LayoutJob[] = [...small.map((n) => `linux/${n}`), big].map((file) => ({ file, abi: 'x86_64' }));
      // 18 headers on 2 workers: batches of 2, the last one linux/capability.h then big.h
      expect(layoutBatches(jobs, 2).at(-1)).toEqual([16, 17]);
      const run = layoutHeaderFiles(jobs, { includeDirs: [] }, { workers: 2, resourceLimits: { maxOldGenerationSizeMb: 64 } });
      await expect(run).rejects.toThrow(`${big}: the layout worker stopped while laying out this header (x86_64): out of memory`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

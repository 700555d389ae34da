import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { sanitize, clip } from '../../src/tui/sanitize.ts';
import { hunkForLine, hunksOfFile } from '../../src/tui/hunk-for-line.ts';
import { layoutRows } from '../../src/tui/layout-table.ts';
import { wrap } from '../../src/tui/wrap.ts';
import { toSeriesSummary, matchesFilter } from '../../src/tui/series-summary.ts';
import { loadSeriesList } from '../../src/tui/load-series-list.ts';
import { detailLines } from '../../src/tui/detail-lines.ts';
import { layoutKeyFor } from '../../src/report/layout-key.ts';
import { samplePatches, sampleReport, sampleSeries } from './sample-analysis.ts';

describe('sanitize', () => {
  it('removes CSI, OSC and C0/C1 controls but keeps text', () => {
    expect(sanitize('a\u001b[2J\u001b]0;pwned\u0007b\u0008c\u009bd\te')).toBe('abcd    e');
  });
  it('never leaves an ESC or control character (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      // eslint-disable-next-line no-control-regex
      expect(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(sanitize(s))).toBe(false);
    }));
  });
  it('clips to a width with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });
});

describe('hunkForLine on the real patch 1/2', () => {
  const diff = samplePatches()[0].diff;
  it('finds every hunk of vfio.h with post-image line numbers', () => {
    const hunks = hunksOfFile(diff, 'include/uapi/linux/vfio.h');
    expect(hunks.map((h) => h.header.split(' @@')[0])).toEqual(['@@ -1490,16 +1490,36', '@@ -1507,7 +1527,7']);
  });
  it('returns the hunk that wrote a given line', () => {
    const h = hunkForLine(diff, 'include/uapi/linux/vfio.h', 1530);
    expect(h?.lines.find((l) => l.newLine === 1530)?.text).toContain('entries[]');
    expect(h?.lines.some((l) => l.kind === '-' && l.text.includes('__counted_by(nr_ranges)'))).toBe(true);
  });
  it('returns null for a file the patch does not touch', () => {
    expect(hunkForLine(diff, 'include/uapi/linux/nope.h', 1)).toBeNull();
  });
});

describe('layoutRows', () => {
  it('marks renamed members and size changes', () => {
    const r = sampleReport().layouts['struct vfio_device_feature_dma_buf'].x86_64;
    const rows = layoutRows(r.before, r.after);
    expect(rows.find((x) => x.member === 'dma_ranges')).toMatchObject({ before: '16:0', after: '—', changed: true });
    expect(rows.find((x) => x.member === 'entries')).toMatchObject({ before: '—', after: '16:0', changed: true });
    expect(rows.find((x) => x.member === 'flags')?.changed).toBe(false);
    expect(rows.at(-1)).toMatchObject({ member: 'sizeof', changed: false });
  });
});

describe('wrap', () => {
  it('keeps every line within the width (property)', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 8, max: 100 }), (s, w) => {
      for (const l of wrap(s, w)) expect(l.length).toBeLessThanOrEqual(w);
    }));
  });
});

describe('detailLines', () => {
  it('shows message, hunk and layout for the rename finding', () => {
    const report = sampleReport();
    const f = report.findings[0];
    expect(layoutKeyFor(report, f.symbol)).toBe('struct vfio_device_feature_dma_buf');
    const text = detailLines(report, sampleSeries(), f, 'x86_64', 78).map((l) => l.text).join('\n');
    expect(text).toContain('member dma_ranges renamed to entries');
    expect(text).toContain('Layout of struct vfio_device_feature_dma_buf on x86_64');
    expect(text).toContain('▶+\tstruct vfio_region_dma_range entries[];'.replace('\t', '    '));
    expect(text).toContain('tph flag set');
  });
});

describe('series list from Patchwork', () => {
  it('maps the recorded /api/1.3/series/ answer', async () => {
    const body = readFileSync(new URL('../../fixtures/patchwork/local-3.1.3/series-list.json', import.meta.url));
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const list = await loadSeriesList({ server: `http://127.0.0.1:${port}`, apiVersion: '1.3', project: 'linux-pci', page: 1 });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: 1, name: 'Retrieve TPH from dma-buf for PCIe P2P memory access', version: 1, submitter: 'Zhiping Zhang', received: 2, total: 2 });
      expect(seen[0]).toBe('/api/1.3/series/?project=linux-pci&order=-date&per_page=30&page=1');
    } finally {
      server.close();
    }
  });
  it('says clearly when the answer is an HTML page', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>oops</html>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(loadSeriesList({ server: `http://127.0.0.1:${port}`, apiVersion: '1.3', project: 'x', page: 1 })).rejects.toThrow(/did not answer JSON/);
    } finally {
      server.close();
    }
  });
  it('tolerates nulls from older API versions', () => {
    expect(toSeriesSummary({ id: 3, name: null, version: null, submitter: null, date: null, total: null })).toMatchObject({ name: '(no name)', version: 1, submitter: 'unknown', total: 0 });
    expect(matchesFilter({ id: 3, name: 'x', version: 1, submitter: 'Ann', date: '', received: 0, total: 0 }, 'ann')).toBe(true);
  });
});

describe('layoutRows on a partial (diff-context) record', () => {
  it('marks offsets after unknown lines as relative and sizes as lower bounds', () => {
    const partial = {
      kind: 'struct' as const, name: 's', size: 12, align: 4,
      partial: { reason: 'line 5 unknown', unknownLines: [{ start: 5, end: 5 }] },
      members: [{ name: 'a', offset: 0, size: 4, segment: 1 }, { name: 'b', offset: 4, size: 4, segment: 1 }],
    };
    const rows = layoutRows(partial, partial);
    expect(rows[0]).toMatchObject({ member: 'a', before: '?+0:4', changed: false });
    expect(rows.at(-1)).toMatchObject({ member: 'sizeof', before: '≥12 (align ≥4)' });
  });
});

describe('dropCiDetection', () => {
  it('removes exactly the variables ink reads to decide it runs in CI', async () => {
    const { dropCiDetection } = await import('../../src/tui/interactive-env.ts');
    const env: NodeJS.ProcessEnv = { CI: 'true', CI_JOB_ID: '7', CONTINUOUS_INTEGRATION: '1', HOME: '/root', CIRCLE: 'x' };
    expect(dropCiDetection(env).sort()).toEqual(['CI', 'CI_JOB_ID', 'CONTINUOUS_INTEGRATION']);
    expect(env).toEqual({ HOME: '/root', CIRCLE: 'x' });
  });
});

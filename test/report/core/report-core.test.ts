/**
 * The report core: summary → verdict → exit code, the JSON Schema (validated
 * with ajv against reports assembled from the real example), and the text renderer.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../../src/report/report.ts';
import { EXIT } from '../../../src/report/report.ts';
import { exitCodeFor, summarise } from '../../../src/report/summary.ts';
import { reportProblems } from '../../../src/report/schema/report-schema.ts';
import { renderJson } from '../../../src/report/render-json.ts';
import { renderText, wantsColor } from '../../../src/report/render-text.ts';
import { exampleReport } from './support.ts';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'uapi.member-renamed', level: 'error', kind: 'source', patch: 1, file: 'include/uapi/linux/vfio.h', line: 1530,
  symbol: 'struct vfio_device_feature_dma_buf.dma_ranges', abis: ['x86_64', 'i386'], message: 'renamed', ...over,
});

const layout = (name: string, members: { name: string; offset: number; size: number; type: string }[], size: number) =>
  ({ kind: 'struct' as const, name, size, align: 4, members });

describe('summary and exit code', () => {
  it.each([
    [[], 'compatible', EXIT.ok],
    [[finding({ level: 'note', rule: 'uapi.type-added', kind: 'binary' })], 'additive', EXIT.abiChanged],
    [[finding({ level: 'warning', rule: 'uapi.implicit-padding', kind: 'design' })], 'additive', EXIT.abiChanged],
    [[finding({ level: 'note', rule: 'uapi.type-added', kind: 'binary' }), finding({})], 'breaking', EXIT.incompatible],
  ] as [Finding[], string, number][])('%#: verdict %s, exit %i', async (fs, verdict, code) => {
    const s = summarise(fs);
    expect(s.verdict).toBe(verdict);
    expect(s.errors + s.warnings + s.notes).toBe(fs.length);
    const report = await exampleReport(fs);
    expect(exitCodeFor(report)).toBe(code);
  });

  it('a failed hunk without errors is a tool error (1): the post-image is incomplete', async () => {
    const report = await exampleReport([]);
    const broken: Report = structuredClone(report);
    broken.patches[0].applied[0].hunks[0].status = 'failed';
    expect(exitCodeFor(broken)).toBe(EXIT.toolError);
    broken.findings = [finding({})];
    broken.summary = summarise(broken.findings);
    expect(exitCodeFor(broken)).toBe(EXIT.incompatible);
  });
});

describe('report JSON Schema', () => {
  it('accepts a report assembled from the real example, with findings, layouts and scenarios', async () => {
    const l = layout('vfio_device_feature_dma_buf', [{ name: 'nr_ranges', offset: 12, size: 4, type: '__u32' }], 16);
    const report = await exampleReport(
      [finding({}), finding({ rule: 'kabi.ops-changed', level: 'note', kind: 'kabi', file: 'include/linux/dma-buf.h', line: null, before: { a: 1 } })],
      { 'struct vfio_device_feature_dma_buf': { x86_64: { before: l, after: l }, i386: { before: null, after: l } } },
      [{ name: 'legacy', input: { nr_ranges: 1 }, before: { ret: 3 }, after: { ret: 3 }, verdict: 'unchanged' }],
    );
    expect(reportProblems(JSON.parse(renderJson(report)))).toEqual([]);
  });

  it('rejects what breaks the contract', async () => {
    const good = JSON.parse(renderJson(await exampleReport([finding({})])));
    const bad = (mutate: (r: any) => void) => { const r = structuredClone(good); mutate(r); return reportProblems(r); };
    expect(bad((r) => delete r.summary)).toEqual(["/: must have required property 'summary'"]);
    expect(bad((r) => { r.findings[0].level = 'fatal'; })[0]).toMatch(/^\/findings\/0\/level: must be equal to one of the allowed values/);
    expect(bad((r) => { r.findings[0].abis = ['vax']; })[0]).toMatch(/^\/findings\/0\/abis\/0/);
    expect(bad((r) => { r.findings[0].rule = 'Member Renamed'; })[0]).toMatch(/^\/findings\/0\/rule: must match pattern/);
    expect(bad((r) => { r.patches[0].applied[0].hunks[0].status = 'applied'; })[0]).toMatch(/hunks\/0\/status/);
    expect(bad((r) => { r.schema = 'abi-check/report@2'; })[0]).toMatch(/^\/schema: must be equal to constant/);
    expect(bad((r) => { r.extra = 1; })[0]).toMatch(/must NOT have additional properties/);
  });
});

describe('text renderer', () => {
  it('prints patches with hunk statuses, findings with pahole layouts per ABI group, behaviour table and verdict', async () => {
    const before = layout('s', [{ name: 'a', offset: 0, size: 4, type: '__u32' }, { name: 'b', offset: 4, size: 4, type: '__u32' }], 8);
    const after64 = layout('s', [{ name: 'a', offset: 0, size: 4, type: '__u32' }, { name: 'x', offset: 8, size: 8, type: '__u64' }, { name: 'b', offset: 16, size: 4, type: '__u32' }], 24);
    const after32 = layout('s', [{ name: 'a', offset: 0, size: 4, type: '__u32' }, { name: 'x', offset: 4, size: 8, type: '__u64' }, { name: 'b', offset: 12, size: 4, type: '__u32' }], 16);
    const report = await exampleReport(
      [finding({ rule: 'uapi.member-offset-changed', kind: 'binary', symbol: 'struct s.b', message: 'b moves', suggestion: 'append instead' })],
      { 'struct s': { x86_64: { before, after: after64 }, aarch64: { before, after: after64 }, i386: { before, after: after32 } } },
      [{ name: 'legacy two ranges', input: {}, before: { ret: 3 }, after: { ret: -22 }, verdict: 'newly-rejected' }],
    );
    const text = renderText(report);
    expect(text).toContain('[1/2] [PATCH v1 1/2] vfio: add callback to get tph info for dma-buf');
    expect(text).toMatch(/include\/uapi\/linux\/vfio\.h\s+2 hunks: 2 exact/);
    expect(text).toContain('error   uapi.member-offset-changed  include/uapi/linux/vfio.h:1530');
    expect(text).toContain('suggestion: append instead');
    expect(text).toContain('struct s on x86_64, aarch64 (- before, + after):');
    expect(text).toContain('struct s on i386 (- before, + after):');
    expect(text).toMatch(/\+ +\/\* XXX 4 bytes hole \*\//);
    expect(text).toMatch(/\+ +__u64 +x; +\/\* +4 +8 \*\//);
    expect(text).toMatch(/- +__u32 +b; +\/\* +4 +4 \*\//);
    expect(text).toMatch(/scenario\s+\| before \| after\s+\| verdict/);
    expect(text).toMatch(/legacy two ranges \| ret=3\s+\| ret=-22 \| newly-rejected/);
    expect(text).toMatch(/Summary: BREAKING — 1 error, 0 warnings, 0 notes; exit code 12\n$/);
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderText(report, { color: true })).toMatch(/\u001b\[31merror/);
  });

  it('colour only on a TTY and never with NO_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });
});

describe('behaviour table', () => {
  it('a run the emulator could not do reads "not run"', async () => {
    const report = await exampleReport([], {}, [{ name: 'legacy', input: {}, before: { ran: false, reason: 'start unknown' }, after: { ret: 0 }, verdict: 'error' }]);
    expect(renderText(report)).toMatch(/legacy +\| not run \| ret=0 \| error/);
  });
});

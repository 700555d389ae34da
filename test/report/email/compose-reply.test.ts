import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { composeReplyMail, composeReplyMails, REPORT_ATTACHMENT_NAME } from '../../../src/report/email/compose-reply.ts';
import { exampleFindings, exampleReport, loadExampleSeries } from './example-series.ts';
import type { Series } from '../../../src/patchwork/series.ts';

const OPTS = {
  from: 'Jane Reviewer <jane@example.org>',
  attachJson: true,
  command: 'abi-check fixtures/mail/series-tph-v1.mbox --format email',
  date: new Date('2026-04-21T09:00:00Z'),
};

const COMMAND_LINE = `  ${OPTS.command}`;

/** Lines of the body that are prose or tables (not quoted diff, not the command). */
function proseLines(text: string): string[] {
  return text.split('\n').filter((l) => !l.startsWith('>') && l !== COMMAND_LINE);
}

describe('composeReplyMail', () => {
  it('threads under the patch that introduced the findings and replies to all', async () => {
    const series = await loadExampleSeries();
    const mail = await composeReplyMail(exampleReport(), series, OPTS);
    const patch1 = series.patches[0]!;
    expect(mail.target.patchIndex).toBe(1);
    expect(mail.subject).toBe(`Re: ${patch1.subject}`);
    expect(mail.inReplyTo).toBe(patch1.msgid);
    expect(mail.references).toEqual([...patch1.references, patch1.msgid]);

    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Re: [PATCH v1 1/2] vfio: add callback to get tph info for dma-buf');
    expect(parsed.inReplyTo).toBe(`<${patch1.msgid}>`);
    expect(parsed.references).toEqual(['<20260420183920.3626389-1-zhipingz@meta.com>', `<${patch1.msgid}>`]);
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
    expect(mail.messageId).toMatch(/@example\.org$/);
    const addrs = (a: typeof parsed.to) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address));
    expect(addrs(parsed.to)).toEqual(['zhipingz@meta.com']);
    const cc = addrs(parsed.cc);
    // the original To and Cc, the author only once (in To), ourselves never
    expect(cc).toEqual([...patch1.to, ...patch1.cc].map((p) => p.email).filter((e) => e !== 'zhipingz@meta.com'));
    expect(addrs(parsed.from)).toEqual(['jane@example.org']);
    expect(mail.envelope.to).toEqual(['zhipingz@meta.com', ...cc]);
  });

  it('bottom-posts: the quoted hunk lines come first and each finding is written under its hunk', async () => {
    const series = await loadExampleSeries();
    const mail = await composeReplyMail(exampleReport(), series, OPTS);
    const lines = mail.text.split('\n');
    expect(lines[0]).toBe('On Mon, 20 Apr 2026 18:39:15 +0000, Zhiping Zhang wrote:');
    const firstContent = lines.slice(1).find((l) => l.trim() !== '');
    expect(firstContent!.startsWith('> ')).toBe(true);

    // every quoted line is a line of the patch (diff header, hunk header or diff body)
    const diffLines = new Set(series.patches[0]!.diff.split('\n').map((l) => l.replace(/\s+$/, '')));
    for (const q of lines.filter((l) => l.startsWith('>') && l !== '> [...]')) {
      expect(diffLines.has(q.replace(/^> ?/, ''))).toBe(true);
    }
    // the renamed member: removed and added lines are quoted right above the finding
    const removed = lines.indexOf('> -\tstruct vfio_region_dma_range dma_ranges[] __counted_by(nr_ranges);');
    const added = lines.indexOf('> +\tstruct vfio_region_dma_range entries[];');
    const finding = lines.findIndex((l) => l.startsWith('Error [uapi.member-renamed]'));
    const dropped = lines.findIndex((l) => l.startsWith('Warning [uapi.counted-by-dropped]'));
    expect(removed).toBeGreaterThan(0);
    expect(added).toBe(removed + 1);
    expect(finding).toBeGreaterThan(added);
    expect(dropped).toBeGreaterThan(finding);
    // both findings share one quote of that hunk
    expect(lines.filter((l) => l.startsWith('> @@ -1507,7 +1527,7 @@')).length).toBe(1);
    // the kabi note sits under the dma-buf.h hunk
    const dmaBufHeader = lines.indexOf('> diff --git a/include/linux/dma-buf.h b/include/linux/dma-buf.h');
    const kabi = lines.findIndex((l) => l.startsWith('Note [kabi.ops-changed]'));
    expect(dmaBufHeader).toBeGreaterThan(0);
    expect(kabi).toBeGreaterThan(dmaBufHeader);
    expect(lines.slice(dmaBufHeader, kabi).some((l) => l.includes('int (*get_tph)'))).toBe(true);
  });

  it('writes prose and tables within 72 columns, the layout table, the footer and the signature', async () => {
    const series = await loadExampleSeries();
    const mail = await composeReplyMail(exampleReport(), series, OPTS);
    for (const l of proseLines(mail.text)) expect(l.length, l).toBeLessThanOrEqual(72);
    expect(mail.text).toContain('struct vfio_device_feature_dma_buf on all 14 ABIs checked:');
    expect(mail.text).toMatch(/^ {2}dma_ranges +16 +0 +- +-$/m);
    expect(mail.text).toMatch(/^ {2}entries +- +- +16 +0$/m);
    expect(mail.text).toContain('\n  alignof on i386: 4 before, 4 after\n  alignof on m68k: 2 before, 2 after\n');
    expect(mail.text).toContain(`\n${COMMAND_LINE}\n`);
    expect(mail.text).toContain('abi-check 0.1.0');
    expect(mail.text.endsWith('\n-- \nabi-check 0.1.0\n')).toBe(true);
    expect(mail.text).toContain('1 error, 1 warning, 2 notes in this patch; series verdict: breaking.');
    // the example report's base came from diff context: the reply says what that limits
    expect(mail.text).toMatch(/reconstructed from the\s+diff context/);
    const fromTree = await composeReplyMail({ ...exampleReport(), base: { source: 'tree', files: [] } }, series, OPTS);
    expect(fromTree.text).not.toMatch(/reconstructed from the\s+diff context/);
  });

  it('attaches the JSON report after the inline prose part, or leaves it out', async () => {
    const series = await loadExampleSeries();
    const report = exampleReport();
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const mail = await composeReplyMail(report, series, { ...OPTS, reportJson: json });
    expect(mail.raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.text!.replace(/\r\n/g, '\n')).toBe(mail.text);
    expect(parsed.attachments).toHaveLength(1);
    const att = parsed.attachments[0]!;
    expect(att.filename).toBe(REPORT_ATTACHMENT_NAME);
    expect(att.contentType).toBe('text/plain');
    expect(att.contentDisposition).toBe('attachment');
    expect(att.content.toString('utf8').replace(/\r\n/g, '\n')).toBe(json);
    expect(JSON.parse(att.content.toString('utf8'))).toEqual(report);
    // prose first
    expect(mail.raw.indexOf('Content-Type: text/plain; charset=us-ascii')).toBeLessThan(mail.raw.indexOf(REPORT_ATTACHMENT_NAME));

    const bare = await composeReplyMail(report, series, { ...OPTS, attachJson: false });
    expect(bare.raw).not.toMatch(/multipart/);
    expect(bare.text).not.toContain(REPORT_ATTACHMENT_NAME);
    const p2 = await simpleParser(bare.raw);
    expect(p2.attachments).toHaveLength(0);
  });

  it('composes the same bytes for the same report (stable Message-ID, resends deduplicate)', async () => {
    const series = await loadExampleSeries();
    const a = await composeReplyMail(exampleReport(), series, OPTS);
    const b = await composeReplyMail(exampleReport(), series, OPTS);
    expect(a.raw).toBe(b.raw);
    const other = await composeReplyMail(exampleReport(exampleFindings().slice(1)), series, OPTS);
    expect(other.messageId).not.toBe(a.messageId);
  });

  it('lets nothing from a hostile subject or name become a header', async () => {
    const series: Series = structuredClone(await loadExampleSeries());
    const p = series.patches[0]!;
    p.subject = '[PATCH 1/2] vfio: x\r\nBcc: victim@evil.example\r\nX-Injected: yes\n\nbody — café';
    p.author = { name: 'Mallory\r\nBcc: victim2@evil.example', email: 'mallory@evil.example' };
    p.cc.push({ name: 'Bad', email: 'bad@evil.example>\r\nBcc: victim3@evil.example' });
    p.references = ['ok@id', 'bad>\r\nX-Injected: 2'];
    const mail = await composeReplyMail(exampleReport(), series, OPTS);
    const headerBlock = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
    expect(headerBlock).toMatch(/^[\x20-\x7e\r\n\t]*$/); // 7-bit: non-ASCII is RFC 2047 encoded
    const parsed = await simpleParser(mail.raw);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(mail.envelope.to.some((a) => a.includes('victim'))).toBe(false);
    expect(parsed.subject).toBe('Re: [PATCH 1/2] vfio: x Bcc: victim@evil.example X-Injected: yes body — café');
    const to = Array.isArray(parsed.to) ? parsed.to[0]! : parsed.to!;
    expect(to.value).toEqual([{ address: 'mallory@evil.example', name: 'Mallory Bcc: victim2@evil.example' }]);
    expect(parsed.references).toEqual(['<ok@id>', `<${p.msgid}>`]);
  });

  it('answers the cover letter when findings span several patches, one mail per patch on request', async () => {
    const series = await loadExampleSeries();
    const findings = [
      ...exampleFindings(),
      {
        rule: 'kabi.member-inserted', level: 'note' as const, kind: 'kabi' as const, patch: 2,
        file: 'include/linux/mlx5/driver.h', line: null, symbol: 'struct mlx5_st', abis: [],
        message: 'Example finding in patch 2.',
      },
    ];
    const report = exampleReport(findings);
    const cover = await composeReplyMail(report, series, OPTS);
    expect(cover.target.patchIndex).toBe(0);
    expect(cover.inReplyTo).toBe(series.cover!.msgid);
    expect(cover.subject).toBe(`Re: ${series.cover!.subject}`);
    expect(cover.references).toEqual([series.cover!.msgid]);
    expect(cover.text).toContain('In [PATCH v1 1/2] vfio: add callback to get tph info for dma-buf:');
    expect(cover.text).toMatch(/In \[PATCH v1 2\/2\] RDMA\/mlx5: get tph for p2p access when registering\s+dma-buf mr:/);
    expect(cover.text).toContain('> diff --git a/include/linux/mlx5/driver.h b/include/linux/mlx5/driver.h');
    for (const l of proseLines(cover.text)) expect(l.length, l).toBeLessThanOrEqual(72);

    const each = await composeReplyMails(report, series, OPTS);
    expect(each.map((m) => m.inReplyTo)).toEqual(series.patches.map((p) => p.msgid));
    expect(each[1]!.text).toContain('Note [kabi.member-inserted]');
    expect(each[1]!.text).not.toContain('uapi.member-renamed');

    const chosen = await composeReplyMail(report, series, { ...OPTS, patchIndex: 2 });
    expect(chosen.inReplyTo).toBe(series.patches[1]!.msgid);
  });

  it('says so when there is nothing to report', async () => {
    const series = await loadExampleSeries();
    const mail = await composeReplyMail(exampleReport([]), series, OPTS);
    expect(mail.inReplyTo).toBe(series.cover!.msgid);
    expect(mail.text).toContain('abi-check found no uAPI/ABI change in this series.');
    expect(mail.text).toMatch(/series verdict:\s+compatible/);
  });

  it('refuses a From that is not one address', async () => {
    const series = await loadExampleSeries();
    await expect(composeReplyMail(exampleReport(), series, { ...OPTS, from: 'a@b.example, c@d.example' })).rejects.toThrow(/--from/);
  });
});

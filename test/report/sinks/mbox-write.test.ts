import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { toMboxEntry, writeMbox } from '../../../src/report/sinks/mbox-write.ts';
import { composeReplyMail } from '../../../src/report/email/compose-reply.ts';
import { exampleReport, loadExampleSeries } from '../email/example-series.ts';

describe('writeMbox', () => {
  it('writes an mbox that splits back into the same messages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'abi-check-mbox-'));
    try {
      const series = await loadExampleSeries();
      const opts = { from: 'Jane <jane@example.org>', attachJson: true, command: 'abi-check x', date: new Date('2026-04-21T09:00:00Z') };
      const a = await composeReplyMail(exampleReport(), series, opts);
      const b = await composeReplyMail(exampleReport(), series, { ...opts, patchIndex: 2 });
      const path = join(dir, 'sub', 'reply.mbox');
      await writeMbox(path, a.raw);
      await writeMbox(path, b.raw, { append: true });
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('\r');
      const parts = text.split(/^From abi-check .*\n/m).filter(Boolean);
      expect(parts).toHaveLength(2);
      const parsed = await Promise.all(parts.map((p) => simpleParser(p)));
      expect(parsed.map((m) => m.messageId)).toEqual([`<${a.messageId}>`, `<${b.messageId}>`]);
      expect(parsed[0]!.text!.trimEnd()).toBe(a.text.trimEnd());
      await writeMbox(path, a.raw);
      expect((await readFile(path, 'utf8')).match(/^From abi-check /gm)).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('quotes body lines that start with From (mboxrd)', () => {
    const entry = toMboxEntry('Subject: x\r\n\r\nFrom here on\r\n>From there\r\n');
    expect(entry).toBe('From abi-check Thu Jan  1 00:00:00 1970\nSubject: x\n\n>From here on\n>>From there\n\n');
  });
});

/** Series from files: the bundled example, mboxes, format-patch files, saved API pages, and bad files. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import { InputError } from '../../src/errors.ts';
import { FIXTURES } from './replay-server.ts';

const SUBJECTS = [
  '[PATCH v1 1/2] vfio: add callback to get tph info for dma-buf',
  '[PATCH v1 2/2] RDMA/mlx5: get tph for p2p access when registering dma-buf mr',
];
const MBOX = path.join(FIXTURES, 'mail', 'series-tph-v1.mbox');
const PAGE = path.join(FIXTURES, 'patchwork', 'ozlabs', 'patch-2225265.api.txt');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'abi-check-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(scratch, name);
  writeFileSync(p, content);
  return p;
}

async function failure(target: string): Promise<InputError> {
  const e = await acquireSeries(target, { offline: true, cacheDir: scratch }).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  expect((e as InputError).exitCode).toBe(1);
  expect((e as InputError).input).toBe(target);
  expect((e as InputError).message).not.toContain('\n');
  return e as InputError;
}

describe('the bundled example', () => {
  it('is the TPH series, says so, and needs no network', async () => {
    const series = await acquireSeries(undefined, { offline: true, fetchImpl: () => Promise.reject(new Error('network')) });
    expect(series.input).toEqual({ kind: 'example', target: 'fixtures/mail/series-tph-v1.mbox', server: null, apiVersion: null });
    expect(series.notes[0]).toBe('no target given: analysed the bundled example series fixtures/mail/series-tph-v1.mbox ("Retrieve TPH from dma-buf for PCIe P2P memory access")');
    expect(series.patches.map((p) => p.subject)).toEqual(SUBJECTS);
    expect(series.cover?.subject).toBe('[PATCH v1 0/2] Retrieve TPH from dma-buf for PCIe P2P memory access');
  });
});

describe('mbox and mail files', () => {
  it('the list mbox: quoted-printable bodies decoded, diffs end before the signature', async () => {
    const series = await acquireSeries(MBOX, {});
    expect(series.input.kind).toBe('mbox');
    expect(series.patches.map((p) => p.subject)).toEqual(SUBJECTS);
    expect(series.receivedAll).toBe(true);
    expect(series.total).toBe(2);
    const [p1, p2] = series.patches;
    expect(p1.msgid).toBe('20260420183920.3626389-2-zhipingz@meta.com');
    expect(p1.references).toEqual(['20260420183920.3626389-1-zhipingz@meta.com']);
    expect(p1.to).toEqual([
      { name: 'Stanislav Fomichev', email: 'sdf@meta.com' },
      { name: 'Keith Busch', email: 'kbusch@kernel.org' },
    ]);
    expect(p1.cc).toContainEqual({ name: 'Bjorn Helgaas', email: 'helgaas@kernel.org' });
    expect(p1.diff).not.toMatch(/=\n|=3D|=09/); // no quoted-printable residue
    expect(p1.diff).not.toContain('2.52.0');
    expect(p1.diff.endsWith(' /* -------- API for Type1 VFIO IOMMU -------- */\n')).toBe(true);
    expect(p2.diff.startsWith('diff --git ')).toBe(true);
    // the same bytes Patchwork extracted from the same mails
    const api = JSON.parse(readFileSync(path.join(FIXTURES, 'patchwork', 'local-3.1.3', 'patch-1.json'), 'utf8'));
    expect(p1.diff).toBe(api.diff);
    expect(p1.commitMessage).toBe(api.content.slice(0, api.content.indexOf('\n---\n')));
  });

  it("Patchwork's own series mbox (no cover letter, 7bit)", async () => {
    const series = await acquireSeries(path.join(FIXTURES, 'patchwork', 'local-3.1.3', 'series-1.mbox'), {});
    expect(series.patches.map((p) => p.subject)).toEqual(SUBJECTS);
    expect(series.cover).toBeNull();
    expect(series.patches.map((p) => p.id)).toEqual([1, 2]); // X-Patchwork-Id
  });

  it('one mail of the mbox as an .eml: a partial series, never silently complete', async () => {
    const mbox = readFileSync(MBOX, 'latin1');
    const parts = mbox.split(/\n(?=From MAILER-DAEMON )/);
    const eml = file('patch2.eml', Buffer.from(parts[2].replace(/^From [^\n]*\n/, ''), 'latin1'));
    const series = await acquireSeries(eml, {});
    expect(series.input.kind).toBe('patch');
    expect(series.patches.map((p) => [p.index, p.subject])).toEqual([[2, SUBJECTS[1]]]);
    expect(series.receivedAll).toBe(false);
    expect(series.notes).toContain('partial series: missing patch 1/2');
  });

  it('git format-patch output with a base-commit trailer, concatenated with another patch', async () => {
    const one = [
      'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
      'From: Ada Lovelace <ada@example.org>',
      'Date: Tue, 1 Apr 2025 10:00:00 +0200',
      'Subject: [PATCH 1/2] uapi: add foo',
      '',
      'Adds foo.',
      '',
      '---',
      ' include/uapi/linux/foo.h | 1 +',
      '',
      'diff --git a/include/uapi/linux/foo.h b/include/uapi/linux/foo.h',
      'index 1111111..2222222 100644',
      '--- a/include/uapi/linux/foo.h',
      '+++ b/include/uapi/linux/foo.h',
      '@@ -1,2 +1,2 @@',
      ' struct foo {',
      '+\t__u32 bar;',
      '-- ',
      '',
      'base-commit: 89abcdef0123456789abcdef0123456789abcdef',
      '-- ',
      '2.43.0',
      '',
    ].join('\n');
    const two = one
      .replace('[PATCH 1/2] uapi: add foo', '[PATCH 2/2] uapi: more foo')
      .replace('\nbase-commit: 89abcdef0123456789abcdef0123456789abcdef\n', '\n');
    const p = file('series.patch', `${two}\n${one}`);
    const series = await acquireSeries(p, {});
    expect(series.patches.map((x) => x.subject)).toEqual(['[PATCH 1/2] uapi: add foo', '[PATCH 2/2] uapi: more foo']);
    expect(series.baseCommit).toBe('89abcdef0123456789abcdef0123456789abcdef');
    expect(series.patches[1].baseCommit).toBe('89abcdef0123456789abcdef0123456789abcdef');
    // "-- " inside the hunk is a removed line "- ", not the signature
    expect(series.patches[0].diff.split('\n').slice(-3)).toEqual(['+\t__u32 bar;', '-- ', '']);
    expect(series.patches[0].date).toBe('2025-04-01T08:00:00.000Z');
    expect(series.patches[0].msgid).toBe('');
  });

  it('a mail whose client wrapped a diff line: kept, and said', async () => {
    const p = file(
      'wrapped.eml',
      'From: A <a@b.c>\nSubject: [PATCH] fix\nMessage-ID: <w@b.c>\n\nfix\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-int y = call(a,\nb);\n+int y;\n-- \n2.45.0\n',
    );
    const series = await acquireSeries(p, {});
    expect(series.patches[0].diff).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-int y = call(a,\nb);\n+int y;\n');
    expect(series.notes).toContain('patch 1: 1 diff line without a +/-/space prefix (wrapped or damaged by mail); kept as they are');
  });

  it('a bare diff', async () => {
    const p = file('change.diff', 'diff --git a/x.h b/x.h\n--- a/x.h\n+++ b/x.h\n@@ -1 +1 @@\n-a\n+b\n');
    const series = await acquireSeries(p, {});
    expect(series.patches).toHaveLength(1);
    expect(series.patches[0].subject).toBe('change.diff');
    expect(series.patches[0].diff).toBe('diff --git a/x.h b/x.h\n--- a/x.h\n+++ b/x.h\n@@ -1 +1 @@\n-a\n+b\n');
    expect(series.notes.join('\n')).toContain('bare diff');
  });
});

describe('saved Patchwork API answers', () => {
  it('the saved ozlabs page: page text before the JSON, one patch of series 500663', async () => {
    const series = await acquireSeries(PAGE, { offline: true });
    expect(series.input.kind).toBe('api-page');
    expect(series.input.server).toBe('http://patchwork.ozlabs.org');
    expect(series.id).toBe(500663);
    expect(series.project).toBe('linux-pci');
    expect(series.patches).toHaveLength(1);
    expect(series.patches[0]).toMatchObject({ index: 1, id: 2225265, subject: SUBJECTS[0], date: '2026-04-20T18:39:15.000Z' });
    expect(series.receivedAll).toBe(false);
    expect(series.notes[0]).toContain('the file holds one patch (1/2) of series 500663');
  });

  it('plain saved JSON of a patch detail', async () => {
    const p = file('patch-2.json', readFileSync(path.join(FIXTURES, 'patchwork', 'local-3.1.3', 'patch-2.json')));
    const series = await acquireSeries(p, {});
    expect(series.patches.map((x) => x.subject)).toEqual([SUBJECTS[1]]);
    expect(series.input.server).toBe('http://127.0.0.1:8767');
  });

  it('a saved series answer is fetched from its server (offline: the bundled recordings)', async () => {
    const p = file('series-1.json', readFileSync(path.join(FIXTURES, 'patchwork', 'local-3.1.3', 'series-1.json')));
    const series = await acquireSeries(p, { offline: true, cacheDir: mkdtempSync(path.join(scratch, 'c-')) });
    expect(series.input.kind).toBe('api-page');
    expect(series.patches.map((x) => x.subject)).toEqual(SUBJECTS);
  });
});

describe('offline with the bundled recordings of the local Patchwork 3.1.3', () => {
  it('serves series 1 of http://127.0.0.1:8767 without network', async () => {
    const series = await acquireSeries('1', {
      server: 'http://127.0.0.1:8767',
      offline: true,
      cacheDir: mkdtempSync(path.join(scratch, 'c-')),
      fetchImpl: () => Promise.reject(new Error('network')),
    });
    expect(series.patches.map((x) => x.subject)).toEqual(SUBJECTS);
    expect(series.notes.at(-1)).toBe('offline: 4 answer(s) taken from the cache or the bundled recordings');
  });

  it('and message-id lookups of patch 2/2', async () => {
    const series = await acquireSeries('20260420183920.3626389-3-zhipingz@meta.com', {
      server: 'http://127.0.0.1:8767',
      offline: true,
      cacheDir: mkdtempSync(path.join(scratch, 'c-')),
    });
    expect(series.input.requested?.index).toBe(2);
    expect(series.patches).toHaveLength(2);
  });
});

describe('bad input files: one line naming the file, exit code 1', () => {
  it('empty file', async () => {
    expect((await failure(file('empty.mbox', ''))).problem).toBe('file is empty');
    expect((await failure(file('blank.patch', '\n \n'))).problem).toBe('file is empty');
  });
  it('garbage text', async () => {
    expect((await failure(file('notes.txt', 'just some words\nand more words\n'))).problem).toBe(
      'not a mail, mbox, patch, diff or Patchwork API answer (no mail headers, no diff, no JSON found)',
    );
  });
  it('a saved HTML page', async () => {
    expect((await failure(file('page.html', '<!DOCTYPE html>\n<html><body><pre>{&quot;id&quot;: 1}</pre></body></html>\n'))).problem).toBe(
      'an HTML page, not the API answer: save it with ?format=json, or copy the page text',
    );
  });
  it('binary data', async () => {
    expect((await failure(file('blob.patch', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0])))).problem).toBe(
      'binary data, not a mail, mbox, patch or Patchwork API answer',
    );
  });
  it('a mail without any patch', async () => {
    expect((await failure(file('hello.eml', 'From: a@b.c\nSubject: hello\n\nno patch here\n'))).problem).toBe(
      'contains no patch (no unified diff found in any mail)',
    );
  });
  it('a truncated saved API page', async () => {
    const text = readFileSync(PAGE, 'utf8');
    expect((await failure(file('cut.api.txt', text.slice(0, 3000)))).problem).toBe(
      'truncated JSON: the JSON starting at line 9 ends before it is closed',
    );
  });
  it('JSON that is no Patchwork answer', async () => {
    expect((await failure(file('other.json', '{"hello": "world"}'))).problem).toBe(
      'the JSON is a Patchwork answer without any diff (a patch list entry?) and names no series to fetch',
    );
  });
  it('a missing file and a directory', async () => {
    expect((await failure(path.join(scratch, 'nope.mbox'))).problem).toBe('no such file');
    const dir = path.join(scratch, 'dir.mbox');
    mkdirSync(dir);
    expect((await failure(dir)).problem).toBe('is a directory, not a file');
  });
  it('a target that is nothing known', async () => {
    expect((await failure('hello')).problem).toBe('not a series id, Patchwork URL, message-id or existing file');
    expect((await failure('https://example.org/some/page')).problem).toBe(
      'not a Patchwork URL of a series, patch or cover (nor a lore.kernel.org message URL)',
    );
  });
});

describe('offline with the saved ozlabs page as a recording', () => {
  it('answers --patch 2225265 on patchwork.ozlabs.org alone, naming the series it could not find', async () => {
    const series = await acquireSeries(undefined, {
      server: 'http://patchwork.ozlabs.org',
      patchId: 2225265,
      offline: true,
      cacheDir: mkdtempSync(path.join(scratch, 'c-')),
      fetchImpl: () => Promise.reject(new Error('network')),
    });
    expect(series.input).toMatchObject({ kind: 'patchwork-patch', target: '--patch 2225265', requested: { kind: 'patch', id: 2225265, index: 1 } });
    expect(series.patches.map((p) => p.subject)).toEqual([SUBJECTS[0]]);
    expect(series.id).toBe(500663);
    expect(series.receivedAll).toBe(false);
    expect(series.notes[0]).toBe(
      'offline: http://patchwork.ozlabs.org/api/1.3/series/500663/ is neither in the cache nor in the bundled recordings; analysing patch 2225265 alone, not its whole series 500663',
    );
    expect(series.notes).toContain('partial series: 1 of 2 patches available (missing 2/2)');
  });
});

/** The pure pieces: subjects, patch bodies, mbox splitting, JSON in page text, targets, links, dates, recordings. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSubject } from '../../src/patchwork/subject.ts';
import { splitPatchBody } from '../../src/patchwork/patch-body.ts';
import { splitMbox } from '../../src/patchwork/mbox.ts';
import { extractJson } from '../../src/patchwork/json-text.ts';
import { classifyTarget, parseTargetUrl } from '../../src/patchwork/target.ts';
import { parseLinkHeader } from '../../src/patchwork/link-header.ts';
import { toUtcIso } from '../../src/patchwork/dates.ts';
import { recordingKey, RecordedStore } from '../../src/patchwork/recorded.ts';
import { headerBlockFromApi, metaFromApiHeaders, msgidList } from '../../src/patchwork/mail.ts';
import { fileShape } from '../../src/patchwork/local-input.ts';
import { LOCAL_RECORDINGS } from './replay-server.ts';

describe('parseSubject', () => {
  it('reads version, numbering, tags and replies', () => {
    expect(parseSubject('[PATCH v1 1/2] vfio: add callback')).toMatchObject({ isReply: false, version: 1, number: 1, total: 2, title: 'vfio: add callback' });
    expect(parseSubject('[RFC PATCH net-next v3 0/4] big thing')).toMatchObject({ version: 3, number: 0, total: 4, tags: ['RFC', 'PATCH', 'net-next', 'v3', '0/4'] });
    expect(parseSubject('Re: [PATCH 2/3] x')).toMatchObject({ isReply: true, number: 2 });
    expect(parseSubject('[v1,2/2] RDMA/mlx5: get tph')).toMatchObject({ number: 2, total: 2, title: 'RDMA/mlx5: get tph' });
    expect(parseSubject('[PATCH] single\n fix')).toMatchObject({ number: null, total: null, version: 1, title: 'single fix' });
  });
});

describe('splitPatchBody', () => {
  it('commit message above ---, diff up to the end of its last hunk', () => {
    const body = 'Msg line\n\nSigned-off-by: A <a@b>\n---\n a | 2 +-\n\ndiff --git a/a b/a\nindex 1..2 100644\n--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n ctx\n-old\n+new\n-- \n2.40.0\n';
    expect(splitPatchBody(body)).toEqual({
      commitMessage: 'Msg line\n\nSigned-off-by: A <a@b>',
      diff: 'diff --git a/a b/a\nindex 1..2 100644\n--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n ctx\n-old\n+new\n',
      baseCommit: null,
      damagedLines: 0,
    });
  });

  it('keeps "--- " and "\\ No newline" lines inside hunks, several files, binary patches', () => {
    const diff = [
      'diff --git a/a b/a',
      '--- a/a',
      '+++ b/a',
      '@@ -1 +1,2 @@',
      '--- not a header',
      '+--- added',
      '+x',
      '\\ No newline at end of file',
      'diff --git a/bin b/bin',
      'index 0000000..1111111',
      'GIT binary patch',
      'literal 3',
      'KcmZQz00960000',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git a/r b/s',
      'similarity index 100%',
      'rename from r',
      'rename to s',
      '',
    ].join('\n');
    expect(splitPatchBody(`m\n---\n${diff}-- \n2.1\n`).diff).toBe(diff);
  });

  it('finds base-commit in the trailer after the diff, never inside a hunk', () => {
    const inHunk = 'm\n---\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+base-commit: 0123456789abcdef\n';
    expect(splitPatchBody(inHunk).baseCommit).toBeNull();
    expect(splitPatchBody(`${inHunk}\nbase-commit: fedcba9876543210\n-- \n2.1\n`).baseCommit).toBe('fedcba9876543210');
  });

  it('a hunk never swallows more lines than its header announces (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(' c', '+a', '-r'), { minLength: 1, maxLength: 30 }), fc.string({ maxLength: 20 }), (lines, tail) => {
        const oldCount = lines.filter((l) => l[0] !== '+').length;
        const newCount = lines.filter((l) => l[0] !== '-').length;
        const diff = `diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,${oldCount} +1,${newCount} @@\n${lines.join('\n')}\n`;
        const safeTail = tail.replace(/^[-+ @\\]/gm, 'x');
        expect(splitPatchBody(`msg\n---\n${diff}-- \n${safeTail}\n`).diff).toBe(diff);
      }),
    );
  });

  it('a body without a diff has only a commit message', () => {
    expect(splitPatchBody('Just text\n\n')).toEqual({ commitMessage: 'Just text', diff: '', baseCommit: null, damagedLines: 0 });
  });
});

describe('splitMbox', () => {
  it('splits on postmark lines only, undoes >From quoting', () => {
    const text = [
      'From git@z Thu Jan  1 00:00:00 1970',
      'Subject: one',
      '',
      'From the start of this line, nothing splits',
      '>From quoted',
      '',
      'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
      'Subject: two',
      '',
      'body',
    ].join('\n');
    const parts = splitMbox(Buffer.from(text)).map((b) => b.toString());
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe('Subject: one\n\nFrom the start of this line, nothing splits\nFrom quoted\n');
    expect(parts[1]).toBe('Subject: two\n\nbody');
  });
  it('text without postmarks is one message; empty text none', () => {
    expect(splitMbox(Buffer.from('Subject: x\n\ny'))).toHaveLength(1);
    expect(splitMbox(Buffer.from('  \n'))).toHaveLength(0);
  });
  it('keeps 8-bit bytes as they were', () => {
    const bytes = Buffer.concat([Buffer.from('From a Mon Jan  1 00:00:00 2024\nSubject: x\n\n'), Buffer.from([0xe9, 0xff, 0x0a])]);
    expect([...splitMbox(bytes)[0].subarray(-3)]).toEqual([0xe9, 0xff, 0x0a]);
  });
});

describe('extractJson', () => {
  it('skips page text before the JSON and text after it', () => {
    const r = extractJson('Patch Detail\nGET /api/patches/1/?format=api\n{ "a": "}{[", "b": [1, {"c": "\\"}"}] }\nfooter text');
    expect(r).toMatchObject({ ok: true, value: { a: '}{[', b: [1, { c: '"}' }] } });
  });
  it('reports truncation and invalid JSON', () => {
    expect(extractJson('x\n{"a": [1, 2')).toMatchObject({ ok: false, problem: 'truncated' });
    expect(extractJson('{"a": tru}')).toMatchObject({ ok: false, problem: 'invalid' });
    expect(extractJson('no json here')).toMatchObject({ ok: false, problem: 'no-json' });
  });
});

describe('targets', () => {
  const none = () => false;
  it('ids, message-ids, files', () => {
    expect(classifyTarget(undefined, none)).toEqual({ kind: 'example' });
    expect(classifyTarget('500663', none)).toEqual({ kind: 'series', id: 500663 });
    expect(classifyTarget('<a.b@c.d>', none)).toEqual({ kind: 'msgid', msgid: 'a.b@c.d' });
    expect(classifyTarget('id:a.b@c.d', none)).toEqual({ kind: 'msgid', msgid: 'a.b@c.d' });
    expect(classifyTarget('a.b@c.d', (p) => p === 'a.b@c.d')).toEqual({ kind: 'file', path: 'a.b@c.d' });
    expect(classifyTarget('x/series.mbox', none)).toEqual({ kind: 'file', path: 'x/series.mbox' });
  });
  it('Patchwork URLs of every shape', () => {
    const o = 'https://patchwork.kernel.org';
    expect(parseTargetUrl(`${o}/api/1.2/series/9/`)).toEqual({ kind: 'series', id: 9, server: o, apiVersion: '1.2' });
    expect(parseTargetUrl(`${o}/api/series/9/?format=api`)).toEqual({ kind: 'series', id: 9, server: o, apiVersion: null });
    expect(parseTargetUrl(`${o}/project/linux-pci/list/?series=9&state=*`)).toEqual({ kind: 'series', id: 9, server: o, apiVersion: null });
    expect(parseTargetUrl(`${o}/series/9/mbox/`)).toEqual({ kind: 'series', id: 9, server: o, apiVersion: null });
    expect(parseTargetUrl(`${o}/api/1.3/patches/12/`)).toMatchObject({ kind: 'patch', id: 12 });
    expect(parseTargetUrl(`${o}/api/1.3/patches/12/checks/`)).toMatchObject({ kind: 'patch', id: 12 });
    expect(parseTargetUrl(`${o}/patch/12/`)).toMatchObject({ kind: 'patch', id: 12, server: o });
    expect(parseTargetUrl(`${o}/project/netdevbpf/patch/20260420.1-2-a@b.c/`)).toEqual({ kind: 'msgid', msgid: '20260420.1-2-a@b.c', only: 'patch', server: o, apiVersion: null });
    expect(parseTargetUrl(`${o}/project/netdevbpf/patch/20260420.1-2-a%40b.c/mbox/`)).toMatchObject({ kind: 'msgid', msgid: '20260420.1-2-a@b.c' });
    expect(parseTargetUrl(`${o}/project/x/cover/c@d.e/`)).toMatchObject({ kind: 'msgid', only: 'cover' });
    expect(parseTargetUrl(`${o}/api/covers/3/`)).toMatchObject({ kind: 'cover', id: 3 });
    expect(parseTargetUrl('https://host.example/patchwork/api/1.1/series/4/')).toMatchObject({ server: 'https://host.example/patchwork', apiVersion: '1.1' });
    expect(parseTargetUrl('https://lore.kernel.org/all/20260420183920.3626389-1-zhipingz@meta.com/')).toEqual({ kind: 'msgid', msgid: '20260420183920.3626389-1-zhipingz@meta.com' });
    expect(parseTargetUrl('https://example.org/')).toBeNull();
  });
});

describe('small parsers', () => {
  it('Link headers', () => {
    expect(parseLinkHeader('<http://h/a?page=2>; rel="next", <http://h/a?page=1>; rel="first"')).toEqual({ next: 'http://h/a?page=2', first: 'http://h/a?page=1' });
    expect(parseLinkHeader(null)).toEqual({});
  });
  it('dates: zoneless is UTC, zones are converted', () => {
    expect(toUtcIso('2026-04-20T18:39:15')).toBe('2026-04-20T18:39:15.000Z');
    expect(toUtcIso('2026-11-25T14:00:16.279532')).toBe('2026-11-25T14:00:16.280Z');
    expect(toUtcIso('Mon, 20 Apr 2026 11:39:15 -0700')).toBe('2026-04-20T18:39:15.000Z');
    expect(toUtcIso('')).toBeNull();
    expect(toUtcIso(null)).toBeNull();
    expect(toUtcIso('garbage')).toBeNull();
  });
  it('message-id lists', () => {
    expect(msgidList('<a@b> <c@d>')).toEqual(['a@b', 'c@d']);
    expect(msgidList(['<a@b>', '<c@d>'])).toEqual(['a@b', 'c@d']);
    expect(msgidList('a@b')).toEqual(['a@b']);
    expect(msgidList(undefined)).toEqual([]);
  });
  it("Patchwork's headers object is parsed like a mail: folded, encoded, repeated", async () => {
    const meta = await metaFromApiHeaders({
      Subject: '[PATCH v1 2/2] RDMA/mlx5: get tph for p2p access when registering\n dma-buf mr',
      From: '=?utf-8?q?J=C3=B6rg_R=C3=B6del?= <joro@example.org>',
      CC: 'A <a@x>,\n        Bjorn\n Helgaas <helgaas@kernel.org>',
      'Message-ID': '<m@x>',
      Received: ['one', 'two'],
      Date: 'Mon, 20 Apr 2026 11:39:16 -0700',
    });
    expect(meta).toMatchObject({
      subject: '[PATCH v1 2/2] RDMA/mlx5: get tph for p2p access when registering dma-buf mr',
      author: { name: 'Jörg Rödel', email: 'joro@example.org' },
      cc: [{ name: 'A', email: 'a@x' }, { name: 'Bjorn Helgaas', email: 'helgaas@kernel.org' }],
      msgid: 'm@x',
      date: '2026-04-20T18:39:16.000Z',
    });
    expect(headerBlockFromApi(null)).toBe('');
    expect(await metaFromApiHeaders({})).toBeNull();
  });
  it('file shapes', () => {
    expect(fileShape('')).toBe('empty');
    expect(fileShape('From: a@b\nSubject: x\n\nbody')).toBe('mail');
    expect(fileShape('Patch Detail\nGET /api/patches/1/\n{"id": 1, "url": "x"}')).toBe('json');
    expect(fileShape('[{"id": 1}]')).toBe('json');
    expect(fileShape('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n')).toBe('diff');
    expect(fileShape('hello')).toBe('unknown');
  });
});

describe('recordings', () => {
  it('keys ignore paging noise and parameter order', () => {
    expect(recordingKey('http://h/api/1.3/patches/?series=1&page=1&per_page=100')).toBe('http://h/api/1.3/patches/?series=1');
    expect(recordingKey('http://h/api/1.3/patches/?page=2&project=p')).toBe(recordingKey('http://h/api/1.3/patches/?project=p&page=2'));
    expect(recordingKey('http://h/api/1.3/series/1')).toBe('http://h/api/1.3/series/1/');
  });
  it('the local-3.1.3 recordings answer the URLs they were recorded for', () => {
    const store = RecordedStore.fromDir(LOCAL_RECORDINGS);
    const o = 'http://127.0.0.1:8767';
    for (const [url, file] of [
      [`${o}/api/1.3/series/1/`, 'series-1.json'],
      [`${o}/api/1.3/patches/2/`, 'patch-2.json'],
      [`${o}/api/1.3/covers/1/`, 'cover-1.json'],
      [`${o}/api/1.3/patches/?msgid=20260420183920.3626389-3-zhipingz%40meta.com&per_page=100`, 'patches-by-msgid.json'],
      [`${o}/api/1.3/patches/?series=1`, 'patches-series-1.json'],
      [`${o}/series/1/mbox/`, 'series-1.mbox'],
    ]) {
      expect(store.lookup(url)?.file.endsWith(file), url).toBe(true);
    }
    expect(store.lookup(`${o}/api/1.3/patches/2/`)?.status).toBe(200);
  });
});

describe("Patchwork's diff field", () => {
  it('is kept verbatim even when a hunk is damaged beyond counting', async () => {
    const { mailFromApi } = await import('../../src/patchwork/api-model.ts');
    const { buildPatch } = await import('../../src/patchwork/assemble.ts');
    const damaged = 'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n ctx\nthis line lost its prefix\n-old\n+new\n';
    const mail = await mailFromApi({ id: 3, url: 'http://h/api/patches/3/', name: '[1/1] x', content: 'msg\n---\n f | 2 +-', diff: damaged, headers: { Subject: '[PATCH 1/1] x' } }, []);
    expect(buildPatch(mail, 1, null).diff).toBe(damaged);
  });
});

describe('damaged diffs in mails', () => {
  it('keeps wrapped lines and the hunks after them, and counts the damage', () => {
    const diff = [
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1,2 +1,2 @@',
      ' int x;',
      '-int y = some_long_call(a,',
      'b);', // wrapped by a mail client
      '+int y;',
      '@@ -10,1 +10,1 @@',
      '-a',
      '+b',
      'diff --git a/g b/g',
      '--- a/g',
      '+++ b/g',
      '@@ -1,3 +1,3 @@', // announces more than it has
      '-c',
      '+d',
      '',
    ].join('\n');
    const body = splitPatchBody(`msg\n---\n${diff}-- \n2.45.0\n\n`);
    expect(body.diff).toBe(diff);
    expect(body.damagedLines).toBe(1);
  });
});

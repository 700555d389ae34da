import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { composeReplyMail, REPORT_ATTACHMENT_NAME } from '../../../src/report/email/compose-reply.ts';
import { deliverReply, resolveSmtpConfig, SendFailedError, type SmtpConfig } from '../../../src/report/sinks/smtp-send.ts';
import { UsageError } from '../../../src/errors.ts';
import { renderJson } from '../../../src/report/render-json.ts';
import { exampleReport, loadExampleSeries } from '../email/example-series.ts';

interface Received {
  from: string;
  to: string[];
  data: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'abi-check-spool-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function startSmtp(opts: { refuseRcpt?: boolean } = {}): Promise<{ config: SmtpConfig; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.refuseRcpt) cb(Object.assign(new Error('Relay access denied'), { responseCode: 554 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('latin1'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { config: resolveSmtpConfig({ smtpUrl: `smtp://127.0.0.1:${port}` }), received };
}

/** A server that greets like SMTP and then drops the connection at the first command. */
async function startDropper(): Promise<SmtpConfig> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.write('220 dropper ESMTP\r\n');
    sock.once('data', () => sock.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return resolveSmtpConfig({ smtpUrl: `smtp://127.0.0.1:${port}` });
}

const OPTS = {
  from: 'Jane Reviewer <jane@example.org>',
  attachJson: true,
  command: 'abi-check fixtures/mail/series-tph-v1.mbox --reply',
  date: new Date('2026-04-21T09:00:00Z'),
};

describe('deliverReply over SMTP', () => {
  it('delivers the reply to a real SMTP server, threaded, to everyone, with the JSON report attached', async () => {
    const { config, received } = await startSmtp();
    const series = await loadExampleSeries();
    const report = exampleReport();
    const mail = await composeReplyMail(report, series, OPTS);
    const outcome = await deliverReply(mail, config, { reply: true, spoolDir: await tempDir() });
    expect(outcome.sent).toBe(true);
    expect(outcome.message).toContain(mail.messageId);
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.from).toBe('jane@example.org');
    const patch = series.patches[0]!;
    const everyone = [patch.author.email, ...[...patch.to, ...patch.cc].map((p) => p.email).filter((e) => e !== patch.author.email)];
    expect(got.to).toEqual(everyone);

    const parsed = await simpleParser(got.data);
    expect(parsed.subject).toBe(`Re: ${patch.subject}`);
    expect(parsed.inReplyTo).toBe(`<${patch.msgid}>`);
    expect(parsed.references).toEqual([...patch.references, patch.msgid].map((m) => `<${m}>`));
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
    const text = parsed.text!.replace(/\r\n/g, '\n');
    for (const line of text.split('\n')) {
      if (!line.startsWith('>') && line !== `  ${OPTS.command}`) expect(line.length, line).toBeLessThanOrEqual(72);
    }
    expect(text).toContain('> +\tstruct vfio_region_dma_range entries[];\n');
    expect(text.indexOf('> +\tstruct vfio_region_dma_range entries[];')).toBeLessThan(text.indexOf('Error [uapi.member-renamed]'));
    expect(text).toContain('\n-- \n');
    const att = parsed.attachments.find((a) => a.filename === REPORT_ATTACHMENT_NAME)!;
    expect(att.contentType).toBe('text/plain');
    // what --format json prints for the same report (text/* line breaks travel as CRLF)
    // The same value `--format json` prints, sent compact (lists cap message sizes).
    expect(JSON.parse(att.content.toString('utf8'))).toEqual(JSON.parse(renderJson(report)));
    expect(att.content.length).toBeLessThan(renderJson(report).length);
    expect(JSON.parse(att.content.toString('utf8'))).toEqual(report);
  });

  it('keeps the mail in the spool and says where when the server refuses the recipients', async () => {
    const { config, received } = await startSmtp({ refuseRcpt: true });
    const spool = await tempDir();
    const mail = await composeReplyMail(exampleReport(), await loadExampleSeries(), OPTS);
    const err = await deliverReply(mail, config, { reply: true, spoolDir: spool }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendFailedError);
    const failed = err as SendFailedError;
    expect(failed.message).toContain('Relay access denied');
    expect(failed.spoolPath).not.toBeNull();
    expect(failed.message).toContain(failed.spoolPath!);
    expect(received).toHaveLength(0);
    const files = await readdir(spool);
    expect(files).toHaveLength(1);
    const kept = await readFile(join(spool, files[0]!), 'utf8');
    expect(kept.startsWith('From abi-check ')).toBe(true);
    const parsed = await simpleParser(kept.slice(kept.indexOf('\n') + 1));
    expect(parsed.messageId).toBe(`<${mail.messageId}>`);
  });

  it('keeps the mail in the spool when the server drops the connection', async () => {
    const config = await startDropper();
    const spool = await tempDir();
    const mail = await composeReplyMail(exampleReport(), await loadExampleSeries(), OPTS);
    const err = await deliverReply(mail, config, { reply: true, spoolDir: spool, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendFailedError);
    expect((await readdir(spool)).length).toBe(1);
    expect((err as SendFailedError).message).toContain(spool);
  });

  it('sends nothing without reply, nor in CI without yes', async () => {
    const { config, received } = await startSmtp();
    const mail = await composeReplyMail(exampleReport(), await loadExampleSeries(), OPTS);
    const spool = await tempDir();
    expect((await deliverReply(mail, config, { reply: false, spoolDir: spool })).sent).toBe(false);
    await expect(deliverReply(mail, config, { reply: true, ci: true, spoolDir: spool })).rejects.toBeInstanceOf(UsageError);
    expect(received).toHaveLength(0);
    expect((await deliverReply(mail, config, { reply: true, ci: true, yes: true, spoolDir: spool })).sent).toBe(true);
    expect(received).toHaveLength(1);
  });
});

describe('resolveSmtpConfig', () => {
  it('reads --smtp URLs', () => {
    expect(resolveSmtpConfig({ smtpUrl: 'smtps://me%40x.org:p%3Ass@mail.example.org' })).toEqual({
      kind: 'smtp', host: 'mail.example.org', port: 465, secure: true, requireTLS: false,
      auth: { user: 'me@x.org', pass: 'p:ss' }, source: '--smtp',
    });
    expect(resolveSmtpConfig({ smtpUrl: 'smtp://mail.example.org:587?starttls=required' })).toMatchObject({ port: 587, secure: false, requireTLS: true });
    expect(() => resolveSmtpConfig({ smtpUrl: 'http://x' })).toThrow(/unsupported scheme/);
    expect(() => resolveSmtpConfig({ smtpUrl: 'smtp://u@x' })).toThrow(/no password/);
  });

  it("reads git send-email's sendemail.* settings", () => {
    const git = (values: Record<string, string>) => (key: string) => values[key];
    expect(resolveSmtpConfig({ gitConfig: git({
      'sendemail.smtpServer': 'smtp.kernel.org', 'sendemail.smtpEncryption': 'tls',
      'sendemail.smtpServerPort': 'submission', 'sendemail.smtpUser': 'jane', 'sendemail.smtpPass': 'secret',
    }) })).toEqual({
      kind: 'smtp', host: 'smtp.kernel.org', port: 587, secure: false, requireTLS: true,
      auth: { user: 'jane', pass: 'secret' }, source: 'git config sendemail.*',
    });
    expect(resolveSmtpConfig({ gitConfig: git({ 'sendemail.smtpServer': 'mx', 'sendemail.smtpEncryption': 'ssl' }) }))
      .toMatchObject({ port: 465, secure: true });
    expect(resolveSmtpConfig({ gitConfig: git({ 'sendemail.smtpServer': '/usr/sbin/sendmail' }) }))
      .toEqual({ kind: 'sendmail', path: '/usr/sbin/sendmail', source: 'git config sendemail.*' });
    expect(() => resolveSmtpConfig({ gitConfig: git({ 'sendemail.smtpServer': 'mx', 'sendemail.smtpUser': 'jane' }) })).toThrow(/smtpPass/);
    expect(() => resolveSmtpConfig({ gitConfig: git({}) })).toThrow(UsageError);
    // --smtp wins over git config
    expect(resolveSmtpConfig({ smtpUrl: 'smtp://a', gitConfig: git({ 'sendemail.smtpServer': 'b' }) })).toMatchObject({ host: 'a' });
  });
});

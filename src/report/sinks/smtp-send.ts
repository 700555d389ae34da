/**
 * Sends the reply mail over SMTP with nodemailer. The server comes from
 * `--smtp URL` or from git send-email's own configuration
 * (sendemail.smtpServer, smtpServerPort, smtpUser, smtpPass, smtpEncryption),
 * read with `git config --get` only here at the edge.
 *
 * Nothing is sent unless the caller says reply: true, and in CI (CI set in
 * the environment) only with yes: true as well. A send that fails keeps the
 * mail in the spool directory and the error says where.
 */
import { readGitConfig } from '../../git-config.ts';
import nodemailer from 'nodemailer';
import { InputError, UsageError } from '../../errors.ts';
import { defaultSpoolDir, spoolMail } from './spool.ts';

export type SmtpConfig =
  | {
      kind: 'smtp';
      host: string;
      port: number;
      /** Implicit TLS from the first byte (smtps, git's smtpEncryption=ssl). */
      secure: boolean;
      /** STARTTLS is mandatory (git's smtpEncryption=tls). */
      requireTLS: boolean;
      auth?: { user: string; pass: string };
      /** Where the settings came from, for messages. */
      source: string;
    }
  | { kind: 'sendmail'; path: string; source: string };

export type GitConfigReader = (key: string) => string | undefined;


const NAMED_PORTS: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, ssmtp: 465 };

function parsePort(value: string, input: string): number {
  const named = NAMED_PORTS[value.toLowerCase()];
  if (named) return named;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InputError(input, `not a port number: ${JSON.stringify(value)}`);
  return n;
}

function fromUrl(smtpUrl: string): SmtpConfig {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new InputError('--smtp', `not a URL: ${JSON.stringify(smtpUrl)} (expected smtp://[user:pass@]host[:port] or smtps://…)`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new InputError('--smtp', `unsupported scheme ${scheme}: (use smtp:// with STARTTLS when offered, or smtps:// for implicit TLS)`);
  }
  if (!url.hostname) throw new InputError('--smtp', 'has no host');
  const secure = scheme === 'smtps';
  const requireTLS = url.searchParams.get('starttls') === 'required';
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (user && !pass) throw new InputError('--smtp', `user ${user} has no password in the URL`);
  return {
    kind: 'smtp',
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? parsePort(url.port, '--smtp') : secure ? 465 : 25,
    secure,
    requireTLS,
    ...(user ? { auth: { user, pass } } : {}),
    source: '--smtp',
  };
}

function fromGitConfig(get: GitConfigReader): SmtpConfig | null {
  const server = get('sendemail.smtpServer') ?? get('sendemail.smtpserver');
  if (!server) return null;
  const source = 'git config sendemail.*';
  if (server.startsWith('/')) return { kind: 'sendmail', path: server, source };
  const encryption = (get('sendemail.smtpEncryption') ?? 'none').toLowerCase();
  if (!['ssl', 'tls', 'none', ''].includes(encryption)) {
    throw new InputError('sendemail.smtpEncryption', `must be ssl, tls or none, not ${JSON.stringify(encryption)}`);
  }
  const secure = encryption === 'ssl';
  const portValue = get('sendemail.smtpServerPort');
  const user = get('sendemail.smtpUser');
  const pass = get('sendemail.smtpPass');
  if (user && !pass) {
    throw new InputError('sendemail.smtpPass', `is not set for sendemail.smtpUser ${user} (abi-check cannot ask git's credential helper; set it or pass --smtp smtp://user:pass@host)`);
  }
  return {
    kind: 'smtp',
    host: server,
    port: portValue ? parsePort(portValue, 'sendemail.smtpServerPort') : secure ? 465 : 25,
    secure,
    requireTLS: encryption === 'tls',
    ...(user && pass ? { auth: { user, pass } } : {}),
    source,
  };
}

/** The SMTP settings: `--smtp URL` first, else git send-email's config. */
export function resolveSmtpConfig(opts: { smtpUrl?: string; gitConfig?: GitConfigReader }): SmtpConfig {
  if (opts.smtpUrl) return fromUrl(opts.smtpUrl);
  const fromGit = fromGitConfig(opts.gitConfig ?? readGitConfig);
  if (fromGit) return fromGit;
  throw new UsageError('no SMTP server: pass --smtp smtp://host:port or set git config sendemail.smtpServer (as for git send-email)');
}

export interface Envelope {
  from: string;
  to: string[];
}

function describe(smtp: SmtpConfig): string {
  return smtp.kind === 'sendmail' ? smtp.path : `${smtp.host}:${smtp.port}`;
}

/** Sends one raw RFC 5322 message; resolves with the server's response line. */
export async function sendMail(raw: string, envelope: Envelope, smtp: SmtpConfig, opts: { timeoutMs?: number } = {}): Promise<string> {
  const timeout = opts.timeoutMs ?? 30_000;
  const transport =
    smtp.kind === 'sendmail'
      ? nodemailer.createTransport({ sendmail: true, path: smtp.path })
      : nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: smtp.requireTLS,
          auth: smtp.auth,
          connectionTimeout: timeout,
          greetingTimeout: timeout,
          socketTimeout: 2 * timeout,
        });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return String((info as { response?: unknown }).response ?? 'sent');
  } finally {
    transport.close();
  }
}

export interface DeliverOptions {
  /** The user asked to send (--reply). */
  reply: boolean;
  /** The user confirmed sending from CI (--yes). */
  yes?: boolean;
  /** Running in CI (CI set in the environment). */
  ci?: boolean;
  spoolDir?: string;
  timeoutMs?: number;
}

export interface DeliverOutcome {
  sent: boolean;
  message: string;
  response?: string;
}

/** Error of a failed send; the mail is in `spoolPath`. */
export class SendFailedError extends InputError {
  readonly spoolPath: string | null;
  constructor(problem: string, spoolPath: string | null) {
    super('smtp', problem);
    this.name = 'SendFailedError';
    this.spoolPath = spoolPath;
  }
}

/**
 * Sends the reply if, and only if, the user asked for it (and confirmed it in
 * CI). A failed send spools the mail and throws SendFailedError saying where.
 */
export async function deliverReply(
  mail: { raw: string; envelope: Envelope; messageId: string },
  smtp: SmtpConfig,
  opts: DeliverOptions,
): Promise<DeliverOutcome> {
  if (!opts.reply) return { sent: false, message: 'reply not sent (--reply not given)' };
  if (opts.ci && !opts.yes) {
    throw new UsageError('not sending mail from CI (CI is set) without --yes');
  }
  if (mail.envelope.to.length === 0) throw new InputError('reply', 'has no recipients');
  try {
    const response = await sendMail(mail.raw, mail.envelope, smtp, { timeoutMs: opts.timeoutMs });
    return {
      sent: true,
      response,
      message: `reply <${mail.messageId}> sent to ${mail.envelope.to.length} recipient(s) via ${describe(smtp)}`,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const dir = opts.spoolDir ?? defaultSpoolDir();
    let path: string | null = null;
    try {
      path = await spoolMail(dir, mail.raw, mail.messageId);
    } catch (spoolErr) {
      const swhy = spoolErr instanceof Error ? spoolErr.message : String(spoolErr);
      throw new SendFailedError(`sending via ${describe(smtp)} failed (${why}), and keeping the mail in ${dir} failed too (${swhy})`, null);
    }
    throw new SendFailedError(
      `sending via ${describe(smtp)} failed (${why}); the mail is kept in ${path} (send it later with: git send-email ${path})`,
      path,
    );
  }
}

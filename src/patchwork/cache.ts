/**
 * HTTP response cache on disk, one JSON file per URL under <dir>/http/.
 *
 * - Entries keep the validators (ETag, Last-Modified) so a later request can
 *   be revalidated with If-None-Match / If-Modified-Since (a 304 costs no body).
 * - Writes are atomic: a temporary file in the same directory, then rename().
 * - Every entry carries a SHA-256 of its body; an entry that does not parse or
 *   whose body does not match is corrupt: it is deleted and reported as absent,
 *   so the caller fetches it again.
 * The token is never part of a key or an entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface CachedResponse {
  url: string;
  status: number;
  /** Lower-case header names: content-type, etag, last-modified, link. */
  headers: Record<string, string>;
  body: string;
  /** ISO time of the last store or revalidation. */
  storedAt: string;
}

interface EntryFile extends CachedResponse {
  format: 'abi-check/http-cache@1';
  sha256: string;
}

export type CacheRead = { state: 'hit'; entry: CachedResponse } | { state: 'miss' } | { state: 'corrupt'; reason: string };

const KEPT_HEADERS = ['content-type', 'etag', 'last-modified', 'link'];

/** $XDG_CACHE_HOME/abi-check, else ~/.cache/abi-check. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'abi-check');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function pickCachedHeaders(headers: { get(name: string): string | null }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

export class HttpCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.join(dir, 'http');
  }

  /** The file holding the entry for a URL. */
  fileFor(url: string): string {
    return path.join(this.dir, `${sha256(url).slice(0, 40)}.json`);
  }

  async read(url: string): Promise<CacheRead> {
    const file = this.fileFor(url);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { state: 'miss' };
    }
    const reason = validate(text, url);
    if (typeof reason === 'string') {
      await rm(file, { force: true });
      return { state: 'corrupt', reason };
    }
    const { format: _f, sha256: _s, ...entry } = reason;
    return { state: 'hit', entry };
  }

  async remove(url: string): Promise<void> {
    await rm(this.fileFor(url), { force: true });
  }

  async write(entry: Omit<CachedResponse, 'storedAt'>): Promise<void> {
    const file: EntryFile = {
      format: 'abi-check/http-cache@1',
      ...entry,
      storedAt: new Date().toISOString(),
      sha256: sha256(entry.body),
    };
    await mkdir(this.dir, { recursive: true });
    const target = this.fileFor(entry.url);
    const tmp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(file), 'utf8');
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
}

/** The parsed entry, or why it is unusable. */
function validate(text: string, url: string): EntryFile | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (parsed === null || typeof parsed !== 'object') return 'not an object';
  const e = parsed as Partial<EntryFile>;
  if (e.format !== 'abi-check/http-cache@1') return 'unknown format';
  if (e.url !== url) return 'entry is for another URL';
  if (typeof e.body !== 'string' || typeof e.status !== 'number' || typeof e.headers !== 'object' || e.headers === null) return 'fields missing';
  if (e.sha256 !== sha256(e.body)) return 'body checksum mismatch';
  return e as EntryFile;
}

/**
 * What the user pointed abi-check at. Pure: file existence is asked through
 * the `exists` callback.
 *
 *   (nothing)                                   → the bundled example
 *   123                                         → series 123 on the configured server
 *   https://…/api/1.3/series/123/               → series (server taken from the URL)
 *   https://…/project/linux-pci/list/?series=123
 *   https://…/series/123/mbox/
 *   https://…/api/patches/456/   https://…/patch/456/      → patch by id
 *   https://…/project/x/patch/<msgid>/          → patch by message-id
 *   https://…/api/covers/7/  https://…/project/x/cover/<msgid>/  → cover
 *   https://lore.kernel.org/r/<msgid>           → message-id on the configured server
 *   <msgid@host> or msgid@host                  → message-id
 *   path/to/file.{mbox,eml,patch,diff,json,txt} → local file
 */
import { InputError } from '../errors.ts';

/** Where a URL target lives: its Patchwork base URL, and the API version when the URL names one. */
export interface UrlOrigin {
  server: string;
  apiVersion: string | null;
}

export type Target =
  | { kind: 'example' }
  | ({ kind: 'series'; id: number } & Partial<UrlOrigin>)
  | ({ kind: 'patch'; id: number } & Partial<UrlOrigin>)
  | ({ kind: 'cover'; id: number } & Partial<UrlOrigin>)
  | ({ kind: 'msgid'; msgid: string; only?: 'patch' | 'cover' } & Partial<UrlOrigin>)
  | { kind: 'file'; path: string };

const MSGID = /^<?([^<>\s@]+@[^<>\s@]+)>?$/;
const FILE_EXTENSIONS = /\.(?:mbox|mbx|eml|patch|diff|json|txt|mail|msg)$/i;

function withOrigin(url: URL, prefix: string, apiVersion: string | undefined): UrlOrigin {
  return { server: `${url.origin}${prefix}`, apiVersion: apiVersion ?? null };
}

/** A Patchwork (or lore) URL as a target; null when the URL is neither. */
export function parseTargetUrl(text: string): Target | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const path = url.pathname.replace(/\/{2,}/g, '/');
  let m: RegExpExecArray | null;

  if ((m = /^(.*?)\/api(?:\/(\d+\.\d+))?\/(series|patches|covers)\/(\d+)(?:\/.*)?$/.exec(path))) {
    const kind = m[3] === 'series' ? 'series' : m[3] === 'patches' ? 'patch' : 'cover';
    return { kind, id: Number(m[4]), ...withOrigin(url, m[1], m[2]) };
  }
  if ((m = /^(.*?)\/project\/[^/]+\/list\/?$/.exec(path))) {
    const series = url.searchParams.get('series');
    if (series && /^\d+/.test(series)) return { kind: 'series', id: Number(/^\d+/.exec(series)![0]), ...withOrigin(url, m[1], undefined) };
    return null;
  }
  if ((m = /^(.*?)\/series\/(\d+)(?:\/mbox)?\/?$/.exec(path))) {
    return { kind: 'series', id: Number(m[2]), ...withOrigin(url, m[1], undefined) };
  }
  if ((m = /^(.*?)(?:\/project\/[^/]+)?\/(patch|cover)\/([^/]+)(?:\/.*)?$/.exec(path))) {
    const kind = m[2] as 'patch' | 'cover';
    const key = decodeURIComponent(m[3]);
    if (/^\d+$/.test(key)) return { kind, id: Number(key), ...withOrigin(url, m[1], undefined) };
    const id = MSGID.exec(key);
    if (id) return { kind: 'msgid', msgid: id[1], only: kind, ...withOrigin(url, m[1], undefined) };
    return null;
  }
  if (/(?:^|\.)(?:lore|lkml)\.kernel\.org$/.test(url.hostname)) {
    const segment = path.split('/').map((s) => decodeURIComponent(s)).find((s) => MSGID.test(s));
    const id = segment ? MSGID.exec(segment) : null;
    if (id) return { kind: 'msgid', msgid: id[1] };
  }
  return null;
}

export function classifyTarget(target: string | undefined, exists: (path: string) => boolean): Target {
  if (target === undefined) return { kind: 'example' };
  const text = target.trim();
  if (text === '') throw new InputError('target', 'empty target (give a series id, URL, message-id or file)');
  if (/^\d+$/.test(text)) return { kind: 'series', id: Number(text) };
  if (/^https?:\/\//i.test(text)) {
    const parsed = parseTargetUrl(text);
    if (parsed) return parsed;
    throw new InputError(target, 'not a Patchwork URL of a series, patch or cover (nor a lore.kernel.org message URL)');
  }
  if (exists(text)) return { kind: 'file', path: text };
  const bare = text.replace(/^(?:id|mid):/i, '');
  const msgid = MSGID.exec(bare);
  if (msgid && !bare.includes('/')) return { kind: 'msgid', msgid: msgid[1] };
  if (text.includes('/') || FILE_EXTENSIONS.test(text)) return { kind: 'file', path: text };
  throw new InputError(target, 'not a series id, Patchwork URL, message-id or existing file');
}

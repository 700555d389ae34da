/**
 * Recorded Patchwork responses on disk, looked up by request URL.
 *
 * A recording is a body file plus `<body file>.headers` holding the status line
 * and the response headers, as in fixtures/patchwork/local-3.1.3/. The URL a
 * recording answers is read from the recording itself:
 *   - a JSON object answers its own `url` field (a detail endpoint);
 *   - a JSON array answers its `Link: rel="first"` URL (a list endpoint);
 *   - `X.mbox` answers the `mbox` URL of the object recorded in `X.json`.
 * Saved browsable-API pages (`*.api.txt`, page text then JSON) answer their
 * object's `url` too. Used as the offline store of bundled responses and by
 * the tests' replay server.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { extractJson } from './json-text.ts';
import { parseLinkHeader } from './link-header.ts';

export interface Recording {
  /** File the body came from. */
  file: string;
  /** URL the recording answers (as recorded, i.e. with the recorded host). */
  url: string;
  status: number;
  /** Header name/value pairs in recorded order (names as recorded). */
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Query parameters that do not change which recording answers a request. */
const IGNORED_PARAMS = new Set(['per_page', 'format']);

/** Canonical form used to match a request against recordings: origin, path, sorted query without paging noise. */
export function recordingKey(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams.entries()]
    .filter(([k, v]) => !IGNORED_PARAMS.has(k) && !(k === 'page' && v === '1'))
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const pathname = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  return `${u.protocol}//${u.host}${pathname}${query ? `?${query}` : ''}`;
}

function parseHeadersFile(text: string): { status: number; headers: Array<[string, string]> } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const statusLine = /^HTTP\/[\d.]+ (\d{3})/.exec(lines[0] ?? '');
  if (!statusLine) throw new Error('no HTTP status line');
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return { status: Number(statusLine[1]), headers };
}

function headerValue(headers: Array<[string, string]>, name: string): string | null {
  const found = headers.find(([k]) => k.toLowerCase() === name);
  return found ? found[1] : null;
}

function answeredUrl(body: Buffer, headers: Array<[string, string]>): string | null {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (Array.isArray(value)) {
    const link = headerValue(headers, 'link');
    return link ? (parseLinkHeader(link).first ?? null) : null;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string') {
    return (value as { url: string }).url;
  }
  return null;
}

export class RecordedStore {
  private readonly byKey = new Map<string, Recording>();

  /** Load every recording in `dir`; files that are not recordings are skipped. */
  static fromDir(dir: string): RecordedStore {
    const store = new RecordedStore();
    if (!existsSync(dir)) return store;
    const names = readdirSync(dir).sort();
    const deferredMbox: string[] = [];
    for (const name of names) {
      const file = path.join(dir, name);
      if (name.endsWith('.api.txt')) {
        const found = extractJson(readFileSync(file, 'utf8'));
        if (found.ok && found.value !== null && typeof found.value === 'object' && !Array.isArray(found.value)) {
          const url = (found.value as { url?: unknown }).url;
          if (typeof url === 'string') {
            store.add({ file, url, status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify(found.value)) });
          }
        }
        continue;
      }
      if (name.endsWith('.headers') || !names.includes(`${name}.headers`)) continue;
      const { status, headers } = parseHeadersFile(readFileSync(`${file}.headers`, 'utf8'));
      const body = readFileSync(file);
      if (name.endsWith('.mbox')) {
        deferredMbox.push(name);
        continue;
      }
      const url = answeredUrl(body, headers);
      if (url) store.add({ file, url, status, headers, body });
    }
    for (const name of deferredMbox) {
      const twin = path.join(dir, name.replace(/\.mbox$/, '.json'));
      if (!existsSync(twin)) continue;
      let mboxUrl: unknown;
      try {
        mboxUrl = (JSON.parse(readFileSync(twin, 'utf8')) as { mbox?: unknown }).mbox;
      } catch {
        continue;
      }
      if (typeof mboxUrl !== 'string') continue;
      const file = path.join(dir, name);
      const { status, headers } = parseHeadersFile(readFileSync(`${file}.headers`, 'utf8'));
      store.add({ file, url: mboxUrl, status, headers, body: readFileSync(file) });
    }
    return store;
  }

  add(recording: Recording): void {
    this.byKey.set(recordingKey(recording.url), recording);
  }

  /**
   * The recording answering `url`. A request for the newest API version
   * (/api/1.3/…) is also answered by a recording of the unversioned /api/…
   * URL, which Patchwork serves as the newest version.
   */
  lookup(url: string): Recording | null {
    const exact = this.byKey.get(recordingKey(url));
    if (exact) return exact;
    const newest = /^([^?]*?\/api)\/1\.3(\/.*)$/.exec(url);
    return newest ? (this.byKey.get(recordingKey(`${newest[1]}${newest[2]}`)) ?? null) : null;
  }

  /** Every recorded URL (for messages and tests). */
  urls(): string[] {
    return [...this.byKey.values()].map((r) => r.url);
  }
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) that replays recorded Patchwork
 * responses (fixtures/patchwork/local-3.1.3): status line, headers and bodies
 * as recorded, with the recorded origin (127.0.0.1:8767) rewritten to the
 * server's own in bodies and Link headers. Like Patchwork, an unrecorded list
 * query answers 200 [] and an unrecorded detail URL 404.
 * Tests add faults in front of the replay and derived recordings beside it.
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordedStore, type Recording } from '../../src/patchwork/recorded.ts';

export const RECORDED_ORIGIN = 'http://127.0.0.1:8767';
export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const LOCAL_RECORDINGS = path.join(FIXTURES, 'patchwork', 'local-3.1.3');

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A fault answers matching requests (`times` of them, default 1) instead of the replay. */
export interface Fault {
  match: (url: string, method: string) => boolean;
  times?: number;
  respond: (req: http.IncomingMessage, res: http.ServerResponse, server: ReplayServer) => void;
}

export class ReplayServer {
  readonly store: RecordedStore;
  readonly requests: SeenRequest[] = [];
  readonly faults: Fault[] = [];
  /** Answer with an ETag and honour If-None-Match (Patchwork itself sends none). */
  etags = false;
  private server: http.Server | null = null;
  origin = '';

  constructor(dir = LOCAL_RECORDINGS) {
    this.store = RecordedStore.fromDir(dir);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.origin = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Add a derived recording answering `url` (given with the recorded origin). */
  addJson(url: string, value: unknown, status = 200, extraHeaders: Array<[string, string]> = []): void {
    const recording: Recording = {
      file: '(derived)',
      url,
      status,
      headers: [['Content-Type', 'application/json'], ...extraHeaders],
      body: Buffer.from(JSON.stringify(value)),
    };
    this.store.add(recording);
  }

  /** Requests whose URL contains `fragment`. */
  seen(fragment: string): SeenRequest[] {
    return this.requests.filter((r) => r.url.includes(fragment));
  }

  rewrite(text: string): string {
    return text.split(RECORDED_ORIGIN).join(this.origin);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const url = req.url ?? '/';
    this.requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body });
    const fault = this.faults.find((f) => f.match(url, req.method ?? 'GET') && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      fault.respond(req, res, this);
      return;
    }
    const recording = this.store.lookup(`${RECORDED_ORIGIN}${url}`);
    if (!recording) {
      const isList = /\/api\/(?:[\d.]+\/)?[a-z]+\/(?:\?|$)/.test(url);
      res.writeHead(isList ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(isList ? '[]' : '{"detail":"Not found."}');
      return;
    }
    const payload = Buffer.from(this.rewrite(recording.body.toString('utf8')));
    const headers: Record<string, string> = {};
    for (const [name, value] of recording.headers) {
      if (/^(?:content-length|date|server)$/i.test(name)) continue;
      headers[name] = this.rewrite(value);
    }
    headers['Content-Length'] = String(payload.length);
    if (this.etags) {
      const etag = `"${createHash('sha1').update(payload).digest('hex').slice(0, 16)}"`;
      headers.ETag = etag;
      if (req.headers['if-none-match'] === etag) {
        delete headers['Content-Length'];
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    res.writeHead(recording.status, headers);
    res.end(payload);
  }
}

export async function startReplay(dir?: string): Promise<ReplayServer> {
  return new ReplayServer(dir).start();
}

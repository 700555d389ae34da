/**
 * A Patchwork event feed in front of the replay server (test/patchwork/replay-server.ts):
 * GET /api/<v>/events/ answers from a list of series-completed events derived
 * from the recorded one (fixtures/patchwork/local-3.1.3/events-series-completed.json),
 * filtered and paged the way Patchwork 3.1 does it — `category`, `project`
 * (id or link name; an unknown one is HTTP 400), `since` (inclusive), newest
 * first, a fixed page size whatever `per_page` says, and `Link` headers with
 * first/prev/next/last. Everything else is the plain replay (series, patches,
 * covers, checks).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_RECORDINGS, ReplayServer, RECORDED_ORIGIN } from '../../patchwork/replay-server.ts';

export const RECORDED_EVENT = (JSON.parse(readFileSync(path.join(LOCAL_RECORDINGS, 'events-series-completed.json'), 'utf8')) as Array<Record<string, unknown>>)[0];

export interface FeedSeries {
  /** Series id. */
  series: number;
  /** Event date as Patchwork writes it (zoneless UTC). */
  date: string;
  /** Event id; default 100 + series. */
  event?: number;
  name?: string | null;
  version?: number;
}

/** A series-completed event like the recorded one, for another series (recorded origin in URLs). */
export function deriveEvent(s: FeedSeries): Record<string, unknown> {
  const event = structuredClone(RECORDED_EVENT) as Record<string, any>;
  event.id = s.event ?? 100 + s.series;
  event.date = s.date;
  const series = event.payload.series;
  series.id = s.series;
  series.url = `${RECORDED_ORIGIN}/api/1.3/series/${s.series}/`;
  series.web_url = `${RECORDED_ORIGIN}/project/linux-pci/list/?series=${s.series}`;
  series.mbox = `${RECORDED_ORIGIN}/series/${s.series}/mbox/`;
  if (s.name !== undefined) series.name = s.name;
  else series.name = `series number ${s.series}`;
  if (s.version !== undefined) series.version = s.version;
  return event;
}

/** Microseconds since the epoch of a zoneless UTC date (the server's own reading of `since`). */
function micros(date: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,6}))?$/.exec(date);
  if (!m) return NaN;
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

export class EventFeed {
  /** Events as served (recorded origin in URLs; rewritten on the way out). */
  readonly events: Array<Record<string, unknown>> = [];
  pageSize = 2;
  /** Requests to the events endpoint, as query objects. */
  readonly queries: Array<Record<string, string>> = [];

  constructor(readonly server: ReplayServer) {
    server.faults.push({
      match: (url, method) => method === 'GET' && /^\/api\/[\d.]+\/events\/(?:\?|$)/.test(url),
      times: Infinity,
      respond: (req, res) => {
        const url = new URL(req.url ?? '/', server.origin);
        this.queries.push(Object.fromEntries(url.searchParams));
        const project = url.searchParams.get('project');
        if (project !== null && project !== 'linux-pci' && project !== '1') {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ project: [`Select a valid choice. ${project} is not one of the available choices.`] }));
          return;
        }
        const since = url.searchParams.get('since');
        const category = url.searchParams.get('category');
        const selected = this.events
          .filter((e) => category === null || e.category === category)
          .filter((e) => since === null || micros(e.date as string) >= micros(since))
          .sort((a, b) => micros(b.date as string) - micros(a.date as string));
        const pages = Math.max(1, Math.ceil(selected.length / this.pageSize));
        const page = Number(url.searchParams.get('page') ?? '1');
        const body = server.rewrite(JSON.stringify(selected.slice((page - 1) * this.pageSize, page * this.pageSize)));
        const linkTo = (n: number) => {
          const u = new URL(url);
          u.searchParams.set('page', String(n));
          return `<${u}>`;
        };
        const links = [`${linkTo(1)}; rel="first"`];
        if (page > 1) links.push(`${linkTo(page - 1)}; rel="prev"`);
        if (page < pages) links.push(`${linkTo(page + 1)}; rel="next"`);
        links.push(`${linkTo(pages)}; rel="last"`);
        res.writeHead(200, { 'Content-Type': 'application/json', Link: links.join(', '), 'Content-Length': String(Buffer.byteLength(body)) });
        res.end(body);
      },
    });
  }

  add(...series: FeedSeries[]): void {
    for (const s of series) this.events.push(deriveEvent(s));
  }

  /** The recorded event itself, as recorded. */
  addRecorded(): void {
    this.events.push(structuredClone(RECORDED_EVENT));
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compareEvents,
  eventDateKey,
  fetchSeriesCompletedEvents,
  keyToPatchworkDate,
  parseSeriesCompletedEvent,
  parseSeriesCompletedEvents,
  seriesCompletedEventsUrl,
  type SeriesCompletedEvent,
} from '../../../src/patchwork/events.ts';
import { PatchworkHttp } from '../../../src/patchwork/http.ts';
import { InputError } from '../../../src/errors.ts';
import { LOCAL_RECORDINGS, startReplay, type ReplayServer } from '../../patchwork/replay-server.ts';
import { EventFeed, RECORDED_EVENT, deriveEvent } from './events-feed.ts';

const recordedPage: unknown = JSON.parse(readFileSync(path.join(LOCAL_RECORDINGS, 'events-series-completed.json'), 'utf8'));

describe('series-completed events: mapping the JSON', () => {
  it('reads the recorded Patchwork 3.1.3 page', () => {
    const { events, skipped } = parseSeriesCompletedEvents(recordedPage, 'recorded');
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      {
        eventId: 7,
        date: '2026-11-25T14:00:16.279532',
        dateKey: '2026-11-25T14:00:16.279532',
        project: 'linux-pci',
        series: {
          id: 1,
          name: 'Retrieve TPH from dma-buf for PCIe P2P memory access',
          version: 1,
          url: 'http://127.0.0.1:8767/api/1.3/series/1/',
          webUrl: 'http://127.0.0.1:8767/project/linux-pci/list/?series=1',
          mbox: 'http://127.0.0.1:8767/series/1/mbox/',
          date: '2026-04-20T18:39:14',
        },
      },
    ]);
  });

  it('reads the recorded answer as replayed over HTTP, status line and Link header included', async () => {
    const plain = await startReplay();
    try {
      const url = `${plain.origin}/api/1.3/events/?category=series-completed`;
      const { events } = parseSeriesCompletedEvents(await new PatchworkHttp({ retries: 0 }).getList(url), url);
      expect(events.map((e) => [e.eventId, e.series.id, e.series.url])).toEqual([[7, 1, `${plain.origin}/api/1.3/series/1/`]]);
      expect(plain.requests).toHaveLength(1); // rel="last" and rel="first" only: one page
    } finally {
      await plain.close();
    }
  });

  it('tolerates what older API versions and unnamed series lack', () => {
    const old = structuredClone(RECORDED_EVENT) as Record<string, any>;
    delete old.actor; // API < 1.2
    old.project = { id: 1, url: 'x', name: 'Linux PCI development' }; // no link_name
    old.payload.series = { id: 9, url: null, date: null, name: null }; // no web_url, mbox, version
    const parsed = parseSeriesCompletedEvent(old) as SeriesCompletedEvent;
    expect(parsed.series).toEqual({ id: 9, name: null, version: null, url: null, webUrl: null, mbox: null, date: null });
    expect(parsed.project).toBe('1');
    const bare = { id: 3, category: 'series-completed', date: '2026-01-02T03:04:05', project: null, payload: { series: { id: 4 } } };
    expect(parseSeriesCompletedEvent(bare)).toMatchObject({ eventId: 3, project: null, series: { id: 4, name: null } });
  });

  it('says why an entry is not a usable event, and keeps the others', () => {
    const noSeries = { ...RECORDED_EVENT, id: 8, payload: {} };
    const otherCategory = { ...RECORDED_EVENT, id: 9, category: 'patch-created' };
    const badDate = { ...RECORDED_EVENT, id: 10, date: 'yesterday' };
    const { events, skipped } = parseSeriesCompletedEvents([noSeries, RECORDED_EVENT, otherCategory, null, badDate, { category: 'series-completed' }], 'list');
    expect(events.map((e) => e.eventId)).toEqual([7]);
    expect(skipped).toEqual([
      'event 8: no series in the payload',
      'event 9: category "patch-created", not series-completed',
      'not an object (null)',
      'event 10: unreadable date "yesterday"',
      'an event without an id: no numeric id',
    ]);
  });

  it('rejects an answer that is not a list', () => {
    expect(() => parseSeriesCompletedEvents({ detail: 'Not found.' }, 'https://pw/api/1.3/events/')).toThrow(InputError);
    expect(() => parseSeriesCompletedEvents({ detail: 'Not found.' }, 'https://pw/api/1.3/events/')).toThrow(/expected a JSON list of events, got object/);
  });

  it('orders oldest first, ties by event id, and drops repeated events (pages that shifted)', () => {
    const list = [
      deriveEvent({ series: 3, date: '2026-11-25T14:00:16.5', event: 30 }),
      deriveEvent({ series: 2, date: '2026-11-25T14:00:16.279532', event: 21 }),
      deriveEvent({ series: 1, date: '2026-11-25T14:00:16.279532', event: 20 }),
      deriveEvent({ series: 3, date: '2026-11-25T14:00:16.5', event: 30 }),
      deriveEvent({ series: 0 + 5, date: '2026-11-24T23:59:59', event: 50 }),
    ];
    const { events } = parseSeriesCompletedEvents(list, 'list');
    expect(events.map((e) => e.eventId)).toEqual([50, 20, 21, 30]);
    expect([...events].reverse().sort(compareEvents).map((e) => e.eventId)).toEqual([50, 20, 21, 30]);
  });
});

describe('event dates', () => {
  it('keys zoneless UTC dates at microsecond precision', () => {
    expect(eventDateKey('2026-11-25T14:00:16.279532')).toBe('2026-11-25T14:00:16.279532');
    expect(eventDateKey('2026-11-25T14:00:16')).toBe('2026-11-25T14:00:16.000000');
    expect(eventDateKey('2026-11-25 14:00')).toBe('2026-11-25T14:00:00.000000');
    expect(eventDateKey('2026-11-25T14:00:16.5')).toBe('2026-11-25T14:00:16.500000');
  });

  it('converts zoned dates to UTC', () => {
    expect(eventDateKey('2026-11-25T15:00:16.279532+01:00')).toBe('2026-11-25T14:00:16.279532');
    expect(eventDateKey('2026-11-25T14:00:16Z')).toBe('2026-11-25T14:00:16.000000');
    expect(eventDateKey('2026-11-25T14:00:16.12Z')).toBe('2026-11-25T14:00:16.120000');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['', 'yesterday', '2026-13-45T99:00:00', '14:00:16', '2026-11-25']) expect(eventDateKey(bad)).toBeNull();
  });

  it('gives keys back in the form Patchwork writes', () => {
    expect(keyToPatchworkDate('2026-11-25T14:00:16.279532')).toBe('2026-11-25T14:00:16.279532');
    expect(keyToPatchworkDate('2026-11-25T14:00:16.500000')).toBe('2026-11-25T14:00:16.5');
    expect(keyToPatchworkDate('2026-11-25T14:00:16.000000')).toBe('2026-11-25T14:00:16');
  });
});

describe('fetching the events of a project', () => {
  let server: ReplayServer;
  let feed: EventFeed;
  beforeAll(async () => {
    server = await startReplay();
    feed = new EventFeed(server);
    feed.pageSize = 2;
    feed.addRecorded();
    feed.add(
      { series: 2, date: '2026-11-25T14:05:00.000001' },
      { series: 3, date: '2026-11-25T14:10:00' },
      { series: 4, date: '2026-11-25T14:10:00' },
      { series: 5, date: '2026-11-26T09:00:00.5' },
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('builds the query URL', () => {
    expect(seriesCompletedEventsUrl({ server: 'https://pw.example/prefix/', apiVersion: '1.2', project: 'linux pci', since: '2026-11-25T14:00:16.279532' })).toBe(
      'https://pw.example/prefix/api/1.2/events/?category=series-completed&project=linux+pci&since=2026-11-25T14%3A00%3A16.279532',
    );
  });

  it('reads every page, oldest first, since a date (inclusive)', async () => {
    const http = new PatchworkHttp({ retries: 0 });
    const all = await fetchSeriesCompletedEvents(http, { server: server.origin, apiVersion: '1.3', project: 'linux-pci' });
    expect(all.events.map((e) => e.series.id)).toEqual([1, 2, 3, 4, 5]);
    expect(all.events[0].series.url).toBe(`${server.origin}/api/1.3/series/1/`);
    feed.queries.length = 0;
    const later = await fetchSeriesCompletedEvents(http, { server: server.origin, apiVersion: '1.3', project: 'linux-pci', since: '2026-11-25T14:05:00.000001' });
    expect(later.events.map((e) => e.series.id)).toEqual([2, 3, 4, 5]);
    expect(feed.queries.map((q) => q.page ?? '1')).toEqual(['1', '2']);
    expect(feed.queries[0]).toMatchObject({ category: 'series-completed', project: 'linux-pci', since: '2026-11-25T14:05:00.000001' });
  });

  it('names the URL when the server refuses the project', async () => {
    const http = new PatchworkHttp({ retries: 0 });
    await expect(fetchSeriesCompletedEvents(http, { server: server.origin, apiVersion: '1.3', project: 'no-such-list' })).rejects.toThrow(/HTTP 400.*project=no-such-list/);
  });
});

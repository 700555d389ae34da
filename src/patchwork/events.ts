/**
 * Patchwork's event feed, as `abi-check watch` reads it: the
 * `series-completed` events of one project (GET /api/1.x/events/).
 *
 * Facts about the endpoint (Patchwork 2.0–3.x, API 1.0–1.3):
 * - events are listed newest first (`ordering = '-date'`), at a fixed page
 *   size, paginated with `Link: rel="next"`;
 * - `since=D` keeps events with `date >= D` (inclusive), so the last event
 *   already handled comes back on the next poll: callers remember what they saw;
 * - `project` takes the project's id or link name;
 * - dates carry no zone and are UTC ("2026-11-25T14:00:16.279532");
 * - a series-completed event carries `payload.series` with id, url, web_url,
 *   date, name (null until Patchwork names it), version and mbox; older API
 *   versions omit some of those (and `actor`, added in 1.2).
 *
 * The mapping from JSON to SeriesCompletedEvent is pure; fetchSeriesCompletedEvents
 * is the only function here that talks to the network (through PatchworkHttp).
 */
import { InputError } from '../errors.ts';
import type { PatchworkHttp } from './http.ts';
import { isObject } from './api-model.ts';

export interface CompletedSeries {
  id: number;
  name: string | null;
  version: number | null;
  /** API URL of the series. */
  url: string | null;
  webUrl: string | null;
  mbox: string | null;
  /** The series' own date as Patchwork gave it (zoneless UTC). */
  date: string | null;
}

export interface SeriesCompletedEvent {
  eventId: number;
  /** The event date exactly as the server wrote it; passed back verbatim as `since`. */
  date: string;
  /** The date in a form that sorts as time: "YYYY-MM-DDTHH:MM:SS.ffffff" in UTC. */
  dateKey: string;
  /** The project's link name (or its id as text when the server gave no link name). */
  project: string | null;
  series: CompletedSeries;
}

export interface ParsedEvents {
  events: SeriesCompletedEvent[];
  /** One line per list entry that was not a usable series-completed event. */
  skipped: string[];
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/**
 * A Patchwork date as a string that sorts chronologically, at microsecond
 * precision (what Patchwork stores). Dates without a zone are UTC; a date with
 * a zone is converted. Null when the text is not a date.
 */
export function eventDateKey(date: string): string | null {
  const text = date.trim();
  const zoneless = ZONELESS.exec(text);
  if (zoneless) {
    const [, day, hm, s, frac] = zoneless;
    const key = `${day}T${hm}:${s ?? '00'}.${(frac ?? '').padEnd(6, '0').slice(0, 6)}`;
    return Number.isNaN(Date.parse(`${key.slice(0, 23)}Z`)) ? null : key;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const t = Date.parse(text);
  if (Number.isNaN(t)) return null;
  const fraction = /\.(\d+)/.exec(text)?.[1] ?? '';
  const iso = new Date(t).toISOString(); // millisecond precision
  return `${iso.slice(0, 19)}.${fraction.length > 3 ? fraction.padEnd(6, '0').slice(0, 6) : iso.slice(20, 23).padEnd(6, '0')}`;
}

/** A date key as the zoneless UTC text Patchwork's `since` filter expects. */
export function keyToPatchworkDate(key: string): string {
  return key.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function projectName(value: unknown): string | null {
  if (isObject(value)) return optionalString(value.link_name) ?? (positiveInt(value.id) !== null ? String(value.id) : null);
  if (typeof value === 'number') return String(value);
  return optionalString(value);
}

/** One list entry as a series-completed event, or the reason it is not one. */
export function parseSeriesCompletedEvent(entry: unknown): SeriesCompletedEvent | string {
  if (!isObject(entry)) return `not an object (${entry === null ? 'null' : typeof entry})`;
  const eventId = positiveInt(entry.id);
  const label = eventId !== null ? `event ${eventId}` : 'an event without an id';
  if (eventId === null) return `${label}: no numeric id`;
  if (entry.category !== 'series-completed') return `${label}: category ${JSON.stringify(entry.category ?? null)}, not series-completed`;
  const date = optionalString(entry.date);
  const dateKey = date === null ? null : eventDateKey(date);
  if (date === null || dateKey === null) return `${label}: unreadable date ${JSON.stringify(entry.date ?? null)}`;
  // API 1.0+ puts the series under payload; be lenient with a top-level one.
  const payload = isObject(entry.payload) ? entry.payload : entry;
  const series = payload.series;
  if (!isObject(series)) return `${label}: no series in the payload`;
  const seriesId = positiveInt(series.id);
  if (seriesId === null) return `${label}: the series has no numeric id`;
  return {
    eventId,
    date,
    dateKey,
    project: projectName(entry.project),
    series: {
      id: seriesId,
      name: optionalString(series.name),
      version: positiveInt(series.version),
      url: optionalString(series.url),
      webUrl: optionalString(series.web_url),
      mbox: optionalString(series.mbox),
      date: optionalString(series.date),
    },
  };
}

/** Oldest first; events at the same instant in id order (the order Patchwork created them). */
export function compareEvents(a: SeriesCompletedEvent, b: SeriesCompletedEvent): number {
  return a.dateKey < b.dateKey ? -1 : a.dateKey > b.dateKey ? 1 : a.eventId - b.eventId;
}

/**
 * The series-completed events of an events list (any number of pages
 * concatenated), each event once, oldest first. `source` names the list in errors.
 */
export function parseSeriesCompletedEvents(list: unknown, source: string): ParsedEvents {
  if (!Array.isArray(list)) throw new InputError(source, `expected a JSON list of events, got ${list === null ? 'null' : typeof list}`);
  const byId = new Map<number, SeriesCompletedEvent>();
  const skipped: string[] = [];
  for (const entry of list) {
    const parsed = parseSeriesCompletedEvent(entry);
    if (typeof parsed === 'string') skipped.push(parsed);
    else byId.set(parsed.eventId, parsed);
  }
  return { events: [...byId.values()].sort(compareEvents), skipped };
}

export interface EventsQuery {
  /** Server base URL without /api (e.g. https://patchwork.kernel.org). */
  server: string;
  apiVersion: string;
  /** Project link name or id. */
  project: string;
  /** Zoneless UTC date; events at or after it. */
  since?: string | null;
}

/** GET URL of the series-completed events of a project since a date. */
export function seriesCompletedEventsUrl(q: EventsQuery): string {
  const url = new URL(`${q.server.replace(/\/+$/, '')}/api/${q.apiVersion}/events/`);
  url.searchParams.set('category', 'series-completed');
  url.searchParams.set('project', q.project);
  if (q.since) url.searchParams.set('since', q.since);
  return url.toString();
}

/** Every page of series-completed events since `q.since`, each event once, oldest first. */
export async function fetchSeriesCompletedEvents(http: PatchworkHttp, q: EventsQuery): Promise<ParsedEvents> {
  const url = seriesCompletedEventsUrl(q);
  const list = await http.getList<unknown>(url);
  return parseSeriesCompletedEvents(list, url);
}

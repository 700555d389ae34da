/**
 * Fetch a series from a Patchwork server's REST API and assemble it.
 *
 * Requests for a series with a cover letter and N patches: 1 (series) +
 * 1 (cover detail) + N (patch details) — the list endpoints do not carry
 * headers, content or diff, so the details are needed; they are fetched
 * concurrently (4 at a time). Details are immutable mail content, so once
 * cached they cost nothing: a repeated run asks only for the series object
 * (which can change: received_all, new patches). A patch or cover target costs one more request
 * (its own detail, reused as part of the series); a message-id one list
 * request (two when it names a cover letter).
 *
 * API URLs are built from the configured server and ids, never taken from
 * the server's answers, so the token only ever goes where the user sent it.
 */
import { InputError } from '../errors.ts';
import type { Series } from './series.ts';
import { HttpError, type PatchworkHttp } from './http.ts';
import { arr, firstSeriesRef, isObject, mailFromApi, num, obj, seriesFromApiParts, str, type Json } from './api-model.ts';
import type { SourceMail } from './assemble.ts';
import { bareMsgid } from './mail.ts';

export interface RemoteContext {
  http: PatchworkHttp;
  /** Server base URL (no /api suffix). */
  server: string;
  apiVersion: string;
  /** What the user gave, for error messages and Series.input.target. */
  target: string;
  kind: Series['input']['kind'];
  /** Preferred project (link name) when a message-id is in several projects. */
  project?: string | null;
  progress: (message: string) => void;
}

export function apiUrl(ctx: Pick<RemoteContext, 'server' | 'apiVersion'>, path: string): string {
  return `${ctx.server}/api/${ctx.apiVersion}/${path}`;
}

/** Rethrow an HTTP failure as an InputError naming the user's target; `what` describes the object on 404. */
function asInputError(ctx: RemoteContext, error: unknown, what: string): never {
  if (error instanceof HttpError) {
    if (error.kind === 'status' && error.status === 404) {
      const page = error.pageTitle ? `, an HTML page "${error.pageTitle}"` : '';
      throw new InputError(ctx.target, `${what} not found on ${ctx.server} (HTTP 404${page} for ${error.url})`);
    }
    throw new InputError(ctx.target, error.problem);
  }
  throw error;
}

async function getObject(ctx: RemoteContext, path: string, what: string, immutable = false): Promise<Json> {
  let value: unknown;
  try {
    value = await ctx.http.getJson(apiUrl(ctx, path), { immutable });
  } catch (e) {
    asInputError(ctx, e, what);
  }
  if (!isObject(value)) throw new InputError(ctx.target, `${apiUrl(ctx, path)} answered ${Array.isArray(value) ? 'a list' : 'JSON'} where a ${what} object was expected`);
  return value;
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i]) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Throw one error for failed detail fetches; offline misses are listed together. */
function throwFailures(ctx: RemoteContext, failures: unknown[]): void {
  if (failures.length === 0) return;
  const offline = failures.filter((f): f is HttpError => f instanceof HttpError && f.kind === 'offline');
  if (offline.length === failures.length) {
    throw new InputError(ctx.target, `offline mode: not in the cache nor in the bundled recordings: ${offline.map((f) => f.url).join(', ')}`);
  }
  const first = failures.find((f) => !(f instanceof HttpError && f.kind === 'offline'));
  asInputError(ctx, first, 'patch');
}

/**
 * The whole series `id`. `known` holds detail objects already fetched (the
 * patch or cover the user named), keyed "patch:<id>" / "cover:<id>".
 */
export async function fetchSeries(ctx: RemoteContext, id: number, known: Map<string, Json> = new Map()): Promise<Series> {
  const notes: string[] = [];
  ctx.progress(`fetching series ${id} from ${ctx.server}`);
  const series = await getObject(ctx, `series/${id}/`, `series ${id}`);
  const coverRef = obj(series, 'cover_letter');
  const patchRefs = arr(series, 'patches').filter(isObject);
  const wanted: Array<{ key: string; path: string }> = [];
  const coverId = num(coverRef, 'id');
  if (coverId !== null) wanted.push({ key: `cover:${coverId}`, path: `covers/${coverId}/` });
  for (const ref of patchRefs) {
    const pid = num(ref, 'id');
    if (pid !== null) wanted.push({ key: `patch:${pid}`, path: `patches/${pid}/` });
  }
  ctx.progress(`series ${id}: ${patchRefs.length} patch${patchRefs.length === 1 ? '' : 'es'}${coverId !== null ? ' and a cover letter' : ''}`);
  const settled = await mapLimited(wanted, 4, async (w) => known.get(w.key) ?? ((await ctx.http.getJson(apiUrl(ctx, w.path), { immutable: true })) as unknown));
  throwFailures(ctx, settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : [])));

  let cover: SourceMail | null = null;
  const patches: SourceMail[] = [];
  for (let i = 0; i < wanted.length; i++) {
    const result = settled[i] as PromiseFulfilledResult<unknown>;
    if (!isObject(result.value)) throw new InputError(ctx.target, `${apiUrl(ctx, wanted[i].path)} did not answer a JSON object`);
    const mail = await mailFromApi(result.value, notes);
    if (wanted[i].key.startsWith('cover:')) cover = mail;
    else patches.push(mail);
  }
  if (patches.length === 0) notes.push(`series ${id} has no patches on ${ctx.server} yet`);
  return seriesFromApiParts(
    { series, cover, patches },
    { kind: ctx.kind, target: ctx.target, server: ctx.server, apiVersion: ctx.apiVersion },
    notes,
  );
}

/** The series a patch or cover detail belongs to; a lone mail when the server knows no series. */
async function seriesOf(ctx: RemoteContext, kind: 'patch' | 'cover', detail: Json): Promise<Series> {
  const ref = firstSeriesRef(detail);
  const seriesId = num(ref, 'id');
  const pid = num(detail, 'id');
  const msgid = bareMsgid(str(detail, 'msgid') ?? '');
  let series: Series;
  if (seriesId !== null) {
    const all = Array.isArray(detail.series) ? detail.series.filter(isObject) : [];
    try {
      series = await fetchSeries(ctx, seriesId, new Map([[`${kind}:${pid}`, detail]]));
    } catch (e) {
      // offline, a patch whose series is not stored is still analysable on its own — said loudly, never as complete
      if (!(ctx.http.offline && kind === 'patch' && e instanceof InputError && e.problem.startsWith('offline mode:'))) throw e;
      const notes = [`${e.problem.replace(/^offline mode: /, 'offline: ')}; analysing patch ${pid} alone, not its whole series ${seriesId}`];
      series = seriesFromApiParts(
        { series: { id: seriesId, name: ref?.name ?? null, web_url: ref?.web_url ?? null, version: ref?.version ?? null, project: detail.project ?? null }, cover: null, patches: [await mailFromApi(detail, notes)] },
        { kind: ctx.kind, target: ctx.target, server: ctx.server, apiVersion: ctx.apiVersion },
        notes,
      );
      if (series.total === null) {
        series.receivedAll = false;
        series.notes.push('partial series: the size of the series is unknown offline');
      }
    }
    if (all.length > 1) series.notes.push(`this ${kind} belongs to ${all.length} series (${all.map((s) => num(s, 'id')).join(', ')}); using series ${seriesId}`);
  } else {
    if (kind === 'cover') throw new InputError(ctx.target, `cover letter ${pid} belongs to no series on ${ctx.server}, so there are no patches to analyse`);
    const notes = [`patch ${pid} belongs to no series on ${ctx.server}; analysing it alone`];
    series = seriesFromApiParts({ series: null, cover: null, patches: [await mailFromApi(detail, notes)] }, { kind: ctx.kind, target: ctx.target, server: ctx.server, apiVersion: ctx.apiVersion }, notes);
  }
  const index = kind === 'cover' ? 0 : (series.patches.find((p) => (pid !== null && p.id === pid) || p.msgid === msgid)?.index ?? null);
  if (index !== null) {
    series.input.requested = { kind, id: pid, msgid, index };
    if (kind === 'patch' && series.patches.length > 1) {
      series.notes.push(`patch ${pid} is patch ${index} of ${series.total ?? series.patches.length} in series ${series.id}; analysing the whole series`);
    }
  }
  return series;
}

export async function fetchPatch(ctx: RemoteContext, id: number): Promise<Series> {
  ctx.progress(`fetching patch ${id} from ${ctx.server}`);
  return seriesOf(ctx, 'patch', await getObject(ctx, `patches/${id}/`, `patch ${id}`, true));
}

export async function fetchCover(ctx: RemoteContext, id: number): Promise<Series> {
  ctx.progress(`fetching cover letter ${id} from ${ctx.server}`);
  return seriesOf(ctx, 'cover', await getObject(ctx, `covers/${id}/`, `cover letter ${id}`, true));
}

/** Pick the entry for the wanted project, else the first; say when there were several. */
function chooseByProject(ctx: RemoteContext, found: Json[], what: string): Json {
  if (found.length > 1) {
    const projects = found.map((f) => str(obj(f, 'project'), 'link_name') ?? '?');
    const preferred = ctx.project ? found.find((f) => str(obj(f, 'project'), 'link_name') === ctx.project) : undefined;
    const chosen = preferred ?? found[0];
    ctx.progress(`the ${what} is in ${found.length} projects (${projects.join(', ')}); using ${str(obj(chosen, 'project'), 'link_name') ?? 'the first'}`);
    return chosen;
  }
  return found[0];
}

/**
 * Find a patch (or cover letter) by Message-ID. Patchwork wants the id
 * without angle brackets; with them it silently answers []. The answers are
 * checked against the id, because a server that does not know the filter
 * (old API versions) ignores it and lists everything.
 */
export async function fetchByMsgid(ctx: RemoteContext, rawMsgid: string, only?: 'patch' | 'cover'): Promise<Series> {
  const msgid = bareMsgid(rawMsgid);
  const query = `?msgid=${encodeURIComponent(msgid)}`;
  // the msgid filter exists from API 1.2 on; older versions drop it and list everything
  const lookupVersion = ctx.apiVersion < '1.2' ? '1.2' : ctx.apiVersion;
  for (const kind of only ? [only] : (['patch', 'cover'] as const)) {
    const listUrl = apiUrl({ server: ctx.server, apiVersion: lookupVersion }, `${kind === 'patch' ? 'patches' : 'covers'}/${query}`);
    ctx.progress(`looking up <${msgid}> among ${kind === 'patch' ? 'patches' : 'cover letters'} on ${ctx.server}`);
    let list: unknown[];
    try {
      // a filtered answer holds one entry per project: one page is plenty
      list = await ctx.http.getList(listUrl, { maxPages: 1 });
    } catch (e) {
      if (e instanceof HttpError && e.status === 404 && lookupVersion !== ctx.apiVersion) {
        throw new InputError(ctx.target, `${ctx.server} does not speak API ${lookupVersion}, which looking up a Message-ID needs`);
      }
      asInputError(ctx, e, `Message-ID <${msgid}>`);
    }
    const found = list.filter(isObject).filter((o) => bareMsgid(str(o, 'msgid') ?? '') === msgid);
    if (found.length === 0 && list.length > 0) {
      throw new InputError(ctx.target, `${ctx.server} ignored the ?msgid= filter (${listUrl} listed other ${kind === 'patch' ? 'patches' : 'cover letters'}); it needs Patchwork API 1.2 or newer`);
    }
    if (found.length === 0) continue;
    const chosen = chooseByProject(ctx, found, kind === 'patch' ? 'patch' : 'cover letter');
    const id = num(chosen, 'id');
    if (id === null) throw new InputError(ctx.target, `${listUrl} lists <${msgid}> without an id`);
    // list entries lack headers/content/diff: fetch the detail, then its series
    const detail = await getObject(ctx, `${kind === 'patch' ? 'patches' : 'covers'}/${id}/`, `${kind} ${id}`, true);
    return seriesOf(ctx, kind, detail);
  }
  throw new InputError(ctx.target, `no ${only === 'cover' ? 'cover letter' : only === 'patch' ? 'patch' : 'patch or cover letter'} with Message-ID <${msgid}> on ${ctx.server}`);
}

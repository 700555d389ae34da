/** One page of a project's recent series from Patchwork (`GET /api/series/`). */
import { toSeriesSummary, type SeriesSummary } from './series-summary.ts';
import { toolVersion } from '../pipeline/tool-version.ts';

export async function loadSeriesList(opts: {
  server: string;
  apiVersion: string;
  project: string;
  page: number;
  cacheDir?: string;
  fetchImpl?: typeof fetch;
}): Promise<SeriesSummary[]> {
  const base = opts.server.replace(/\/+$/, '');
  const url = `${base}/api/${opts.apiVersion}/series/?project=${encodeURIComponent(opts.project)}&order=-date&per_page=30&page=${opts.page}`;
  const res = await (opts.fetchImpl ?? fetch)(url, {
    headers: { Accept: 'application/json', 'User-Agent': `abi-check/${toolVersion()}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status === 404 && opts.page > 1) return [];
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url}: the server did not answer JSON (${text.trim().slice(0, 40)}…)`);
  }
  if (!Array.isArray(body)) throw new Error(`${url}: expected a list of series`);
  return body.map((s) => toSeriesSummary(s as never)).filter((s): s is SeriesSummary => s !== null);
}

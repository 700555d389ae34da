/**
 * The series browser's rows, mapped from Patchwork's `GET /api/series/`
 * answer. Tolerates the nulls and missing fields of older API versions.
 */
import type { Verdict } from '../report/report.ts';

export interface SeriesSummary {
  id: number;
  name: string;
  version: number;
  submitter: string;
  date: string;
  received: number;
  total: number;
  /** Filled in once this session analysed it. */
  verdict?: Verdict;
}

interface ApiSeries {
  id?: number;
  name?: string | null;
  version?: number | null;
  submitter?: { name?: string | null; email?: string | null } | null;
  date?: string | null;
  received_total?: number | null;
  total?: number | null;
  patches?: unknown[] | null;
}

export function toSeriesSummary(raw: ApiSeries): SeriesSummary | null {
  if (typeof raw.id !== 'number') return null;
  const submitter = raw.submitter?.name || raw.submitter?.email || 'unknown';
  const received = raw.received_total ?? raw.patches?.length ?? 0;
  return {
    id: raw.id,
    name: raw.name || '(no name)',
    version: raw.version ?? 1,
    submitter,
    date: (raw.date ?? '').replace('T', ' ').slice(0, 16),
    received,
    total: raw.total ?? received,
  };
}

export function matchesFilter(s: SeriesSummary, filter: string): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  return [s.name, s.submitter, String(s.id)].some((f) => f.toLowerCase().includes(needle));
}

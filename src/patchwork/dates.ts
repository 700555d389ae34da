/**
 * Timestamps as the Series model wants them: ISO 8601 in UTC.
 * Patchwork writes dates without a zone ("2026-04-20T18:39:15"); those are UTC.
 */

const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/** Convert a Patchwork/API date or a mail `Date` to UTC ISO; null when absent or unreadable. */
export function toUtcIso(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const text = value.trim();
  if (text === '') return null;
  const zoneless = ZONELESS.exec(text);
  if (zoneless) {
    const [, y, mo, d, h, mi, s, frac] = zoneless;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), Math.min(ms, 999));
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

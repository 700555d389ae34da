/**
 * `--format json`: the Report as one JSON object (schema abi-check/report@1,
 * src/report/schema/report.schema.json). Values the schema calls integers stay
 * numbers; any bigint a stage left in free-form fields becomes a decimal string.
 */
import type { Report } from './report.ts';

export function toJsonValue(report: Report): unknown {
  return JSON.parse(JSON.stringify(report, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(toJsonValue(report), null, 2)}\n`;
}

/**
 * Loads the Report's JSON Schema (report.schema.json, shipped next to this
 * file) and validates reports against it with ajv.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

let cached: { schema: object; validate: ValidateFunction } | null = null;

export function reportSchemaPath(): string {
  return fileURLToPath(new URL('./report.schema.json', import.meta.url));
}

export function reportSchema(): object {
  return load().schema;
}

function load(): { schema: object; validate: ValidateFunction } {
  if (!cached) {
    const schema = JSON.parse(readFileSync(reportSchemaPath(), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    cached = { schema, validate: ajv.compile(schema) };
  }
  return cached;
}

/** Problems with a report (a parsed JSON value), as `path: message` lines; empty when valid. */
export function reportProblems(value: unknown): string[] {
  const { validate } = load();
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`);
}

/**
 * `abi-check rules`: the catalogue the tool runs, every rule with its level,
 * kind and summary, and each id findable in the sources it names.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, SERIES_RULES } from '../../src/abi/rules/index.ts';
import { ruleListing, runRulesCommand } from '../../src/cli/rules-command.ts';
import { BEHAVIOUR_RULES } from '../../src/semantics/behaviour-rules.ts';
import { UsageError } from '../../src/errors.ts';

const RULES_DIR = new URL('../../src/abi/rules/', import.meta.url);

describe('abi-check rules', () => {
  it('lists every rule once, uAPI/kABI rules first, then the emulator', () => {
    const ids = ruleListing().map((r) => r.id);
    expect(ids).toEqual([...RULES.map((r) => r.id), ...SERIES_RULES.map((r) => r.id), ...BEHAVIOUR_RULES.map((r) => r.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ruleListing()) {
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.summary.length).toBeGreaterThan(10);
    }
  });

  it("names each uAPI/kABI rule's file by its id", () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
    for (const { id } of [...RULES, ...SERIES_RULES]) {
      const holder = files.find((f) => readFileSync(new URL(f, RULES_DIR), 'utf8').includes(`id: '${id}'`));
      expect(holder, id).toBeDefined();
      // uapi.member-renamed → member-renamed.ts; families share one: counted-by.ts, kabi-rules.ts
      const [prefix, rest] = id.split('.') as [string, string];
      expect([`${rest}.ts`, `${rest.split('-').slice(0, 2).join('-')}.ts`, `${prefix}-rules.ts`], id).toContain(holder);
    }
  });

  it('knows every behaviour rule the emulator emits', () => {
    const source = readFileSync(new URL('../../src/semantics/findings.ts', import.meta.url), 'utf8');
    const emitted = new Set([...source.matchAll(/'(behaviour\.[a-z-]+)'/g)].map((m) => m[1]));
    expect([...emitted].sort()).toEqual(BEHAVIOUR_RULES.map((r) => r.id).sort());
  });

  it('prints text columns and JSON, and refuses another format', () => {
    let text = '';
    expect(runRulesCommand({}, { stdout: (s) => (text += s) })).toBe(0);
    expect(text).toMatch(/^uapi\.struct-appended +warning +binary +a uAPI struct grows/m);
    let json = '';
    runRulesCommand({ format: 'json' }, { stdout: (s) => (json += s) });
    expect(JSON.parse(json)).toEqual(ruleListing());
    expect(() => runRulesCommand({ format: 'xml' }, { stdout: () => {} })).toThrow(UsageError);
  });
});

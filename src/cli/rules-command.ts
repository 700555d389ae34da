/**
 * `abi-check rules [--format text|json]`: the rule catalogue as the tool
 * runs it (src/abi/rules/index.ts, then the emulator's behaviour.* rules):
 * each rule's id, level, kind and what it checks. The id names the rule's
 * file: `uapi.struct-appended` → src/abi/rules/struct-appended.ts.
 */
import { ruleListing } from '../report/rule-catalogue.ts';
import { UsageError } from '../errors.ts';

export { ruleListing, type RuleListing } from '../report/rule-catalogue.ts';

export function runRulesCommand(opts: { format?: string }, io: { stdout: (s: string) => void }): number {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`rules: --format must be text or json, not '${format}'`);
  const rules = ruleListing();
  if (format === 'json') {
    io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) io.stdout(`${r.id.padEnd(idWidth)}  ${r.level.padEnd(7)}  ${r.kind.padEnd(9)}  ${r.summary}\n`);
  return 0;
}

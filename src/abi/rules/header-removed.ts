/**
 * uapi.header-removed: the change deletes (or renames) a uAPI header.
 * Userspace that includes it no longer compiles, whatever it used from it,
 * so this is one finding for the file, listing what went with it; the
 * per-declaration removal rules (uapi.type-removed, uapi.macro-removed,
 * uapi.enumerator-removed) stay quiet about a header that is gone.
 */
import { uapiIncludeName } from '../classify-path.ts';
import type { FileDiff } from '../diff/types.ts';
import { defineRule } from './rule.ts';
import { isIncludeGuard } from './macro-facts.ts';
import { abridged } from './format.ts';

/** The file is gone: per-declaration removals are this rule's. */
export function headerGone(diff: FileDiff): boolean {
  return diff.exists.before && !diff.exists.after;
}

const SHOWN = 6;

export const headerRemoved = defineRule({
  id: 'uapi.header-removed',
  level: 'error',
  kind: 'source',
  summary: 'a uAPI header was deleted or renamed',
  scopes: ['uapi-header'],
  check(ctx, emit) {
    if (!headerGone(ctx.diff)) return;
    const d = ctx.diff;
    const types = [...d.records.filter((c) => c.before).map((c) => c.symbol), ...d.enums.filter((e) => e.before).map((e) => e.symbol)];
    const typedefs = d.typedefs.filter((t) => t.before && !types.includes(t.name)).map((t) => t.name);
    const macros = d.macros.filter((m) => m.before && !isIncludeGuard(m.name, m.before.def.body)).map((m) => m.name);
    const enumerators = d.enumerators.filter((e) => e.before).map((e) => e.name);
    const lost = [
      types.length ? `${types.length} type${types.length === 1 ? '' : 's'}` : null,
      typedefs.length ? `${typedefs.length} typedef${typedefs.length === 1 ? '' : 's'}` : null,
      macros.length ? `${macros.length} macro${macros.length === 1 ? '' : 's'}` : null,
      enumerators.length ? `${enumerators.length} enumerator${enumerators.length === 1 ? '' : 's'}` : null,
    ].filter(Boolean);
    const sample = [...types, ...typedefs, ...macros, ...enumerators];
    const name = uapiIncludeName(d.path);
    const to = d.exists.renamedTo;
    const newName = to ? uapiIncludeName(to) : null;
    emit({
      line: null,
      symbol: d.path,
      abis: ctx.abis,
      message: to
        ? `${d.path} is renamed to ${to}, which takes over its declarations${lost.length ? ` (${lost.join(', ')})` : ''}: userspace that includes ${name ? `<${name}>` : 'it'} no longer compiles until it includes ${newName ? `<${newName}>` : to} instead.`
        : `${d.path} is removed: userspace that includes ${name ? `<${name}>` : 'it'} no longer compiles${lost.length ? `, and loses ${lost.join(', ')} with it (${abridged(sample, SHOWN, (s) => s).join(', ')})` : ''}.`,
      before: { types, typedefs, macros, enumerators },
      after: to ? { renamedTo: to } : null,
      suggestion: newName && name
        ? `Keep <${name}> as a header that includes <${newName}>, so existing userspace still builds.`
        : `Keep the header (deprecated, if nothing uses it any more); userspace that includes it has no other way to build.`,
    });
  },
});

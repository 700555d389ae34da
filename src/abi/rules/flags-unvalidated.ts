/**
 * uapi.flags-unvalidated: the changed kernel code tests bits of a uAPI flags
 * field but never rejects unknown bits (`flags & ~KNOWN` → -EINVAL), so
 * userspace cannot probe for new flags and they can never be added safely.
 */
import { defineRule } from './rule.ts';
import { designTargets } from './design-scope.ts';
import { handlersOf, prepare } from './code/handlers.ts';
import { escapeRe, lineAt, variablesOfRecord } from './code/clean-code.ts';
import { tagOf } from './code/handlers.ts';

export const flagsUnvalidated = defineRule({
  id: 'uapi.flags-unvalidated',
  level: 'warning',
  kind: 'design',
  summary: 'the changed kernel code tests flag bits of a uAPI struct without rejecting unknown bits',
  scopes: ['uapi-header'],
  readsCode: true,
  check(ctx, emit) {
    if (ctx.code.length === 0) return;
    const units = prepare(ctx.code);
    for (const c of designTargets(ctx.diff.records, ctx.abis)) {
      const tag = tagOf(c.symbol);
      if (!tag) continue;
      const flagFields = c.after!.fields.filter((f) => /(^|_)flags$/.test(f.path) && !f.path.includes('.'));
      if (flagFields.length === 0) continue;
      for (const u of handlersOf(units, ctx.diff, c)) {
        const vars = variablesOfRecord(u.clean, tag);
        for (const f of flagFields) {
          for (const v of vars) {
            const acc = `\\b${escapeRe(v)}\\s*(?:\\.|->)\\s*${escapeRe(f.path)}\\b`;
            const bitTests = [...u.clean.matchAll(new RegExp(`${acc}\\s*&\\s*(?!~)\\(?\\s*[A-Za-z_0-9]`, 'g'))];
            if (bitTests.length === 0) continue;
            const validated =
              new RegExp(`${acc}\\s*&\\s*~`).test(u.clean) ||
              new RegExp(`(?:!\\s*|\\bif\\s*\\(\\s*)${acc}\\s*(?:\\)|&&|\\|\\|)`).test(u.clean) ||
              new RegExp(`${acc}\\s*(?:!=|==|>=|>|<)`).test(u.clean) ||
              new RegExp(`\\w+\\s*\\([^;]*${acc}\\s*[,)]`).test(u.clean.replace(new RegExp(`\\bif\\s*\\(`, 'g'), '(')) ||
              new RegExp(`\\w+\\s*=\\s*${acc}\\s*;`).test(u.clean) ||
              // the whole struct handed to a helper (other than the copy in) may be validated there
              [...u.clean.matchAll(new RegExp(`\\b(\\w+)\\s*\\([^;]*?&?\\s*\\b${escapeRe(v)}\\b\\s*[,)]`, 'g'))].some((m) => !/^(copy_from_user|copy_to_user|__copy_from_user|memdup_user|copy_struct_from_user|sizeof|if|while|switch|return)$/.test(m[1]));
            if (validated) continue;
            const line = lineAt(u.clean, bitTests[0].index!, u.startLine);
            emit({
              file: u.path,
              line,
              symbol: `${c.symbol}.${f.path}`,
              abis: ctx.abis,
              message: `${u.name ?? 'The changed code'} tests bits of \`${v}.${f.path}\` (${c.symbol}) but never rejects unknown bits: userspace setting a future flag gets it silently ignored on this kernel, so it cannot detect support, and the bit can never be given a meaning safely.`,
              after: { code: u.path, line, variable: v },
              suggestion: `Reject unknown bits first: \`if (${v}.${f.path} & ~(KNOWN_FLAGS)) return -EINVAL;\`.`,
            });
          }
        }
      }
    }
  },
});

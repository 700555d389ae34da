/**
 * Macro definitions: parsing `#define` lines (C11 6.10.3) and converting to
 * the shared MacroDef shape.
 */
import { InputError } from '../../errors.ts';
import type { MacroDef, SourceLoc } from '../type-model.ts';
import { lexText } from './lexer.ts';
import { spellTokens, type Token } from './token.ts';

export interface Macro {
  name: string;
  /** Parameter names (`__VA_ARGS__` for a plain `...`), null for object-like macros. */
  params: string[] | null;
  /** The last parameter takes the variable arguments. */
  variadic: boolean;
  /** `name...` (GNU named variadic) rather than `...`. */
  namedVariadic: boolean;
  body: Token[];
  loc: SourceLoc;
}

export type DefineResult = { macro: Macro } | { error: string };

/** Parse the tokens after `#define` (the directive line only). */
export function parseDefine(tokens: readonly Token[], loc: SourceLoc): DefineResult {
  const nameTok = tokens[0];
  if (!nameTok) return { error: 'no macro name given in #define directive' };
  if (nameTok.kind !== 'ident') return { error: 'macro names must be identifiers' };
  if (nameTok.text === 'defined') return { error: '"defined" cannot be used as a macro name' };
  let i = 1;
  let params: string[] | null = null;
  let variadic = false;
  let namedVariadic = false;
  if (tokens[1]?.text === '(' && !tokens[1].space) {
    params = [];
    i = 2;
    let expectParam = true;
    for (;;) {
      const t = tokens[i++];
      if (!t) return { error: `missing ')' in macro parameter list of "${nameTok.text}"` };
      if (t.text === ')' && (params.length === 0 || !expectParam || variadic)) break;
      if (variadic) return { error: `missing ')' after "..." in macro "${nameTok.text}"` };
      if (expectParam && t.text === '...') {
        params.push('__VA_ARGS__');
        variadic = true;
        expectParam = false;
        continue;
      }
      if (expectParam && t.kind === 'ident') {
        if (params.includes(t.text)) return { error: `duplicate macro parameter "${t.text}"` };
        params.push(t.text);
        expectParam = false;
        if (tokens[i]?.text === '...') {
          variadic = true;
          namedVariadic = true;
          i++;
        }
        continue;
      }
      if (!expectParam && t.text === ',') {
        expectParam = true;
        continue;
      }
      return { error: `expected parameter name, found "${t.text}" in macro "${nameTok.text}"` };
    }
  }
  const body = tokens.slice(i);
  if (body.length > 0 && body[0]!.space) body[0] = { ...body[0]!, space: false };
  if (body[0]?.text === '##' || (body.length > 1 && body[body.length - 1]!.text === '##')) {
    return { error: "'##' cannot appear at either end of a macro expansion" };
  }
  if (params) {
    for (let k = 0; k < body.length; k++) {
      if (body[k]!.text === '#' && !(body[k + 1] && (params.includes(body[k + 1]!.text) || body[k + 1]!.text === '__VA_OPT__'))) {
        return { error: "'#' is not followed by a macro parameter" };
      }
    }
  }
  return { macro: { name: nameTok.text, params, variadic, namedVariadic, body, loc } };
}

/** Build a macro from `NAME` or `NAME(params)` and replacement text (predefined and -D macros). */
export function macroFromText(spec: string, replacement: string, file = '<built-in>'): Macro {
  const { tokens } = lexText(file, `${spec} ${replacement}`.replace(/\n/g, ' '));
  const r = parseDefine(tokens, { file, line: 1 });
  if ('error' in r) throw new InputError(`macro ${spec}`, r.error);
  return r.macro;
}

/** Two definitions are the same when their parameters and replacement lists (spacing included) match. */
export function sameDefinition(a: Macro, b: Macro): boolean {
  if ((a.params === null) !== (b.params === null)) return false;
  if (a.params && b.params && (a.params.join(',') !== b.params.join(',') || a.variadic !== b.variadic)) return false;
  if (a.body.length !== b.body.length) return false;
  for (let i = 0; i < a.body.length; i++) {
    const x = a.body[i]!;
    const y = b.body[i]!;
    if (x.text !== y.text || (i > 0 && x.space !== y.space)) return false;
  }
  return true;
}

export function toMacroDef(m: Macro): MacroDef {
  let params: string[] | null = null;
  if (m.params) {
    params = m.params.slice();
    if (m.variadic) params[params.length - 1] = m.namedVariadic ? `${m.params[m.params.length - 1]}...` : '...';
  }
  return { name: m.name, params, body: spellTokens(m.body), loc: m.loc };
}

/**
 * Skipping an inactive group of `#if`/`#elif`/`#else`: only the `#` lines
 * are looked at, nesting is tracked, and the group ends at the `#elif`,
 * `#else` or `#endif` that closes it (an `#elif` is evaluated when no group
 * of its chain was taken yet). The preprocessor (preprocessor.ts) supplies
 * the directive reading and evaluation.
 */
import type { FileTokens } from './file-tokens.ts';
import type { Token } from './token.ts';

export interface Conditional {
  /** This group is being output. */
  active: boolean;
  /** Some group of this #if chain was taken. */
  taken: boolean;
  sawElse: boolean;
  line: number;
}

/** The file being read, as much of it as skipping touches. */
export interface GroupFrame {
  readonly file: { readonly path: string };
  readonly toks: FileTokens;
  pos: number;
  conds: Conditional[];
}

export interface GroupHost {
  /** Tokens of the directive line starting at f.pos (the `#`), advancing past it. */
  directiveLine(f: GroupFrame): Token[];
  evalIf(rest: Token[], hash: Token): boolean;
  isDefined(name: string): boolean;
  report(file: string, line: number, message: string): void;
}

/**
 * Skip an inactive group: scan `#` lines only, tracking nesting, until the
 * #elif/#else/#endif that ends it; evaluate #elif as needed.
 */
export function skipGroup(f: GroupFrame, host: GroupHost): void {
  const toks = f.toks;
  let depth = 0;
  for (;;) {
    let j = f.pos;
    let hash = toks.at(j);
    while (hash && !(hash.bol && hash.text === '#')) hash = toks.at(++j);
    f.pos = j;
    toks.release(j);
    if (!hash) return; // popFrame reports the unterminated conditional
    const next = toks.at(j + 1);
    const nameTok = next && !next.bol ? next : undefined;
    const name = nameTok?.text;
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      depth++;
      f.pos = j + 1;
      continue;
    }
    if (name === 'endif') {
      if (depth === 0) {
        host.directiveLine(f);
        f.conds.pop();
        return;
      }
      depth--;
      f.pos = j + 1;
      continue;
    }
    if (depth === 0 && (name === 'else' || name === 'elif' || name === 'elifdef' || name === 'elifndef')) {
      const line = host.directiveLine(f);
      const c = f.conds[f.conds.length - 1]!;
      if (c.sawElse) host.report(f.file.path, hash.line, `#${name} after #else`);
      if (name === 'else') c.sawElse = true;
      if (c.taken) continue;
      const rest = line.slice(1);
      let value: boolean;
      if (name === 'else') value = true;
      else if (name === 'elif') value = host.evalIf(rest, hash);
      else value = rest[0] ? host.isDefined(rest[0].text) === (name === 'elifdef') : false;
      if (value) {
        c.taken = true;
        return;
      }
      continue;
    }
    f.pos = j + 1;
  }
}

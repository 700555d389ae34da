/**
 * Which branch of each open preprocessor conditional a run of source lines
 * is in, read from the directives alone (nothing is evaluated): fed the
 * directive lines in order, `open` lists, outermost first, the directive
 * that opened the current branch of each conditional and its condition text
 * (`#else` has none). Callers decide what a branch means: diff-context text
 * skips the braces of `#ifdef __cplusplus`; the options guarding a change
 * are the `CONFIG_` tests of the branches around it (src/abi/guarding-config.ts).
 */

export interface Branch {
  directive: 'if' | 'ifdef' | 'ifndef' | 'elif' | 'else';
  /** The text after the directive's name (comments included, unless the caller dropped them). */
  condition: string;
}

const CONDITIONAL = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/s;

export class ConditionalBranches {
  private readonly stack: Branch[] = [];

  /** The branches the lines now fed are in, outermost first. */
  get open(): readonly Branch[] {
    return this.stack;
  }

  /** Feeds one directive (with its continuation lines joined, if the caller needs their text); returns whether it was a conditional one. */
  directive(text: string): boolean {
    const m = CONDITIONAL.exec(text);
    if (!m) return false;
    const kind = m[1] as Branch['directive'] | 'endif';
    if (kind === 'endif') this.stack.pop();
    else if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') this.stack.push({ directive: kind, condition: m[2]! });
    // an #elif or #else with no #if before it (cut off by a diff) opens nothing
    else if (this.stack.length > 0) this.stack[this.stack.length - 1] = { directive: kind, condition: kind === 'elif' ? m[2]! : '' };
    return true;
  }
}

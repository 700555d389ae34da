/**
 * Kconfig's macro language (Documentation/kbuild/kconfig-macro-language.rst):
 * `$(NAME)` and `$(NAME,arg,…)` are expanded in every line before it is
 * read, from variables the Kconfig files assign (`x := …` expanded once,
 * `x = …` on every use, with `$(1)`… as the arguments; `+=` appends) and
 * from the environment (ARCH, SRCARCH …). Kconfig's built-in `$(shell,…)`
 * runs a command, mostly to probe the compiler (`$(cc-option,…)`,
 * `$(success,…)`); abi-check runs nothing: every probe reads as failed (the
 * `|| echo "…"` branch of if-success), any other command prints nothing. `$(info)`, `$(warning-if)` and
 * `$(error-if)` print and expand to nothing; `$(filename)` and `$(lineno)`
 * are where the line is.
 */

interface Variable {
  recursive: boolean;
  value: string;
}

const MAX_DEPTH = 64;

export class KconfigMacros {
  private readonly vars = new Map<string, Variable>();
  /** Recursive variables being expanded now. */
  private readonly expanding = new Set<string>();

  constructor(private readonly env: Readonly<Record<string, string>>) {}

  /** `name op value` (op `:=`, `=`, `+=`), as the line assigning it says. */
  assign(name: string, op: string, value: string, where: { file: string; line: number }): void {
    if (op === ':=') this.vars.set(name, { recursive: false, value: this.expand(value, where) });
    else if (op === '=') this.vars.set(name, { recursive: true, value });
    else {
      const old = this.vars.get(name);
      const add = old && !old.recursive ? this.expand(value, where) : value;
      this.vars.set(name, { recursive: old?.recursive ?? true, value: old ? `${old.value} ${add}` : add });
    }
  }

  /** `text` with every `$(…)` expanded. */
  expand(text: string, where: { file: string; line: number }, args: readonly string[] = [], depth = 0): string {
    if (!text.includes('$(') || depth > MAX_DEPTH) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const at = text.indexOf('$(', i);
      if (at < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, at);
      const end = closing(text, at + 2);
      if (end < 0) {
        out += text.slice(at);
        break;
      }
      const parts = splitArgs(text.slice(at + 2, end)).map((p) => this.expand(p, where, args, depth + 1));
      out += this.call(parts[0]!.trim(), parts.slice(1), where, args, depth);
      i = end + 1;
    }
    return out;
  }

  private call(name: string, params: string[], where: { file: string; line: number }, args: readonly string[], depth: number): string {
    if (/^\d+$/.test(name)) return args[Number(name) - 1] ?? '';
    switch (name) {
      case 'shell':
        // `{ probe; } … && echo "A" || echo "B"` (scripts/Kconfig.include's if-success): the probe fails
        return /&&\s*echo\s+"([^"]*)"\s*\|\|\s*echo\s+"([^"]*)"\s*$/.exec(params.join(','))?.[2] ?? '';
      case 'info':
      case 'warning-if':
      case 'error-if':
        return '';
      case 'filename':
        return where.file;
      case 'lineno':
        return String(where.line);
    }
    const v = this.vars.get(name);
    if (!v) return this.env[name] ?? '';
    if (!v.recursive) return v.value;
    // `x = $(x)…` refers to itself: Kconfig stops with an error; this reads it as empty
    if (this.expanding.has(name)) return '';
    this.expanding.add(name);
    try {
      return this.expand(v.value, where, params, depth + 1);
    } finally {
      this.expanding.delete(name);
    }
  }
}

/** Index of the `)` closing a `$(` whose contents start at `from`, or -1. */
function closing(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** A call's name and arguments: split on commas outside nested parentheses. */
function splitArgs(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

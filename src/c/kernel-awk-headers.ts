/**
 * Kernel-only headers Kbuild makes by running one of the tree's awk scripts
 * over one of its data files (`$(AWK) -f $(real-prereqs) > $@`): arm64's
 * asm/cpucaps.h (cpucap-defs.h since 6.3) and asm/sysreg-defs.h, arm's
 * asm/mach-types.h. An unbuilt tree has none, so every in-kernel unit that
 * reaches asm/cpufeature.h met a missing include.
 *
 * The rules are read from the architecture's arch/<arch>/tools/Makefile, so
 * a tree that renames a header or adds a generator needs nothing here; the
 * script and its data are the tree's own, run with the system's awk as Kbuild
 * runs them (from the tree's root, LC_ALL=C). The texts are those the unit
 * reads (a series that edits arch/arm64/tools/cpucaps gets the new numbers).
 * Where awk is missing or fails, the header stays missing, as before. The
 * tree's own file is read where the tree is built for the ABI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AbiName } from '../abi/layout-types.ts';
import { builtFor } from './preprocess/kernel-config.ts';

type Reader = (path: string) => string | null;

/** A header and the tree-relative script and data file it is generated from. */
export interface AwkHeaderRule {
  header: string;
  script: string;
  data: string;
}

/** The make variables a tools Makefile defines with `:=` or `=` (one line each; enough for these). */
function variablesOf(text: string, archDir: string): Map<string, string> {
  const vars = new Map<string, string>([['ARCH', archDir], ['src', `arch/${archDir}/tools`]]);
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_][\w-]*)[ \t]*:?=[ \t]*(.*)$/gm)) vars.set(m[1]!, m[2]!.trim());
  return vars;
}

/** `$(name)` references replaced by their values (a few rounds: they refer to each other). */
function expand(text: string, vars: Map<string, string>): string {
  let out = text;
  for (let round = 0; round < 4 && out.includes('$('); round++) out = out.replace(/\$\(([\w-]+)\)/g, (all, name: string) => vars.get(name) ?? all);
  return out;
}

/** Whether a recipe or the command it calls runs `$(AWK) -f` over the rule's prerequisites. */
function runsAwk(recipe: string, vars: Map<string, string>): boolean {
  const called = /\$\(call if_changed,([\w-]+)\)/.exec(recipe);
  const command = called ? vars.get(`cmd_${called[1]}`) ?? '' : recipe;
  return /\$\(AWK\) -f (\$\(real-prereqs\)|\$\^)/.test(command);
}

/**
 * The awk-generated headers that arch/`archDir`/tools/Makefile (`text`)
 * declares: rules whose prerequisites are a script and a data file of the
 * directory (FORCE aside) and whose command is awk over them.
 */
export function awkHeaderRules(text: string, archDir: string): AwkHeaderRule[] {
  const vars = variablesOf(text, archDir);
  const out: AwkHeaderRule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const rule = /^(\S+\.h):\s*(.*)$/.exec(lines[i]!);
    if (!rule) continue;
    let recipe = '';
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('\t'); j++) recipe += `${lines[j]}\n`;
    if (!runsAwk(recipe, vars)) continue;
    const prereqs = expand(rule[2]!, vars).split(/\s+/).filter((p) => p && p !== 'FORCE');
    const header = expand(rule[1]!, vars);
    if (prereqs.length !== 2 || prereqs.some((p) => p.includes('$(')) || header.includes('$(')) continue;
    out.push({ header, script: prereqs[0]!, data: prereqs[1]! });
  }
  return out;
}

/** Outputs by script and data text: the same inputs give the same header. */
const outputs = new Map<string, string | null>();

/** awk's output for `script` over `data` (texts, placed at their tree-relative paths), or null when awk fails. */
function runAwk(rule: AwkHeaderRule, script: string, data: string): string | null {
  const key = `${rule.script}\0${script}\0${rule.data}\0${data}`;
  const known = outputs.get(key);
  if (known !== undefined) return known;
  let text: string | null = null;
  let dir: string | null = null;
  try {
    dir = mkdtempSync(join(tmpdir(), 'abi-check-awk-'));
    for (const [path, content] of [[rule.script, script], [rule.data, data]] as const) {
      mkdirSync(join(dir, dirname(path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    text = execFileSync('awk', ['-f', rule.script, rule.data], { cwd: dir, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    text = null; // no awk, or the script failed: the include stays missing
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
  outputs.set(key, text);
  return text;
}

const rulesByMakefile = new Map<string, AwkHeaderRule[]>();

/**
 * The preprocessor's generatedFile hook for in-kernel code of `tree` on
 * `abi` (architecture directory `archDir`): an awk-generated header the tree
 * lacks, as its generator writes it; undefined for any other path, where the
 * tree is built for this ABI (its own file is read), or where awk fails.
 */
export function awkHeaderHook(tree: string, archDir: string, abi: AbiName, read: Reader): (path: string) => string | null | undefined {
  let rules: Map<string, AwkHeaderRule> | null = null;
  return (path) => {
    if (!path.includes('/generated/')) return undefined;
    if (!rules) {
      const makefile = read(join(tree, `arch/${archDir}/tools/Makefile`));
      let list = makefile === null ? [] : rulesByMakefile.get(`${archDir}\0${makefile}`);
      if (!list) rulesByMakefile.set(`${archDir}\0${makefile}`, (list = awkHeaderRules(makefile!, archDir)));
      rules = new Map(list.map((r) => [join(tree, r.header), r]));
    }
    const rule = rules.get(path);
    if (!rule || builtFor(tree, abi, path, read)) return undefined;
    const script = read(join(tree, rule.script));
    const data = read(join(tree, rule.data));
    if (script === null || data === null) return undefined;
    return runAwk(rule, script, data) ?? undefined;
  };
}

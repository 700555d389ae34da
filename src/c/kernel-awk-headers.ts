/**
 * Kernel-only headers Kbuild makes by running one of the tree's awk scripts
 * over one of its data files (`$(AWK) -f $(real-prereqs) > $@`): arm64's
 * asm/cpucaps.h (cpucap-defs.h since 6.3) and asm/sysreg-defs.h, arm's
 * asm/mach-types.h. An unbuilt tree has none, so every in-kernel unit that
 * reaches asm/cpufeature.h met a missing include.
 *
 * The rules are read from the architecture's arch/<arch>/tools/Makefile (a
 * tree that renames a header needs nothing here). The tree's scripts are
 * never run: abi-check reads series from mailing lists, and a patch could put
 * `system()` in one. The generators whose output is known are written here
 * instead (gen-cpucaps.awk: one number per capability, then the count), from
 * the data as the unit reads it (a series that adds a capability gets the new
 * numbers); the others' headers stay missing, as before. The tree's own file
 * is read where the tree is built for the ABI.
 */
import { basename, join } from 'node:path';
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

/**
 * What arch/arm64/tools/gen-cpucaps.awk (`script`, read as text for its
 * column widths only) writes for `data` (the cpucaps list) as `header`:
 * `#define ARM64_<NAME> <n>` for each name in order, then ARM64_NCAPS; blank
 * and `#` lines skipped. Null for a line it would reject (the script stops
 * with an error).
 */
export function cpucapsHeader(header: string, data: string, script: string): string | null {
  // the widths changed between releases (%-30s and four tabs in 6.1, %-40s and five in 6.12)
  const width = Number(/ARM64_%-(\d+)s/.exec(script)?.[1] ?? 30);
  const tabs = /ARM64_NCAPS((?:\\t)+)%d/.exec(script)?.[1]?.length ?? 8;
  const guard = `__ASM_${basename(header, '.h').toUpperCase().replace(/[^A-Z0-9]/g, '_')}_H`;
  const out = [`#ifndef ${guard}`, `#define ${guard}`, '', '/* Generated file - do not edit */', ''];
  let n = 0;
  for (const line of data.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (!/^[vA-Z0-9_]+$/.test(line)) return null;
    out.push(`#define ARM64_${line.padEnd(width)}\t${n++}`);
  }
  out.push(`#define ARM64_NCAPS${'\t'.repeat(tabs / 2)}${n}`, '', `#endif /* ${guard} */`);
  return `${out.join('\n')}\n`;
}

/** The generators written here, by the script's file name. */
const GENERATORS: Readonly<Record<string, (header: string, data: string, script: string) => string | null>> = {
  'gen-cpucaps.awk': cpucapsHeader,
};

const rulesByMakefile = new Map<string, AwkHeaderRule[]>();

/**
 * The preprocessor's generatedFile hook for in-kernel code of `tree` on
 * `abi` (architecture directory `archDir`): an awk-generated header the tree
 * lacks, as its generator writes it; undefined for any other path, where the
 * tree is built for this ABI (its own file is read), or where the generator
 * is not one written here.
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
    const generate = rule && GENERATORS[basename(rule.script)];
    if (!rule || !generate || builtFor(tree, abi, path, read)) return undefined;
    const data = read(join(tree, rule.data));
    const script = read(join(tree, rule.script));
    return data === null || script === null ? undefined : generate(rule.header, data, script) ?? undefined;
  };
}

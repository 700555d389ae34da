/**
 * Macro objects shared by every preprocess run of the process: the
 * predefined macros of each ABI (built once), and the MacroDef view of a
 * Macro (built once per Macro, and mapped back for expandMacroText). Sharing
 * keeps identities stable, which include replay (include-replay.ts) relies on.
 */
import type { AbiName } from '../../abi/layout-types.ts';
import type { MacroDef } from '../type-model.ts';
import { macroFromText, toMacroDef, type Macro } from './macro.ts';
import { predefinedMacros } from './predefined-macros.ts';

const macroDefCache = new WeakMap<Macro, MacroDef>();
const macroOfDef = new WeakMap<MacroDef, Macro>();
export function cachedMacroDef(m: Macro): MacroDef {
  let d = macroDefCache.get(m);
  if (!d) {
    d = toMacroDef(m);
    macroDefCache.set(m, d);
    macroOfDef.set(d, m);
  }
  return d;
}

/** The macro a MacroDef of some PreprocessResult was made from (saves re-lexing its body). */
export function macroOf(def: MacroDef): Macro | undefined {
  return macroOfDef.get(def);
}

const predefinedCache = new Map<string, Map<string, Macro>>();
/** Predefined macros by definition: a macro every ABI defines alike is one object (tail-replay.ts compares by identity). */
const predefinedByDefinition = new Map<string, Macro>();
export function predefinedTable(abi: AbiName, kernel: boolean): Map<string, Macro> {
  const key = `${abi}/${kernel}`;
  let table = predefinedCache.get(key);
  if (!table) {
    table = new Map();
    for (const [spec, body] of Object.entries(predefinedMacros(abi, kernel))) {
      const definition = `${spec}\0${body}`;
      let m = predefinedByDefinition.get(definition);
      if (!m) predefinedByDefinition.set(definition, (m = macroFromText(spec, body)));
      table.set(m.name, m);
    }
    predefinedCache.set(key, table);
  }
  return table;
}

/**
 * `__EXPORTED_HEADERS__`, defined for uAPI headers read from a kernel tree:
 * `make headers_install` exports them through `unifdef -D__EXPORTED_HEADERS__`
 * (include/uapi/linux/types.h warns "Attempt to use kernel headers from user
 * space" without it). One object for every run, so include replay sees the
 * same definition.
 */
export const EXPORTED_HEADERS_MACRO: Macro = macroFromText('__EXPORTED_HEADERS__', '1');

/** `-D` macros by definition: one object per definition across runs, so include replay sees the same macro. */
const commandLine = new Map<string, Macro>();
const COMMAND_LINE_KEPT = 10_000;
export function commandLineMacro(spec: string, body: string): Macro {
  const key = `${spec}\0${body}`;
  let m = commandLine.get(key);
  if (!m) {
    if (commandLine.size >= COMMAND_LINE_KEPT) commandLine.clear();
    commandLine.set(key, (m = macroFromText(spec, body, '<command-line>')));
  }
  return m;
}

/**
 * Assemble a Machine from plain inputs: a TypeModel (types, macros), the
 * translation units whose functions and globals may run, the kernel models,
 * and the limits. Record layouts come from src/abi unless injected.
 */
import type { MacroDef, TypeModel } from '../../c/type-model.ts';
import type { AbiName } from '../../abi/layout-types.ts';
import { layoutRecord } from '../../abi/layout/index.ts';
import { scalarAbi } from './abi-scalars.ts';
import { unitDefinitions } from './definitions.ts';
import type { FunctionSource, GlobalSource, KernelModel } from './machine.ts';
import { Machine } from './machine.ts';
import { Memory } from './memory.ts';
import { TypeEnv, type LayoutOf } from './types.ts';
import './calls.ts';

export interface ProgramInput {
  model: TypeModel;
  abi: AbiName;
  /** Source units whose function definitions and file-scope variables are available to run. */
  units: { path: string; text: string }[];
  /** Only these functions of the units may run (others are reported as unrunnable); all when omitted. */
  runnable?: Set<string>;
  /** Functions present but not runnable, with the reason (e.g. unknown lines). */
  unrunnable?: Map<string, string>;
  models?: Map<string, KernelModel>;
  layoutOf?: LayoutOf;
  stepBudget?: number;
  memoryCapBytes?: number;
}

export const DEFAULT_STEP_BUDGET = 200_000;
export const DEFAULT_MEMORY_CAP = 64 * 1024 * 1024;

const envs = new WeakMap<TypeModel, Map<AbiName, TypeEnv>>();

/** One TypeEnv per (model, ABI) when layouts come from src/abi: its caches outlive a run. */
function sharedEnv(model: TypeModel, abiName: AbiName): TypeEnv {
  let perAbi = envs.get(model);
  if (!perAbi) envs.set(model, (perAbi = new Map()));
  let env = perAbi.get(abiName);
  if (!env) perAbi.set(abiName, (env = new TypeEnv(model, scalarAbi(abiName), (id) => layoutRecord(model, id, abiName))));
  return env;
}

export function createMachine(input: ProgramInput): Machine {
  const abi = scalarAbi(input.abi);
  const env = input.layoutOf ? new TypeEnv(input.model, abi, input.layoutOf) : sharedEnv(input.model, input.abi);
  const memory = new Memory({ pointerBytes: abi.pointerBytes, littleEndian: abi.littleEndian, capBytes: input.memoryCapBytes ?? DEFAULT_MEMORY_CAP });
  const functions = new Map<string, FunctionSource>();
  const globals = new Map<string, GlobalSource>();
  for (const u of input.units) {
    const defs = unitDefinitions(u.path, u.text);
    for (const [name, fn] of defs.functions) if (!input.runnable || input.runnable.has(name)) functions.set(name, fn);
    for (const [name, g] of defs.globals) globals.set(name, g);
  }
  const macros = new Map<string, MacroDef>();
  for (const mac of input.model.macros) macros.set(mac.name, mac);
  return new Machine({
    env,
    memory,
    functions,
    globals,
    models: input.models ?? new Map(),
    macros,
    stepBudget: input.stepBudget ?? DEFAULT_STEP_BUDGET,
    unrunnable: input.unrunnable,
  });
}

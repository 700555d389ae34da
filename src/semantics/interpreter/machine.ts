/**
 * One emulated kernel: memory, the type environment, the C functions taken
 * from the images, the kernel models, a step budget, and what happened
 * (events). Interpreted functions and models are called the same way, by
 * name or through a function pointer.
 */
import type { CType, MacroDef } from '../../c/type-model.ts';
import type { SyntaxNode } from '../c-syntax.ts';
import type { Block } from './memory.ts';
import { Memory } from './memory.ts';
import type { TypeEnv } from './types.ts';
import type { Value } from './values.ts';
import { scalar } from './values.ts';
import { BudgetExceeded, KernelFault, NoModel, Unsupported } from './run-errors.ts';

export interface FunctionSource {
  name: string;
  /** The function_definition node. */
  node: SyntaxNode;
  file: string;
  isStatic: boolean;
}

export interface GlobalSource {
  name: string;
  /** The top-level declaration node. */
  node: SyntaxNode;
  /** The declarator (init_declarator or plain) naming this global. */
  declarator: SyntaxNode;
  file: string;
}

export interface Variable {
  addr: bigint;
  t: CType;
}

export class Frame {
  readonly fn: string;
  readonly returns: CType;
  readonly scopes: Map<string, Variable>[] = [new Map()];
  readonly blocks: Block[] = [];
  constructor(fn: string, returns: CType) {
    this.fn = fn;
    this.returns = returns;
  }
  lookup(name: string): Variable | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.get(name);
      if (v) return v;
    }
    return undefined;
  }
}

/** A kernel service implemented in TypeScript. */
export interface KernelModel {
  /** Called with evaluated (not yet converted) arguments. */
  call?: (m: Machine, args: Value[], site: string) => Value;
  /** For macro-like services that look at argument expressions without evaluating them (sizeof semantics). */
  callSyntax?: (m: Machine, frame: Frame, args: SyntaxNode[], site: string) => Value;
}

export interface MachineEvent {
  kind: string;
  message: string;
  where?: string;
}

export interface MachineOptions {
  env: TypeEnv;
  memory: Memory;
  functions: Map<string, FunctionSource>;
  globals: Map<string, GlobalSource>;
  models: Map<string, KernelModel>;
  macros: Map<string, MacroDef>;
  stepBudget: number;
  /** Names of functions that exist in the image but cannot run (unknown lines), with the reason. */
  unrunnable?: Map<string, string>;
}

export type Interpret = (m: Machine, fn: FunctionSource, args: Value[]) => Value;
export type InitGlobal = (m: Machine, g: GlobalSource, addr: bigint, t: CType) => void;
export type GlobalType = (m: Machine, g: GlobalSource) => CType;

export class Machine {
  readonly env: TypeEnv;
  readonly mem: Memory;
  readonly functions: Map<string, FunctionSource>;
  readonly globals: Map<string, GlobalSource>;
  readonly models: Map<string, KernelModel>;
  readonly macros: Map<string, MacroDef>;
  readonly unrunnable: Map<string, string>;
  readonly events: MachineEvent[] = [];
  /** Interpreted functions that ran. */
  readonly executed = new Set<string>();
  /** Calls made through function pointers (ops tables), with their results. */
  readonly indirectCalls: { name: string; site: string; result: bigint | null }[] = [];
  /** State of the kernel models, by model family (slab, dma-buf, vfio …). */
  readonly state = new Map<string, unknown>();
  readonly stepBudget: number;
  /** The statement being executed (function and line), for fault reports. */
  readonly at = { fn: '', line: 0 };
  steps = 0;
  depth = 0;
  private readonly funcAddrs = new Map<string, bigint>();
  private readonly funcNames = new Map<bigint, string>();
  private readonly globalVars = new Map<string, Variable>();
  private nextFunc: bigint;
  /** Set by interpreter/calls.ts (breaks the import cycle). */
  static interpret: Interpret;
  static initGlobal: InitGlobal;
  static globalType: GlobalType;

  constructor(o: MachineOptions) {
    this.env = o.env;
    this.mem = o.memory;
    this.functions = o.functions;
    this.globals = o.globals;
    this.models = o.models;
    this.macros = o.macros;
    this.unrunnable = o.unrunnable ?? new Map();
    this.stepBudget = o.stepBudget;
    this.nextFunc = o.memory.opts.pointerBytes === 8 ? 0xffffffff81000000n : 0xc1000000n;
  }

  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.stepBudget) throw new BudgetExceeded(`step budget of ${this.stepBudget} exhausted (runaway loop?)`);
  }

  event(kind: string, message: string, where?: string): void {
    this.events.push({ kind, message, where });
  }

  /** State object of a model family, created on first use. */
  stateOf<T>(key: string, create: () => T): T {
    let s = this.state.get(key) as T | undefined;
    if (s === undefined) {
      s = create();
      this.state.set(key, s);
    }
    return s;
  }

  /** A name that designates a function: extracted, known but not runnable, or modelled. */
  isFunctionName(name: string): boolean {
    return this.functions.has(name) || this.unrunnable.has(name) || !!this.models.get(name)?.call;
  }

  funcAddr(name: string): bigint {
    let a = this.funcAddrs.get(name);
    if (a === undefined) {
      a = this.nextFunc;
      this.nextFunc += 16n;
      this.funcAddrs.set(name, a);
      this.funcNames.set(a, name);
    }
    return a;
  }

  funcAt(addr: bigint): string | undefined {
    return this.funcNames.get(addr);
  }

  /** Address and type of a global defined in the images (materialised on first use). */
  global(name: string): Variable | undefined {
    let v = this.globalVars.get(name);
    if (v) return v;
    const g = this.globals.get(name);
    if (!g) return undefined;
    const t = Machine.globalType(this, g);
    const block = this.mem.allocate(this.env.sizeOf(t), 'kernel', 'global', `global ${name}`);
    v = { addr: block.base, t };
    this.globalVars.set(name, v);
    Machine.initGlobal(this, g, block.base, t);
    return v;
  }

  /** Register a kernel-owned object created by a model as a named global (e.g. a device). */
  defineGlobal(name: string, v: Variable): void {
    this.globalVars.set(name, v);
  }

  call(name: string, args: Value[], site: string): Value {
    this.step();
    const fn = this.functions.get(name);
    if (fn) {
      this.executed.add(name);
      if (this.depth > 200) throw new BudgetExceeded('call depth over 200 (unbounded recursion?)');
      this.depth++;
      try {
        return Machine.interpret(this, fn, args);
      } finally {
        this.depth--;
      }
    }
    const why = this.unrunnable.get(name);
    if (why) throw new Unsupported(`cannot run ${name}(): ${why}`);
    const model = this.models.get(name);
    if (model?.call) return model.call(this, args, site);
    if (model?.callSyntax) throw new Unsupported(`${name} is a macro-like model and cannot be called through a pointer`);
    throw new NoModel(name, site);
  }

  callAddress(addr: bigint, args: Value[], site: string): Value {
    const name = this.funcAt(addr);
    if (!name) {
      if (addr === 0n) throw new KernelFault('null-deref', `call through a NULL function pointer in ${site}`);
      throw new KernelFault('wild-pointer', `call through a pointer that is not a function (0x${addr.toString(16)}) in ${site}`);
    }
    const r = this.call(name, args, site);
    this.indirectCalls.push({ name, site, result: r.k === 'scalar' ? r.v : null });
    return r;
  }

  int(t: CType, v: bigint | number): Value {
    return scalar(t, BigInt(v));
  }
}

/**
 * Run one scenario against one side of the series (a fresh emulated kernel
 * each time), then against the other, and compare what userspace and the
 * devices observe. What the emulator could not run is an 'error' verdict
 * with the reason; what the kernel did wrong (faults, leaks) is recorded.
 */
import type { ScenarioReport, ScenarioVerdict } from '../report/report.ts';
import type { EmulatedKernel } from './emulated-kernel.ts';
import type { Machine } from './interpreter/machine.ts';
import { createMachine } from './interpreter/program.ts';
import { BudgetExceeded, KernelFault, Unsupported } from './interpreter/run-errors.ts';
import { scalarAbi } from './interpreter/abi-scalars.ts';
import { TypeEnv, ptrTo, ULONG, INT } from './interpreter/types.ts';
import { layoutRecord } from '../abi/layout/index.ts';
import { asScalar, scalar } from './interpreter/values.ts';
import { dmaBufState, closeFd } from './kernel/dma-buf.ts';
import { errnoName } from './kernel/errno.ts';
import { isErrValue, ptrErr } from './kernel/err-ptr.ts';
import { lockState } from './kernel/locking.ts';
import { createMlx5Device, deregisterMr, importerState, tagOfIndex } from './kernel/mlx5-importer.ts';
import { kernelModels } from './kernel/registry.ts';
import { slabState } from './kernel/slab.ts';
import { mapUser, userState } from './kernel/user-memory.ts';
import { createVfioPciDevice, registrationCount, vfioDeviceFeatureIoctl, type VfioDevice } from './kernel/vfio.ts';
import type { Scenario, ScenarioStep } from './scenarios/scenario-types.ts';
import { DEFAULT_DEVICE, DEFAULT_IMPORTER } from './scenarios/scenario-types.ts';
import { buildDmaBufRequest } from './user-request.ts';

export interface StepOutcome {
  op: string;
  result: string;
  /** What the device ends up using (for register-mr): steering-tag index, hint, the tag it stands for. */
  importer?: { st_index: number; ph: number; tag: number | null };
}

export interface SideOutcome {
  ran: boolean;
  /** Why it could not run (emulator limits, unknown lines, missing models). */
  reason?: string;
  steps: StepOutcome[];
  fault?: { kind: string; message: string; during: string };
  leaks: string[];
  /** Calls through ops tables during the steps (callee = result). */
  opCalls: string[];
  /** Allocation attempts (keys), for fault injection. */
  allocations: string[];
  /** Bytes the kernel read from the user argument beyond argsz (0 = none), and where. */
  readBeyondArgsz: number;
  readBeyondArgszAt?: string;
  userFaults: string[];
  warnings: string[];
  /** Reads of memory never written (uninitialised locals or kmalloc memory). */
  uninitialised: string[];
  /** Interpreter steps used. */
  interpreterSteps: number;
  /** Functions from the images that ran. */
  executed: string[];
}

export interface RunLimits {
  stepBudget?: number;
  memoryCapBytes?: number;
}

const userEnvs = new WeakMap<EmulatedKernel, TypeEnv>();

function userEnv(k: EmulatedKernel): TypeEnv {
  let env = userEnvs.get(k);
  if (!env) userEnvs.set(k, (env = new TypeEnv(k.model, scalarAbi(k.abi), (id) => layoutRecord(k.model, id, k.abi))));
  return env;
}

function result(v: number): string {
  return v >= 0 ? `${v}` : errnoName(v);
}

function newMachine(k: EmulatedKernel, limits: RunLimits): Machine {
  return createMachine({
    model: k.model,
    abi: k.abi,
    units: k.units,
    runnable: k.runnable,
    unrunnable: k.unrunnable,
    models: kernelModels(),
    stepBudget: limits.stepBudget,
    memoryCapBytes: limits.memoryCapBytes,
  });
}

function bigOf(s: string): bigint {
  return BigInt(s);
}

/** The kernel function each kind of step enters. */
export const STEP_ENTRY: Record<ScenarioStep['op'], string | null> = {
  'dma-buf-feature': 'vfio_pci_core_feature_dma_buf',
  'register-mr': 'reg_user_mr_dmabuf',
  close: null,
  'st-alloc-index': 'mlx5_st_alloc_index',
};

/** Why the scenario cannot run on `k` at all (an entry point missing or not fully known), or null. */
function entryProblem(k: EmulatedKernel, scenario: Scenario): string | null {
  for (const step of scenario.steps) {
    const entry = STEP_ENTRY[step.op];
    if (!entry || k.runnable.has(entry)) continue;
    const why = k.unrunnable.get(entry);
    return why ? `cannot run ${entry}(): ${why}` : `${entry}() is not in the images of the series ${k.side === 'before' ? 'base' : 'result'} (a kernel tree is needed)`;
  }
  return null;
}

/** Run `scenario` on kernel `k`, with userspace built against `user`'s uAPI header. */
export function runSide(k: EmulatedKernel, user: EmulatedKernel, scenario: Scenario, limits: RunLimits = {}): SideOutcome {
  const out: SideOutcome = { ran: true, steps: [], leaks: [], opCalls: [], allocations: [], readBeyondArgsz: 0, userFaults: [], warnings: [], interpreterSteps: 0, executed: [], uninitialised: [] };
  const blocked = entryProblem(k, scenario);
  if (blocked) return { ...out, ran: false, reason: blocked };
  let m: Machine;
  try {
    m = newMachine(k, limits);
  } catch (e) {
    return { ...out, ran: false, reason: (e as Error).message };
  }
  let phase = 'set-up';
  let vfio: VfioDevice | null = null;
  let initialRegistration = 0;
  const slab = slabState(m);
  slab.failKey = scenario.failAllocation ?? null;
  try {
    const dev = { ...DEFAULT_DEVICE, ...scenario.device };
    vfio = createVfioPciDevice(m, {
      bars: dev.bars.map((b) => ({ index: b.index, start: bigOf(b.start), length: bigOf(b.length), p2p: b.p2p })),
      memoryEnabled: dev.memoryEnabled,
      registered: dev.registered,
    });
    initialRegistration = registrationCount(m, vfio);
    const needsImporter = scenario.steps.some((s) => s.op === 'register-mr' || s.op === 'st-alloc-index');
    const stIndices: bigint[] = [];
    if (needsImporter) createMlx5Device(m, { ...DEFAULT_IMPORTER, ...scenario.importer });
    let lastFd = -1;
    for (const step of scenario.steps) {
      phase = step.op;
      const callsBefore = m.indirectCalls.length;
      if (step.op === 'dma-buf-feature') {
        const req = buildDmaBufRequest(userEnv(user), step.request);
        const argp = mapUser(m, req.bytes, 'ioctl argument');
        const r = vfioDeviceFeatureIoctl(m, vfio, argp);
        if (r >= 0) lastFd = r;
        out.steps.push({ op: step.op, result: r >= 0 ? `fd ${r}` : result(r) });
      } else if (step.op === 'register-mr') {
        const dev2 = importerState(m).device!;
        const fd = step.fd ?? lastFd;
        const mrBefore = importerState(m).mrs.length;
        const r = m.call('reg_user_mr_dmabuf', [
          scalar(ptrTo(m.env.recordByTag('ib_pd')), dev2.pd),
          scalar(ptrTo({ kind: 'void' }), 0n),
          scalar(ULONG, BigInt(step.offset ?? 0)),
          scalar(ULONG, BigInt(step.length ?? 4096)),
          scalar(ULONG, 0n),
          scalar(INT, BigInt(fd)),
          scalar(INT, BigInt(step.accessFlags ?? 1)),
          scalar(INT, 1n),
          scalar(ptrTo({ kind: 'void' }), 0n),
        ], 'ibv_reg_dmabuf_mr');
        const p = asScalar(r, 'reg_user_mr_dmabuf result').v;
        if (isErrValue(m, p)) out.steps.push({ op: step.op, result: errnoName(ptrErr(m, p)) });
        else {
          const mr = importerState(m).mrs[mrBefore];
          out.steps.push({
            op: step.op,
            result: 'ok',
            ...(mr ? { importer: { st_index: mr.stIndex, ph: mr.ph, tag: tagOfIndex(m, dev2, mr.stIndex) } } : {}),
          });
        }
      } else if (step.op === 'st-alloc-index') {
        const dev2 = importerState(m).device!;
        const out16 = m.mem.allocate(2, 'kernel', 'model', 'st_index result');
        const r = m.call('mlx5_st_alloc_index', [
          scalar(ptrTo(m.env.recordByTag('mlx5_core_dev')), dev2.mdev),
          scalar(INT, BigInt(step.memType ?? 1)),
          scalar({ kind: 'builtin', name: 'unsigned int' }, BigInt(step.cpu)),
          scalar(ptrTo({ kind: 'builtin', name: 'unsigned short' }), out16.base),
        ], 'mlx5_ib_alloc_dmah');
        const rv = Number(BigInt.asIntN(32, asScalar(r, 'mlx5_st_alloc_index').v));
        if (rv) out.steps.push({ op: step.op, result: errnoName(rv) });
        else {
          const idx = m.mem.readUInt(out16.base, 2);
          stIndices.push(idx);
          const tag = tagOfIndex(m, dev2, Number(idx));
          out.steps.push({ op: step.op, result: `index ${idx}${tag === null ? '' : ` (tag 0x${tag.toString(16)})`}` });
        }
      } else if (step.op === 'close') {
        out.steps.push({ op: step.op, result: result(closeFd(m, step.fd ?? lastFd)) });
      }
      for (const c of m.indirectCalls.slice(callsBefore)) {
        out.opCalls.push(`${c.name}() = ${c.result === null ? 'void' : errnoName(Number(BigInt.asIntN(32, c.result)))}`);
      }
    }
    // Teardown: the process exits — MRs are deregistered, fds closed.
    phase = 'teardown (process exit)';
    for (const mr of importerState(m).mrs.splice(0)) deregisterMr(m, mr);
    const imp = importerState(m).device;
    for (const idx of stIndices) {
      m.call('mlx5_st_dealloc_index', [scalar(ptrTo(m.env.recordByTag('mlx5_core_dev')), imp!.mdev), scalar({ kind: 'builtin', name: 'unsigned short' }, idx)], 'mlx5_ib_dealloc_dmah');
    }
    for (const fd of [...dmaBufState(m).fds.keys()]) closeFd(m, fd);
  } catch (e) {
    if (e instanceof KernelFault) out.fault = { kind: e.kind, message: m.at.fn ? `${e.message} in ${m.at.fn}:${m.at.line}` : e.message, during: phase };
    else if (e instanceof BudgetExceeded) out.fault = { kind: 'budget', message: e.message, during: phase };
    else if (e instanceof Unsupported) return { ...out, ran: false, reason: e.message, executed: [...m.executed] };
    else if (e instanceof Error) {
      // Layouts that cannot be computed, bad scenario data, or a defect of the emulator itself:
      // the scenario cannot be judged, and the reason is reported rather than crashing the review.
      const what = e.name === 'InputError' || e.name === 'LayoutError' ? '' : 'internal error in the emulator: ';
      return { ...out, ran: false, reason: `${what}${e.message}`, executed: [...m.executed] };
    } else throw e;
  }
  out.interpreterSteps = m.steps;
  out.uninitialised = [...new Set(m.events.filter((e) => e.kind === 'uninitialised-read').map((e) => e.message))];
  out.executed = [...m.executed];
  out.allocations = slab.attempts.map((a) => a.key);
  if (!out.fault) {
    for (const a of slab.live.values()) out.leaks.push(`${a.size} bytes allocated at ${a.site}`);
    for (const site of lockState(m).held.values()) out.leaks.push(`lock taken at ${site} still held`);
    if (vfio) {
      const now = registrationCount(m, vfio);
      if (now !== initialRegistration) out.leaks.push(`vfio device registration count ${now}, expected ${initialRegistration} (${now > initialRegistration ? 'reference leaked' : 'reference dropped twice'})`);
    }
  }
  const us = userState(m);
  if (us.declared && us.readUpTo > us.declared.length) {
    out.readBeyondArgsz = us.readUpTo - us.declared.length;
    if (us.readUpToSite) out.readBeyondArgszAt = us.readUpToSite;
  }
  out.userFaults = us.faults.map((f) => `${f.site}: copied ${f.copied} of ${f.requested} bytes (hole at 0x${f.addr.toString(16)})`);
  out.warnings = m.events.filter((e) => ['warning', 'refcount-warning', 'undefined-behaviour', 'missing-return'].includes(e.kind)).map((e) => e.message);
  return out;
}

/** What a scenario's verdict compares: what userspace and the devices see, and whether the kernel broke. */
function observable(o: SideOutcome): string {
  return JSON.stringify({ steps: o.steps, fault: o.fault?.kind ?? null, leaks: o.leaks.length > 0 });
}

function rejected(o: SideOutcome): boolean {
  return !!o.fault || o.steps.some((s) => s.result.startsWith('-'));
}

export function verdictOf(before: SideOutcome, after: SideOutcome): ScenarioVerdict {
  if (!before.ran || !after.ran) return 'error';
  if (observable(before) === observable(after)) return 'unchanged';
  const rb = rejected(before);
  const ra = rejected(after);
  if (rb && !ra) return 'new-accepted';
  if (!rb && ra) return 'newly-rejected';
  return 'changed';
}

export function sideReport(o: SideOutcome): Record<string, unknown> {
  if (!o.ran) return { ran: false, reason: o.reason };
  const r: Record<string, unknown> = { result: o.steps.map((s) => s.result).join(', ') || 'nothing run' };
  const imp = o.steps.find((s) => s.importer)?.importer;
  if (imp) r.importer = imp;
  if (o.fault) r.fault = o.fault;
  if (o.leaks.length) r.leaks = o.leaks;
  if (o.opCalls.length) r.opCalls = o.opCalls;
  if (o.readBeyondArgsz) r.readBeyondArgsz = o.readBeyondArgsz;
  if (o.userFaults.length) r.userFaults = o.userFaults;
  if (o.warnings.length) r.warnings = o.warnings;
  if (o.uninitialised.length) r.uninitialised = o.uninitialised;
  return r;
}

export interface ScenarioRun {
  scenario: Scenario;
  before: SideOutcome;
  after: SideOutcome;
  report: ScenarioReport;
}

export function runScenario(before: EmulatedKernel, after: EmulatedKernel, scenario: Scenario, limits: RunLimits = {}): ScenarioRun {
  const user = scenario.userspace === 'before' ? before : after;
  const b = runSide(before, user, scenario, limits);
  const a = runSide(after, user, scenario, limits);
  return {
    scenario,
    before: b,
    after: a,
    report: {
      name: scenario.name,
      input: { purpose: scenario.purpose, userspace: `built against the ${scenario.userspace === 'before' ? 'old' : 'new'} uAPI header`, steps: scenario.steps, ...(scenario.failAllocation ? { failAllocation: scenario.failAllocation } : {}), ...(scenario.importer ? { importer: scenario.importer } : {}), ...(scenario.device ? { device: scenario.device } : {}) },
      before: sideReport(b),
      after: sideReport(a),
      verdict: verdictOf(b, a),
    },
  };
}

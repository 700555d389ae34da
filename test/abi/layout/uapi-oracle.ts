/**
 * The GCC oracle over the system's uAPI headers: for one ABI, every header
 * under the uAPI directories (UAPI_DIRS: linux/, the ABI's own asm/,
 * asm-generic/, drm/, rdma/ …) of that ABI's include directories is laid out
 * by the tool and by GCC, and every struct/union it declares is compared.
 */
import { fork } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { AbiName, RecordLayout } from '../../../src/abi/layout-types.ts';
import { layoutHeaderFile } from '../../../src/cli/layout-command.ts';
import { gccRecordsCached, type GccResult } from './gcc/gcc-layouts.ts';
import { limiter } from './gcc/run-process.ts';
import { toolchainFor } from './gcc/toolchain.ts';
import { firstDifference } from './oracle-compare.ts';

/** What `make headers_install` exports (Debian's linux-libc-dev), plus drm/ and scsi/ where installed. */
export const UAPI_DIRS = ['linux', 'asm', 'asm-generic', 'drm', 'rdma', 'misc', 'mtd', 'sound', 'scsi', 'video', 'xen'];

/** Include names (`linux/vfio.h`, `rdma/hfi/hfi1_user.h`) of the uAPI headers installed for `abi`. */
export function uapiHeaders(abi: AbiName, dirs = UAPI_DIRS): string[] {
  const out = new Set<string>();
  for (const root of toolchainFor(abi).uapiRoots) for (const d of dirs) walkHeaders(root, d, out);
  return [...out];
}

/** Where the header `name` of `abi` is: the first uAPI root holding it. */
export function uapiHeaderPath(abi: AbiName, name: string): string {
  const roots = toolchainFor(abi).uapiRoots;
  return roots.map((r) => join(r, name)).find((p) => existsSync(p)) ?? join(roots[0]!, name);
}

function walkHeaders(root: string, dir: string, out: Set<string>): void {
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const r = `${rel}/${n}`;
      const st = statSync(join(root, r));
      if (st.isDirectory()) walk(r);
      else if (n.endsWith('.h')) out.add(r);
    }
  };
  walk(dir);
}

export interface HeaderOutcome {
  header: string;
  /** Set when the header was not compared, with the reason. */
  notProcessed?: string;
  compared: number;
  equal: number;
  /** `record: first difference` for each disagreement. */
  differences: string[];
  /** Front-end errors on a header GCC compiled (reported, not fatal by themselves). */
  toolDiagnostics: string[];
}

export interface AbiOutcome {
  abi: AbiName;
  headers: HeaderOutcome[];
}

function compareRecords(header: string, gcc: RecordLayout[], tool: RecordLayout[]): Pick<HeaderOutcome, 'compared' | 'equal' | 'differences'> {
  const key = (r: RecordLayout) => `${r.kind} ${r.name}`;
  const toolBy = new Map(tool.map((r) => [key(r), r]));
  const gccKeys = new Set(gcc.map(key));
  let equal = 0;
  const differences: string[] = [];
  for (const g of gcc) {
    const t = toolBy.get(key(g));
    if (!t) {
      differences.push(`${header}: ${key(g)}: GCC has it, the tool does not`);
      continue;
    }
    const d = firstDifference(g, t);
    if (d) differences.push(`${header}: ${key(g)}: ${d}`);
    else equal++;
  }
  for (const t of tool) if (!gccKeys.has(key(t))) differences.push(`${header}: ${key(t)}: the tool has it, GCC does not`);
  return { compared: gcc.length, equal, differences };
}

/** The C name `_Alignof` needs for a record the tool listed. */
function cName(r: RecordLayout): string {
  return r.typedef ? r.name : `${r.kind} ${r.name}`;
}

export type ToolRun =
  | { ok: true; layout: Pick<ReturnType<typeof layoutHeaderFile>, 'records' | 'failures' | 'diagnostics'> }
  | { ok: false; reason: string };

const WORKER = fileURLToPath(new URL('./tool-layouts-worker.ts', import.meta.url));

/** The tool's layouts of `headers` on `abi`, computed in a child process. */
export function toolRunsInChild(abi: AbiName, headers: string[]): Promise<ToolRun[]> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(WORKER, [], { execArgv: ['--import', new URL('../../../bin/load-typescript.mjs', import.meta.url).pathname], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let done = false;
    child.once('message', (runs) => {
      done = true;
      resolvePromise(runs as ToolRun[]);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!done) reject(new Error(`tool worker for ${abi} exited with ${code} before answering`));
    });
    child.send({ abi, headers });
  });
}

/**
 * Compares the tool with GCC on every header of `headers` for `abi`. GCC
 * runs through `limit` (cached), probing `_Alignof` of the record names the
 * tool found in the same compile; GCC's result does not depend on those
 * names (records GCC has and the tool lacks are probed separately).
 */
export async function runOracle(abi: AbiName, headers: string[], limit = limiter(2), tool?: ToolRun[]): Promise<AbiOutcome> {
  const toolRuns = tool ?? (await toolRunsInChild(abi, headers));
  const gccRuns = headers.map((header, i) => {
    const t = toolRuns[i]!;
    const names = t.ok ? t.layout.records.map(cName) : [];
    return limit(() => gccRecordsCached(abi, header, uapiHeaderPath(abi, header), names))
      .catch((e: unknown): GccResult => ({ ok: false, reason: `oracle failure: ${(e as Error).message}` }));
  });
  const outcomes: HeaderOutcome[] = [];
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    const tool = toolRuns[i]!;
    const gcc = await gccRuns[i]!;
    const base: HeaderOutcome = { header, compared: 0, equal: 0, differences: [], toolDiagnostics: [] };
    if (!gcc.ok) {
      outcomes.push({ ...base, notProcessed: gcc.reason });
      continue;
    }
    if (!tool.ok) {
      outcomes.push({ ...base, compared: gcc.records.length, notProcessed: `tool: ${tool.reason}`, differences: [`${header}: the tool could not process it: ${tool.reason}`] });
      continue;
    }
    const cmp = compareRecords(header, gcc.records, tool.layout.records);
    for (const f of tool.layout.failures) cmp.differences.push(`${header}: ${f.name}: the tool could not lay it out: ${f.reason}`);
    outcomes.push({
      ...base,
      ...cmp,
      toolDiagnostics: tool.layout.diagnostics.map((d) => `${d.loc.file}:${d.loc.line}: ${d.message}`),
    });
  }
  return { abi, headers: outcomes };
}

export function summarise(o: AbiOutcome): string {
  const compared = o.headers.reduce((n, h) => n + h.compared, 0);
  const equal = o.headers.reduce((n, h) => n + h.equal, 0);
  const differing = o.headers.reduce((n, h) => n + h.differences.length, 0);
  const skipped = o.headers.filter((h) => h.notProcessed);
  const lines = [
    `${o.abi}: ${o.headers.length} headers, ${compared} records compared, ${equal} equal, ${differing} differing, ${skipped.length} headers not processed`,
    ...skipped.map((h) => `  not processed: ${h.header}: ${h.notProcessed}`),
    ...o.headers.flatMap((h) => h.differences.map((d) => `  DIFF ${d}`)),
    ...o.headers.flatMap((h) => h.toolDiagnostics.slice(0, 3).map((d) => `  tool diagnostic (${h.header}): ${d}`)),
  ];
  return lines.join('\n');
}

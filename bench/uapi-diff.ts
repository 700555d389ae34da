/**
 * Diffs two installed sets of uAPI headers (e.g. two linux-libc-dev versions)
 * with the uAPI diff and rule catalogue, and prints counts, timing and every
 * finding. Each set is a directory holding `linux/`, `asm-generic/` and `asm/`
 * (symlinks are fine); the same `asm/` should be given to both so that only
 * the version difference shows.
 *
 *   node --import ./bin/load-typescript.mjs bench/uapi-diff.ts OLD_DIR NEW_DIR [--abi x86_64,i386] [--only bpf.h,fuse.h] [--libc DIRS] [--json OUT]
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { buildTypeModel } from '../src/c/build-type-model.ts';
import type { TypeModel } from '../src/c/type-model.ts';
import { ABI_NAMES, type AbiName } from '../src/abi/layout-types.ts';
import { diffFile } from '../src/abi/diff/diff-file.ts';
import { layoutRecord, sizeAlignOf } from '../src/abi/layout/index.ts';
import { RULES } from '../src/abi/rules/index.ts';
import type { Finding } from '../src/report/report.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const [oldDir, newDir] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
if (!oldDir || !newDir) {
  process.stderr.write('usage: bench/uapi-diff.ts OLD_DIR NEW_DIR [--abi LIST] [--only LIST] [--json OUT]\n');
  process.exit(3);
}
const abis = (arg('--abi')?.split(',') ?? [...ABI_NAMES]) as AbiName[];
const only = arg('--only')?.split(',');

const names = [...new Set([...readdirSync(`${oldDir}/linux`), ...readdirSync(`${newDir}/linux`)])].filter((n) => n.endsWith('.h') && (!only || only.includes(n))).sort();
const engine = { layoutRecord, sizeAlignOf };
/** Some uAPI headers include libc ones (<stdint.h>, <sys/socket.h>) outside __KERNEL__. */
const LIBC_DIRS = (arg('--libc') ?? '/usr/include,/usr/include/x86_64-linux-gnu').split(',').filter(Boolean);

function models(dir: string, name: string): Partial<Record<AbiName, TypeModel>> | null {
  const file = `${dir}/linux/${name}`;
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  return Object.fromEntries(abis.map((abi) => [abi, buildTypeModel({ path: `include/uapi/linux/${name}`, text }, { abi, kernel: false, includeDirs: [dir, ...LIBC_DIRS] })]));
}

const t0 = performance.now();
let changed = 0;
let parseMs = 0;
let diffMs = 0;
const findings: Finding[] = [];
const notes: string[] = [];
for (const name of names) {
  const a = `${oldDir}/linux/${name}`;
  const b = `${newDir}/linux/${name}`;
  if (existsSync(a) && existsSync(b) && readFileSync(a, 'utf8') === readFileSync(b, 'utf8')) continue;
  changed++;
  const p0 = performance.now();
  const before = models(oldDir, name);
  const after = models(newDir, name);
  const p1 = performance.now();
  const path = `include/uapi/linux/${name}`;
  const diff = diffFile({ path, scope: 'uapi-header', abis, before, after, engine });
  const fs = RULES.filter((r) => r.scopes.includes('uapi-header')).flatMap((r) => r.check({ patch: 1, diff, code: [], seriesCode: [], implementations: [], calls: [], variableDeclarations: [], variableUses: [], abis }));
  const p2 = performance.now();
  parseMs += p1 - p0;
  diffMs += p2 - p1;
  findings.push(...fs);
  notes.push(...diff.notes);
  process.stderr.write(`${name}: ${fs.length} findings (${Math.round(p1 - p0)} ms models, ${Math.round(p2 - p1)} ms diff)\n`);
}
const total = performance.now() - t0;

const byRule = new Map<string, number>();
for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
const byLevel = { error: 0, warning: 0, note: 0 };
for (const f of findings) byLevel[f.level]++;
console.log(`headers: ${names.length} in the union, ${changed} differ; ABIs: ${abis.join(', ')}`);
console.log(`time: ${Math.round(total)} ms total (${Math.round(parseMs)} ms building models, ${Math.round(diffMs)} ms diff+rules)`);
console.log(`findings: ${findings.length} (${byLevel.error} errors, ${byLevel.warning} warnings, ${byLevel.note} notes)`);
for (const [r, n] of [...byRule].sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(5)}  ${r}`);
console.log('');
for (const f of findings.filter((x) => x.level !== 'note')) console.log(`[${f.level}] ${f.rule} ${f.file}:${f.line ?? '-'} ${f.symbol} [${f.abis.length === abis.length ? 'all' : f.abis.join(',')}]\n    ${f.message}`);
if (notes.length) console.log(`\nnotes (${notes.length}):\n${[...new Set(notes)].slice(0, 30).map((n) => `  - ${n}`).join('\n')}`);
const out = arg('--json');
if (out) writeFileSync(out, JSON.stringify({ abis, changed, totalMs: total, findings }, null, 2));

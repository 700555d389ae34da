/**
 * A series that changes an op's signature: the implementations it leaves with
 * the old prototype are named by kabi.op-signature-changed (the kernel
 * builds with -Werror=incompatible-pointer-types), whether an initializer or
 * an assignment at run time fills the slot. Those in the files the
 * series touches are read as it leaves them; with a kernel tree, the others
 * are read from the tree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../support/temp-dirs.ts';
import { wholeFileDiff as rewrite } from '../support/whole-file-diff.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const tempDir = tempDirs('abi-check-op-impl-');

const HEADER = 'include/linux/demo_bus.h';
const header = (probe: string) =>
  `#ifndef _DEMO_BUS_H\n#define _DEMO_BUS_H\nstruct demo_dev;\nstruct demo_bus_ops {\n\t${probe};\n\tvoid (*remove)(struct demo_dev *dev);\n\tint (*suspend)(struct demo_dev *dev);\n};\n#endif\n`;
const OLD = 'int (*probe)(struct demo_dev *dev)';
const NEW = 'int (*probe)(struct demo_dev *dev, unsigned long flags)';
const driver = (name: string, params: string) =>
  `// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_bus.h>\n\nstatic int ${name}_probe(${params})\n{\n\treturn 0;\n}\n\nstatic const struct demo_bus_ops ${name}_ops = {\n\t.probe = ${name}_probe,\n};\n`;

/** A driver putting its probe in two ops tables. */
const delta = (params: string) => `${driver('delta', params)}\nstatic const struct demo_bus_ops delta_ops2 = {\n\t.probe = delta_probe,\n};\n`;

/** One mail of a series of `of`. */
function mail(n: number, of: number, subject: string, diffs: string[]): string {
  return `From 0123456789abcdef0123456789abcdef0123456${n} Mon Sep 17 00:00:00 2001\nFrom: A Developer <dev@example.com>\nDate: Tue, 1 Apr 2025 10:00:0${n} +0200\nSubject: [PATCH ${n}/${of}] ${subject}\n\n${subject}.\n\n---\n${diffs.join('')}-- \n2.43.0\n\n`;
}

/** Runs the series (one patch per list of diffs) on a tree where alpha's and delta's probes take `alphaParams`. */
async function runSeries(patches: string[][], alphaParams = 'struct demo_dev *dev', more: Record<string, string> = {}) {
  const dir = tempDir();
  const root = writeFiles(join(dir, 'tree'), {
    ...more,
    [HEADER]: header(OLD),
    'drivers/demo/alpha.c': driver('alpha', alphaParams),
    'drivers/demo/beta.c': driver('beta', 'struct demo_dev *dev'),
    // written with another spelling than the header's: not what the old prototype says, not named
    'drivers/demo/gamma.c': driver('gamma', 'struct demo_dev *dev, ulong flags'),
    // one function in two initializers: named once
    'drivers/demo/delta.c': delta(alphaParams),
  });
  const mbox = join(dir, 'op.mbox');
  writeFileSync(mbox, patches.map((diffs, i) => mail(i + 1, patches.length, `demo: step ${i + 1}`, diffs)).join(''));
  const r = await runPipeline({ target: mbox, tree: root, offline: true, abis: ['x86_64'], emulateAbi: 'x86_64', behaviour: false });
  return r.report.findings.filter((f) => f.rule === 'kabi.op-signature-changed');
}

const run = (diffs: string[], alphaParams?: string) => runSeries([diffs], alphaParams);

describe('implementations left with the old prototype', () => {
  it('names those in the tree the series does not convert, not those it converts', async () => {
    const ops = rewrite(HEADER, header(OLD), header(NEW));
    const beta = rewrite('drivers/demo/beta.c', driver('beta', 'struct demo_dev *dev'), driver('beta', 'struct demo_dev *dev, unsigned long flags'));
    const [f, ...more] = await run([ops, beta]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('2 implementations keep the old prototype after this patch');
    expect(f!.message).toContain('alpha_probe (drivers/demo/alpha.c:4), delta_probe (drivers/demo/delta.c:4).');
    expect(f!.message).not.toContain('beta_probe');
    expect(f!.message).not.toContain('gamma_probe');
    expect(f!.suggestion).toContain('Convert these 2 implementations in the same patch');
  });

  it('names those the series\' own files leave unconverted', async () => {
    const ops = rewrite(HEADER, header(OLD), header(NEW));
    // the series touches beta.c without converting its probe
    const beta = rewrite('drivers/demo/beta.c', driver('beta', 'struct demo_dev *dev'), driver('beta', 'struct demo_dev *dev').replace('return 0;', 'return 1;'));
    const [f] = await run([ops, beta]);
    expect(f!.message).toContain('3 implementations keep the old prototype');
    expect(f!.message).toContain('alpha_probe (drivers/demo/alpha.c:4), beta_probe (drivers/demo/beta.c:4), delta_probe (drivers/demo/delta.c:4)');
  });

  it('says nothing more when every implementation is converted', async () => {
    const diffs = [
      rewrite(HEADER, header(OLD), header(NEW)),
      ...['alpha', 'beta'].map((n) => rewrite(`drivers/demo/${n}.c`, driver(n, 'struct demo_dev *dev'), driver(n, 'struct demo_dev *dev, unsigned long flags'))),
      rewrite('drivers/demo/delta.c', delta('struct demo_dev *dev'), delta('struct demo_dev *dev, unsigned long flags')),
    ];
    const [f] = await run(diffs);
    expect(f!.message).not.toContain('old prototype after this patch');
    expect(f!.suggestion).toContain('Fine in-tree');
  });

  it('an op that only gains const: named when implementations keep the old qualifiers, and only then', async () => {
    const CONST = 'int (*probe)(const struct demo_dev *dev)';
    const ops = rewrite(HEADER, header(OLD), header(CONST));
    const beta = rewrite('drivers/demo/beta.c', driver('beta', 'struct demo_dev *dev'), driver('beta', 'const struct demo_dev *dev'));
    const [f, ...more] = await run([ops, beta]);
    expect(more).toEqual([]);
    expect(f!.message).toContain('`probe` changes only in qualifiers: `int (*probe)(struct demo_dev *dev);` → `int (*probe)(const struct demo_dev *dev);`');
    expect(f!.message).toContain('2 implementations keep the old prototype after this patch');
    expect(f!.message).toContain('alpha_probe (drivers/demo/alpha.c:4), delta_probe (drivers/demo/delta.c:4).');
    expect(f!.message).not.toContain('beta_probe');
    // alpha and delta already takes a const pointer (a tree where it was converted first): nothing to say
    expect(await run([ops, beta], 'const struct demo_dev *dev')).toEqual([]);
  });

  it('slots filled at run time (`ops->probe = fn;`) where the function declares the variable as the struct: named too', async () => {
    const runtime =
      '// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_bus.h>\n\nstruct other_ops {\n\tint (*probe)(struct demo_dev *dev);\n};\n\n' +
      'static int eps_probe(struct demo_dev *dev)\n{\n\treturn 0;\n}\n\nstatic int zeta_probe(struct demo_dev *dev)\n{\n\treturn 0;\n}\n\n' +
      'static void eps_setup(struct demo_bus_ops *ops, struct other_ops *other)\n{\n\tops->probe = eps_probe;\n\tother->probe = zeta_probe;\n}\n\n' +
      'static void eps_local(void)\n{\n\tstruct demo_bus_ops ops;\n\n\tops.remove = NULL;\n\tops.probe = &eps_probe;\n}\n';
    const [f] = await runSeries([[rewrite(HEADER, header(OLD), header(NEW))]], undefined, { 'drivers/demo/epsilon.c': runtime });
    expect(f!.message).toContain('4 implementations keep the old prototype after this patch');
    expect(f!.message).toContain('alpha_probe (drivers/demo/alpha.c:4), beta_probe (drivers/demo/beta.c:4), delta_probe (drivers/demo/delta.c:4), eps_probe (drivers/demo/epsilon.c:8).');
    // another struct's `probe`: not this slot
    expect(f!.message).not.toContain('zeta_probe');
  });

  it('slots reached through a struct that holds the ops (`h->ops.probe = fn;`): named where a header or the file defines the holder', async () => {
    const holder = '#ifndef _DEMO_HOLDER_H\n#define _DEMO_HOLDER_H\n#include <linux/demo_bus.h>\nstruct other_ops;\n\nstruct demo_holder {\n\tint id;\n\tstruct demo_bus_ops ops;\n\tstruct other_ops *other;\n};\n#endif\n';
    const user =
      '// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_holder.h>\n\nstruct eta_priv {\n\tstruct demo_bus_ops bus;\n};\n\n' +
      'static int eta_probe(struct demo_dev *dev)\n{\n\treturn 0;\n}\n\nstatic int theta_probe(struct demo_dev *dev)\n{\n\treturn 0;\n}\n\nstatic int iota_probe(struct demo_dev *dev)\n{\n\treturn 0;\n}\n\n' +
      'static void eta_setup(struct demo_holder *h, struct eta_priv *priv)\n{\n\th->ops.probe = eta_probe;\n\tpriv->bus.probe = theta_probe;\n\th->other.probe = iota_probe;\n}\n';
    const [f] = await runSeries([[rewrite(HEADER, header(OLD), header(NEW))]], undefined, { 'include/linux/demo_holder.h': holder, 'drivers/demo/eta.c': user });
    expect(f!.message).toContain('eta_probe (drivers/demo/eta.c:8)');
    expect(f!.message).toContain('theta_probe (drivers/demo/eta.c:13)');
    // `other` is no struct demo_bus_ops
    expect(f!.message).not.toContain('iota_probe');
  });

  it('a patch that changes the op while a later one converts the drivers: what breaks the build in between', async () => {
    const convert = ['alpha', 'beta'].map((n) => rewrite(`drivers/demo/${n}.c`, driver(n, 'struct demo_dev *dev'), driver(n, 'struct demo_dev *dev, unsigned long flags')));
    convert.push(rewrite('drivers/demo/delta.c', delta('struct demo_dev *dev'), delta('struct demo_dev *dev, unsigned long flags')));
    const findings = await runSeries([[rewrite(HEADER, header(OLD), header(NEW))], convert]);
    expect(findings.map((f) => f.patch)).toEqual([1]);
    expect(findings[0]!.message).toContain('3 implementations keep the old prototype after this patch');
    expect(findings[0]!.message).toContain('alpha_probe (drivers/demo/alpha.c:4), beta_probe (drivers/demo/beta.c:4), delta_probe (drivers/demo/delta.c:4).');
  });
});

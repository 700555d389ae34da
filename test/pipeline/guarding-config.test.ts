/**
 * In-kernel headers put most of their API under `#ifdef CONFIG_…`. A tree
 * whose configuration leaves the option off (here: no configuration and no
 * Kconfig, so every option but the architecture's is off) would hide what
 * the series changes there: the headers are read with the options guarding
 * the changed lines on, and a note says which.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs, writeFiles } from '../support/temp-dirs.ts';
import { wholeFileDiff as rewrite } from '../support/whole-file-diff.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';

const tempDir = tempDirs('abi-check-guarding-config-');

const HEADER = 'include/linux/demo_dev.h';
const header = (proto: string, member: string) => [
  '#ifndef _DEMO_DEV_H', '#define _DEMO_DEV_H',
  'struct demo_dev {', '\tint id;', '#ifdef CONFIG_DEMO_STATS', `\t${member}`, '#endif', '\tint flags;', '};',
  '#ifdef CONFIG_DEMO', proto, '#else', 'static inline int demo_enable(struct demo_dev *d) { return 0; }', '#endif',
  '#endif', '',
].join('\n');
const user = '// SPDX-License-Identifier: GPL-2.0\n#include <linux/demo_dev.h>\n\nstatic int demo_probe(struct demo_dev *d)\n{\n\treturn demo_enable(d);\n}\n';

async function run(before: string, after: string) {
  const dir = tempDir();
  const root = writeFiles(join(dir, 'tree'), { [HEADER]: before, 'drivers/demo/probe.c': user });
  const patch = join(dir, 'demo.patch');
  writeFileSync(patch, `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: change the API\n\n---\n${rewrite(HEADER, before, after)}`);
  const r = await runPipeline({ target: patch, tree: root, offline: true, abis: ['x86_64'], emulateAbi: 'x86_64', behaviour: false });
  return r.report;
}

describe('changes under a Kconfig option the configuration leaves off', () => {
  it('a prototype under #ifdef CONFIG_DEMO given a parameter: compared, its call named', async () => {
    const report = await run(header('int demo_enable(struct demo_dev *d);', 'long hits;'), header('int demo_enable(struct demo_dev *d, unsigned int flags);', 'long hits;'));
    const f = report.findings.filter((x) => x.rule === 'kabi.function-signature-changed');
    expect(f.map((x) => x.symbol)).toEqual(['demo_enable']);
    expect(f[0]!.message).toContain('One call still passes the old number of arguments after this patch, and a call with the wrong number does not compile, so the build breaks: drivers/demo/probe.c:6.');
    expect(report.notes).toContain('in-kernel headers were read with CONFIG_DEMO on, whatever the configuration says: it guards lines the series changes');
  });

  it('a member under #ifdef CONFIG_DEMO_STATS changing type: the layout shift is told', async () => {
    const report = await run(header('int demo_enable(struct demo_dev *d);', 'int hits;'), header('int demo_enable(struct demo_dev *d);', 'long long hits;'));
    const resized = report.findings.filter((x) => x.rule === 'kabi.member-resized');
    expect(resized.map((x) => x.symbol)).toEqual(['struct demo_dev.hits']);
    expect(resized[0]!.message).toContain('2 members move on x86_64: hits 4→8, flags 8→16.');
    expect(report.notes).toContain('in-kernel headers were read with CONFIG_DEMO_STATS on, whatever the configuration says: it guards lines the series changes');
  });
});

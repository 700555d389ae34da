/**
 * The behaviour stage on a series no scenario concerns (a driver's sysfs
 * code, nothing on the VFIO / dma-buf path): it decides so from the series'
 * own files and builds no kernel model at all. Building both kernels of a
 * large series (every touched file read with all it includes, twice) is
 * what ran a 76-file 6.1 → 6.12 drivers/cxl, nvme and thermal change out of
 * memory; the stage's result for such a series is the same without it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import { analyseBehaviour } from '../../src/semantics/analyse-behaviour.ts';
import type { BuildModel } from '../../src/semantics/emulated-kernel.ts';
import { buildImages } from '../../src/tree/build-images.ts';
import { tempDirs, writeFiles } from '../support/temp-dirs.ts';

const dirs = tempDirs('abi-check-unrelated-behaviour-');

const BEFORE = '#include <linux/device.h>\n\nstatic int demo_probe(struct device *dev)\n{\n\treturn 0;\n}\n';
const AFTER = '#include <linux/device.h>\n\nstatic int demo_probe(struct device *dev)\n{\n\tif (!dev)\n\t\treturn -EINVAL;\n\treturn 0;\n}\n';

function patchOf(path: string, before: string, after: string): string {
  const b = before.replace(/\n$/, '').split('\n');
  const a = after.replace(/\n$/, '').split('\n');
  return `From: A Developer <dev@example.com>\nSubject: [PATCH] demo: check dev\n\n---\ndiff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,${b.length} +1,${a.length} @@\n${b.map((l) => `-${l}\n`).join('')}${a.map((l) => `+${l}\n`).join('')}`;
}

describe('a series no scenario concerns', () => {
  it('is said to be so, and no kernel model is built', async () => {
    const dir = dirs();
    const tree = writeFiles(join(dir, 'tree'), { 'drivers/misc/demo.c': BEFORE });
    const file = join(dir, 'demo.patch');
    writeFileSync(file, patchOf('drivers/misc/demo.c', BEFORE, AFTER));
    const series = await acquireSeries(file, { offline: true });
    const images = await buildImages(series, { tree, offline: true });
    let built = 0;
    const buildModel: BuildModel = (f, abi, kernel) => {
      built++;
      return buildTypeModel(f, { abi, kernel, includeDirs: [] });
    };
    const r = analyseBehaviour({ series, images, abi: 'x86_64', buildModel });
    expect(built).toBe(0);
    expect(r.scenarios).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.notes).toEqual([
      'the series changes 1 function in 1 .c file (demo_probe()), none of which a scenario drives: the emulator\'s scenarios cover VFIO_DEVICE_FEATURE_DMA_BUF and the mlx5 dma-buf MR importer; the kernel before and after the series was not built',
    ]);
  });
});

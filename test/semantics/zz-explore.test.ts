import { test } from 'vitest';
import { acquireSeries } from '../../src/patchwork/acquire.ts';
import { analyseBehaviour } from '../../src/semantics/analyse-behaviour.ts';
import { buildTypeModel } from '../../src/c/build-type-model.ts';
import { imagesFromKernelTree } from './support/kernel-tree-images.ts';
test('explore', async () => {
  const series = await acquireSeries('fixtures/mail/series-tph-v1.mbox', { offline: true });
  const images = imagesFromKernelTree(series);
  const t0 = performance.now();
  const r = analyseBehaviour({ series, images, abi: 'x86_64', buildModel: (f, abi, kernel) => buildTypeModel(f, { abi, kernel, includeDirs: [] }) });
  console.log('ms', performance.now() - t0);
  console.log(r.notes.join('\n'));
  for (const s of r.scenarios) console.log(s.verdict.padEnd(15), s.name.padEnd(60), JSON.stringify(s.before).slice(0, 250), '|', JSON.stringify(s.after).slice(0, 350));
  for (const f of r.findings) console.log(f.rule, f.level, f.symbol, f.message);
}, 120000);
